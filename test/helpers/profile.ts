// Runs the docs-shaped route suites against the live profile: requests mapped to live shapes, live answers checked and mapped back.
import type { Profile } from '../../src/config.js'
import { serverIdOfLiveId } from '../../src/domain/server-ids.js'
import { checkLiveResponse, kindOf, type Policy, type Server, type Tool } from './live-shapes.js'

let current: Profile = 'docs'

/** The profile build() gives new apps; test/live/route-suites.test.ts sets live before importing the suites. */
export function setTestProfile (profile: Profile): void {
  current = profile
}
export function testProfile (): Profile {
  return current
}

type Json = Record<string, any>

/** A docs-profile limit as the live profile takes it (the fake's documented mapping); anything else is sent as is. */
function liveLimit (value: unknown, docsKey: string, interval: string): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value
  const keys = Object.keys(value)
  if (keys.length === 0) return { limit: 0, interval }
  const n = (value as Json)[docsKey]
  if (keys.length === 1 && Number.isInteger(n) && n > 0) return { limit: n, interval }
  return value
}

/** A docs-shaped request body in the live shape (only policies differ). */
export function toLiveRequest (method: string, url: string, body: unknown): unknown {
  if (kindOf(method, url).kind !== 'policy' || method.toUpperCase() !== 'PUT') return body
  const policy = (body as Json | undefined)?.mcp_server_policy
  if (policy === null || typeof policy !== 'object' || Array.isArray(policy)) return body
  const out: Json = { ...policy }
  if ('rate_limits' in policy) out.rate_limits = liveLimit(policy.rate_limits, 'per_minute', 'minute')
  if ('quota_limits' in policy) out.quota_limits = liveLimit(policy.quota_limits, 'per_day', 'day')
  return { ...(body as Json), mcp_server_policy: out }
}

function numericId (liveId: string): number {
  const id = serverIdOfLiveId(liveId)
  if (id === undefined) throw new Error(`live shape: "${liveId}" is not a live server id`)
  return id
}

function docsUrl (mcpUrl: string): string {
  const u = new URL(mcpUrl)
  if (!u.searchParams.has('wkt_token') || u.searchParams.has('token')) throw new Error(`live shape: mcp_url ${mcpUrl} does not carry wkt_token`)
  return mcpUrl.replace('?wkt_token=', '?token=')
}

function consistent (s: Server): void {
  if (s.authentication_method !== s.auth_type) throw new Error('live shape: authentication_method differs from auth_type')
  if ((s.api_collection === null) !== (s.asset_type === 'project_asset')) throw new Error('live shape: api_collection disagrees with asset_type')
  if (s.folders.length !== 1 || s.folders[0].id !== s.folder_id) throw new Error('live shape: folders does not name folder_id')
}

const summary = (s: Server) => {
  consistent(s)
  return {
    id: numericId(s.id),
    name: s.name,
    description: s.description,
    folder_id: s.folder_id,
    project_id: s.project_id,
    authentication_method: s.authentication_method,
    tools_count: s.tools_count
  }
}

const detail = (s: Server) => {
  consistent(s)
  return {
    id: numericId(s.id),
    name: s.name,
    description: s.description,
    asset_type: s.asset_type,
    logo_url: s.logo_url,
    tools_count: s.tools_count,
    mcp_url: docsUrl(s.mcp_url),
    auth_type: s.auth_type,
    idp_user_group_ids: s.idp_user_group_ids,
    api_collection: null,
    created_at: s.created_at,
    updated_at: s.updated_at
  }
}

const tool = (t: Tool) => {
  if (t.enabled !== (t.incompatibility_reasons.length === 0)) throw new Error('live shape: enabled disagrees with incompatibility_reasons')
  const { original_description: _o, active: _a, enabled: _e, incompatibility_reasons: _r, ...docs } = t
  return docs
}

function docsLimit (l: { limit: number, interval: string }, docsKey: string, interval: string): Json {
  if (l.limit === 0) return {}
  return l.interval === interval ? { [docsKey]: l.limit } : l
}

const policy = (p: Policy) => ({
  ...p,
  mcp_server_id: numericId(p.mcp_server_id as string),
  rate_limits: docsLimit(p.rate_limits, 'per_minute', 'minute'),
  quota_limits: docsLimit(p.quota_limits, 'per_day', 'day')
})

/**
 * A live response checked against the notes' shapes (throws when it does not decode), then mapped
 * to what the docs profile answers, so the docs-written assertions judge it.
 */
export function fromLiveResponse (method: string, url: string, status: number, body: unknown): unknown {
  checkLiveResponse(method, url, status, body)
  if (status >= 300 || body === undefined) return body
  const b = body as Json
  switch (kindOf(method, url).kind) {
    case 'serverPage': return { ...b, data: b.data.map(summary) }
    case 'server': return { data: detail(b.data) }
    case 'toolPage': {
      const { items, ...meta } = b
      return { data: items.map(tool), ...meta }
    }
    case 'tool': return tool(b as Tool)
    case 'policy': return policy(b as Policy)
    default: return body
  }
}
