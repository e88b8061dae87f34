// The live service's shapes, written from the fidelity notes ("Live shapes in detail") independently of src/.
import { Type, type Static, type TSchema } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'

/** RFC 3339 date-time, as the notes give every timestamp. */
const Rfc3339 = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$' })
/** "opt": the client tolerates null or missing. */
const Opt = <T extends TSchema>(schema: T) => Type.Optional(Type.Union([schema, Type.Null()]))
const strict = { additionalProperties: false }

export const Server = Type.Object({
  id: Type.String({ pattern: '^mcps-[A-Za-z0-9_-]+$' }),
  name: Type.String(),
  description: Type.String(),
  asset_type: Type.String(),
  logo_url: Opt(Type.String()),
  mcp_url: Type.String(),
  auth_type: Type.String(),
  authentication_method: Type.String(),
  folder_id: Type.Integer(),
  project_id: Type.Integer(),
  folders: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() }, strict)),
  has_vua_dependent_tools: Type.Boolean(),
  idp_user_group_ids: Type.Array(Type.String()),
  api_collection: Opt(Type.Object({
    id: Type.Integer(), type: Type.String(), name: Type.String(), created_at: Rfc3339, updated_at: Rfc3339
  }, strict)),
  tools_count: Type.Integer(),
  created_at: Rfc3339,
  updated_at: Rfc3339
}, strict)
export type Server = Static<typeof Server>

export const Tool = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  description: Opt(Type.String()),
  original_description: Opt(Type.String()),
  trigger_application: Opt(Type.String()),
  action_applications: Type.Array(Type.String()),
  flow_id: Type.Integer(),
  active: Type.Boolean(),
  enabled: Type.Boolean(),
  vua_required: Type.Boolean(),
  incompatibility_reasons: Type.Array(Type.String())
}, strict)
export type Tool = Static<typeof Tool>

const Limit = Type.Object({ limit: Type.Integer(), interval: Type.String() }, strict)

export const Policy = Type.Object({
  id: Opt(Type.Integer()),
  mcp_server_id: Opt(Type.String({ pattern: '^mcps-' })),
  rate_limits: Limit,
  quota_limits: Limit,
  ip_allow_list: Type.Array(Type.String()),
  ip_deny_list: Type.Array(Type.String()),
  created_at: Rfc3339,
  updated_at: Rfc3339
}, strict)
export type Policy = Static<typeof Policy>

export const UserGroup = Type.Object({
  id: Type.String(), name: Type.String(), users_count: Type.Integer(), created_at: Rfc3339, updated_at: Rfc3339
}, strict)
export type UserGroup = Static<typeof UserGroup>

const Meta = { count: Type.Integer(), page: Type.Integer(), per_page: Type.Integer() }
export const ServerEnvelope = Type.Object({ data: Server }, strict)
export const ServerPage = Type.Object({ data: Type.Array(Server), ...Meta }, strict)
export const ToolPage = Type.Object({ items: Type.Array(Tool), ...Meta }, strict)
export const UserGroupPage = Type.Object({ data: Type.Array(UserGroup), ...Meta }, strict)
export const ErrorBody = Type.Object({
  message: Type.String(),
  errors: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String())])))
})

/** Decodes `body` as `schema` or throws naming every field that does not fit. */
export function decode<T extends TSchema> (schema: T, body: unknown, what = 'the body'): Static<T> {
  if (Value.Check(schema, body)) return body
  const problems = [...Value.Errors(schema, body)].slice(0, 5).map(e => `${e.path || '(body)'}: ${e.message} (got ${JSON.stringify(e.value)})`)
  throw new Error(`live shape: ${what} does not decode: ${problems.join('; ')}`)
}

type Kind = 'serverPage' | 'server' | 'toolPage' | 'tool' | 'policy' | 'userGroupPage' | 'none'

/** Which live shape answers a route (by method and the path after the workspace prefix). */
export function kindOf (method: string, url: string): { kind: Kind, rest: string } {
  const path = url.split('?')[0].replace(/\/+$/, '')
  const m = /^\/api\/(?:managed_users\/[^/]+|mcp)\/(.*)$/.exec(path)
  const rest = m === null ? '' : m[1]
  const M = method.toUpperCase()
  if (rest === 'mcp_servers') return { kind: M === 'GET' ? 'serverPage' : 'server', rest }
  if (rest === 'user_groups') return { kind: 'userGroupPage', rest }
  if (/^mcp_servers\/[^/]+$/.test(rest)) return { kind: M === 'DELETE' ? 'none' : 'server', rest }
  if (/^mcp_servers\/[^/]+\/(token_renew|assign_tools|assign_user_groups|remove_user_groups|update_folder)$/.test(rest)) return { kind: 'server', rest }
  if (/^mcp_servers\/[^/]+\/server_policies$/.test(rest)) return { kind: 'policy', rest }
  if (/^mcp_servers\/[^/]+\/tools$/.test(rest)) return { kind: 'toolPage', rest }
  if (/^mcp_servers\/[^/]+\/tools\/[^/]+$/.test(rest)) return { kind: M === 'DELETE' ? 'none' : 'tool', rest }
  return { kind: 'none', rest }
}

const SCHEMA: Record<Exclude<Kind, 'none'>, TSchema> = {
  serverPage: ServerPage, server: ServerEnvelope, toolPage: ToolPage, tool: Tool, policy: Policy, userGroupPage: UserGroupPage
}

/** Checks one live /api response: a success body in its live shape, an error as `{message}`. */
export function checkLiveResponse (method: string, url: string, status: number, body: unknown): void {
  if (status >= 400) {
    if (body !== undefined) decode(ErrorBody, body, `${method} ${url} ${status}`)
    return
  }
  const { kind } = kindOf(method, url)
  if (kind === 'none') {
    if (status === 204 && body !== undefined) throw new Error(`live shape: ${method} ${url} answered 204 with a body`)
    return
  }
  decode(SCHEMA[kind], body, `${method} ${url} ${status}`)
}
