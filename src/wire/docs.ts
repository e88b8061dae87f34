// The docs profile: stored records to response bodies exactly as Workato's documentation shows them.
import type { ServerRecord, ToolRecord, PolicyRecord, UserGroupRecord } from '../schemas/state.js'
import { ServerDetail, ServerEnvelope, ServerList, ServerSummary } from '../schemas/servers.js'
import { Tool, ToolList } from '../schemas/tools.js'
import { ServerPolicy, UpdatePolicyBody } from '../schemas/policies.js'
import { UserGroup, UserGroupList } from '../schemas/user-groups.js'
import { ErrorBody } from '../schemas/common.js'
import { limitsOf } from '../mcp/limiter.js'
import type { WireProfile } from './profile.js'
import { projectOf } from '../domain/servers.js'
import type { Workspace } from '../domain/world.js'

export function mcpUrl (publicUrl: string, server: ServerRecord): string {
  return `${publicUrl}/mcp/servers/${server.handle}?token=${server.token}`
}

export function serverSummary (ws: Workspace, s: ServerRecord): ServerSummary {
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    folder_id: s.folder_id,
    project_id: projectOf(ws, s),
    authentication_method: s.auth_type,
    tools_count: s.tools.length
  }
}

export function serverDetail (publicUrl: string, s: ServerRecord): ServerDetail {
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    asset_type: s.asset_id === null ? 'project_asset' : 'api_collection',
    logo_url: s.logo_url,
    tools_count: s.tools.length,
    mcp_url: mcpUrl(publicUrl, s),
    auth_type: s.auth_type,
    idp_user_group_ids: [...s.idp_user_group_ids],
    // Every sample shows null, even for an API-collection server (README, fidelity notes).
    api_collection: null,
    created_at: s.created_at,
    updated_at: s.updated_at
  }
}

export function tool (t: ToolRecord): Tool {
  return {
    id: t.id,
    name: t.name,
    description: t.description,
    trigger_application: t.trigger_application,
    action_applications: [...t.action_applications],
    flow_id: t.flow_id,
    vua_required: t.vua_required
  }
}

export function policy (server: ServerRecord, p: PolicyRecord): ServerPolicy {
  return {
    id: p.id,
    mcp_server_id: server.id,
    rate_limits: docsLimits(p, 'rate_limits'),
    quota_limits: docsLimits(p, 'quota_limits'),
    ip_allow_list: [...p.ip_allow_list],
    ip_deny_list: [...p.ip_deny_list],
    created_at: p.created_at,
    updated_at: p.updated_at
  }
}

export function userGroup (g: UserGroupRecord): UserGroup {
  return { id: g.id, name: g.name, users_count: g.users_count, created_at: g.created_at, updated_at: g.updated_at }
}

/** A policy key in the docs shape: what the stored limit means, if the docs shape can say it. */
function docsLimits (p: PolicyRecord, source: 'rate_limits' | 'quota_limits'): Record<string, number> {
  const [key, interval] = source === 'rate_limits' ? ['per_minute', 'minute'] : ['per_day', 'day']
  // Limits set under the live profile with another interval ("30 days") have no docs spelling.
  const hit = limitsOf(p).find(l => l.source === source && l.interval === interval)
  return hit === undefined ? {} : { [key]: hit.limit }
}

export const docsProfile: WireProfile = {
  name: 'docs',
  schemas: {
    shared: [ErrorBody, ServerSummary, ServerDetail, Tool, ServerPolicy, UserGroup, ServerEnvelope, ServerList, ToolList, UserGroupList],
    serverList: ServerList,
    serverEnvelope: ServerEnvelope,
    toolList: ToolList,
    tool: Tool,
    policy: ServerPolicy,
    userGroupList: UserGroupList,
    updatePolicyBody: UpdatePolicyBody
  },
  serverList: (ws, page) => ({ data: page.items.map(s => serverSummary(ws, s)), count: page.count, page: page.page, per_page: page.per_page }),
  serverEnvelope: (_ws, server, publicUrl) => ({ data: serverDetail(publicUrl, server) }),
  toolList: (_ws, _server, page) => ({ data: page.items.map(tool), count: page.count, page: page.page, per_page: page.per_page }),
  tool: (_ws, _server, t) => tool(t),
  policy,
  userGroupList: (page) => ({ data: page.items.map(userGroup), count: page.count, page: page.page, per_page: page.per_page }),
  // The docs shape is the stored shape.
  policyInput: (body) => (body as UpdatePolicyBody).mcp_server_policy
}
