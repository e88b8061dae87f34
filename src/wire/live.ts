// The live profile: stored records to response bodies as Workato's live service answers (fidelity notes).
import type { PolicyRecord, ServerRecord, ToolRecord } from '../schemas/state.js'
import { ErrorBody } from '../schemas/common.js'
import { UserGroup, UserGroupList } from '../schemas/user-groups.js'
import {
  LivePolicy, LiveServer, LiveServerEnvelope, LiveServerList, LiveTool, LiveToolList, LiveUpdatePolicyBody,
  type LiveLimit
} from '../schemas/live.js'
import { projectOf } from '../domain/servers.js'
import { liveServerId } from '../domain/server-ids.js'
import { catalogKey, type Workspace } from '../domain/world.js'
import { limitsOf } from '../mcp/limiter.js'
import type { PolicyInput } from '../domain/policies.js'
import { docsProfile, userGroup } from './docs.js'
import type { WireProfile } from './profile.js'

export const VUA_UNDER_TOKEN = 'Verified User Access tools are not supported with token authentication'

/** Live mcp_urls carry the token as `wkt_token` (the MCP endpoint accepts both spellings). */
export function liveMcpUrl (publicUrl: string, server: ServerRecord): string {
  return `${publicUrl}/mcp/servers/${server.handle}?wkt_token=${server.token}`
}

export function liveServer (ws: Workspace, s: ServerRecord, publicUrl: string): LiveServer {
  const folder = ws.folders.get(s.folder_id)!
  const collection = s.asset_id === null ? undefined : ws.collections.get(s.asset_id)
  return {
    id: liveServerId(s.id),
    name: s.name,
    description: s.description,
    asset_type: s.asset_id === null ? 'project_asset' : 'api_collection',
    logo_url: s.logo_url,
    mcp_url: liveMcpUrl(publicUrl, s),
    auth_type: s.auth_type,
    authentication_method: s.auth_type,
    folder_id: s.folder_id,
    project_id: projectOf(ws, s),
    folders: [{ id: folder.id, name: folder.name }],
    has_vua_dependent_tools: s.tools.some(t => t.vua_required),
    idp_user_group_ids: [...s.idp_user_group_ids],
    api_collection: collection === undefined
      ? null
      : { id: collection.id, type: 'api_collection', name: collection.name, created_at: collection.created_at, updated_at: collection.updated_at },
    tools_count: s.tools.length,
    created_at: s.created_at,
    updated_at: s.updated_at
  }
}

export function liveTool (ws: Workspace, server: ServerRecord, t: ToolRecord): LiveTool {
  const reasons = t.vua_required && server.auth_type === 'token' ? [VUA_UNDER_TOKEN] : []
  return {
    id: t.id,
    name: t.name,
    description: t.description,
    // The catalog item keeps the description the tool was assigned with; updates change only the tool's.
    original_description: ws.catalog.get(catalogKey(t.trigger_application, t.asset_id))?.description ?? t.description,
    trigger_application: t.trigger_application,
    action_applications: [...t.action_applications],
    flow_id: t.flow_id,
    // The fake has no stopped recipes: every tool's recipe or agent is running.
    active: true,
    enabled: reasons.length === 0,
    vua_required: t.vua_required,
    incompatibility_reasons: reasons
  }
}

/** A stored limit in the live shape; no limit reads as `{limit: 0}` (and 0 written back means none). */
function liveLimit (p: PolicyRecord, source: 'rate_limits' | 'quota_limits'): LiveLimit {
  const hit = limitsOf(p).find(l => l.source === source)
  if (hit === undefined) return { limit: 0, interval: source === 'rate_limits' ? 'minute' : 'day' }
  return { limit: hit.limit, interval: hit.interval }
}

export function livePolicy (server: ServerRecord, p: PolicyRecord): LivePolicy {
  return {
    id: p.id,
    mcp_server_id: liveServerId(server.id),
    rate_limits: liveLimit(p, 'rate_limits'),
    quota_limits: liveLimit(p, 'quota_limits'),
    ip_allow_list: [...p.ip_allow_list],
    ip_deny_list: [...p.ip_deny_list],
    created_at: p.created_at,
    updated_at: p.updated_at
  }
}

/**
 * A live limit in the stored form: the docs spelling where there is one (`{per_minute}` for a minute
 * rate, `{per_day}` for a daily quota), so a data file reads the same whichever profile wrote it.
 */
function storedLimit (limit: LiveLimit, docsKey: string, docsInterval: string): Record<string, unknown> {
  if (limit.limit === 0) return {}
  if (limit.interval === docsInterval) return { [docsKey]: limit.limit }
  return { limit: limit.limit, interval: limit.interval }
}

export function livePolicyInput (body: LiveUpdatePolicyBody): PolicyInput {
  const { rate_limits: rate, quota_limits: quota, ...ips } = body.mcp_server_policy
  return {
    ...ips,
    ...(rate === undefined ? {} : { rate_limits: storedLimit(rate, 'per_minute', 'minute') }),
    ...(quota === undefined ? {} : { quota_limits: storedLimit(quota, 'per_day', 'day') })
  }
}

const pageOf = <T>(key: 'data' | 'items', items: T[], page: { count: number, page: number, per_page: number }) =>
  ({ [key]: items, count: page.count, page: page.page, per_page: page.per_page })

export const liveProfile: WireProfile = {
  name: 'live',
  schemas: {
    shared: [ErrorBody, LiveServer, LiveTool, LivePolicy, UserGroup, LiveServerEnvelope, LiveServerList, LiveToolList, UserGroupList],
    serverList: LiveServerList,
    serverEnvelope: LiveServerEnvelope,
    toolList: LiveToolList,
    tool: LiveTool,
    policy: LivePolicy,
    userGroupList: docsProfile.schemas.userGroupList,
    updatePolicyBody: LiveUpdatePolicyBody
  },
  serverList: (ws, page, publicUrl) => pageOf('data', page.items.map(s => liveServer(ws, s, publicUrl)), page),
  serverEnvelope: (ws, server, publicUrl) => ({ data: liveServer(ws, server, publicUrl) }),
  toolList: (ws, server, page) => pageOf('items', page.items.map(t => liveTool(ws, server, t)), page),
  tool: liveTool,
  policy: livePolicy,
  // User groups look the same in both profiles.
  userGroupList: (page) => pageOf('data', page.items.map(userGroup), page),
  policyInput: (body) => livePolicyInput(body as LiveUpdatePolicyBody)
}
