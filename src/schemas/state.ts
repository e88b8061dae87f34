// The one JSON format for fixtures, the --data file and /__admin/state snapshots.
import { Type, type Static } from '@sinclair/typebox'

export const SCHEMA_VERSION = 1

const Id = Type.Integer({ minimum: 1 })
const Str = Type.String()
const Time = Type.String({ format: 'date-time', description: 'RFC 3339 timestamp.' })
const TriggerApp = Type.Union([
  Type.Literal('workato_recipe_function'),
  Type.Literal('workato_api_platform'),
  Type.Literal('workato_genie')
])

export const ProjectRecord = Type.Object({ id: Id, name: Str })
export const FolderRecord = Type.Object({ id: Id, name: Str, project_id: Id })
export const ApiCollectionRecord = Type.Object({
  id: Id, name: Str, project_id: Id, created_at: Time, updated_at: Time
})

/** A tool a workspace could assign: a recipe function, an API endpoint or a Genie agent. */
export const CatalogItemRecord = Type.Object({
  trigger_application: TriggerApp,
  id: Type.Union([Id, Type.String({ minLength: 1 })]),
  name: Str,
  description: Str,
  action_applications: Type.Array(Str),
  flow_id: Id,
  vua_required: Type.Boolean(),
  input_schema: Type.Optional(Type.Record(Str, Type.Unknown(), { description: 'JSON Schema of the tool arguments (MCP inputSchema).' })),
  result: Type.Optional(Type.Unknown({ description: 'Canned result of tools/call.' }))
})

export const UserGroupRecord = Type.Object({
  id: Type.String({ minLength: 1 }), name: Str, users_count: Type.Integer({ minimum: 0 }), created_at: Time, updated_at: Time
})

export const ToolRecord = Type.Object({
  id: Id,
  trigger_application: TriggerApp,
  asset_id: Type.Union([Id, Type.String({ minLength: 1 })], { description: 'The catalog item the tool comes from.' }),
  name: Str,
  description: Str,
  action_applications: Type.Array(Str),
  flow_id: Id,
  vua_required: Type.Boolean()
})

const Limits = Type.Record(Str, Type.Unknown())

export const PolicyRecord = Type.Object({
  id: Id,
  rate_limits: Limits,
  quota_limits: Limits,
  ip_allow_list: Type.Array(Str),
  ip_deny_list: Type.Array(Str),
  created_at: Time,
  updated_at: Time
})

export const ServerRecord = Type.Object({
  id: Id,
  handle: Type.String({ minLength: 1, pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' }),
  name: Str,
  description: Str,
  folder_id: Id,
  asset_id: Type.Union([Id, Type.Null()], { description: 'API collection id, or null for a project asset server.' }),
  auth_type: Type.Union([Type.Literal('token'), Type.Literal('workato_idp')]),
  token: Type.String({ minLength: 1 }),
  idp_user_group_ids: Type.Array(Str),
  logo_url: Str,
  created_at: Time,
  updated_at: Time,
  tools: Type.Array(ToolRecord),
  policy: PolicyRecord
})

export const ManagedUserRecord = Type.Object({
  id: Id,
  external_id: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
  name: Str,
  own: Type.Optional(Type.Boolean({ description: "Marks the API client's own workspace (the /api/mcp routes)." })),
  projects: Type.Array(ProjectRecord),
  folders: Type.Array(FolderRecord),
  api_collections: Type.Array(ApiCollectionRecord),
  catalog: Type.Array(CatalogItemRecord),
  user_groups: Type.Array(UserGroupRecord),
  mcp_servers: Type.Array(ServerRecord)
})

export const Counters = Type.Object({
  managed_user: Type.Integer({ minimum: 0 }),
  server: Type.Integer({ minimum: 0 }),
  tool: Type.Integer({ minimum: 0 }),
  policy: Type.Integer({ minimum: 0 }),
  token: Type.Integer({ minimum: 0, description: 'Tokens generated so far (position of a seeded generator).' })
})

export const WorldData = Type.Object({
  schema_version: Type.Literal(SCHEMA_VERSION),
  counters: Type.Optional(Counters),
  managed_users: Type.Array(ManagedUserRecord)
}, { $id: 'WorldState', title: 'WorldState', description: 'The whole state of the fake.' })

export type ProjectRecord = Static<typeof ProjectRecord>
export type FolderRecord = Static<typeof FolderRecord>
export type ApiCollectionRecord = Static<typeof ApiCollectionRecord>
export type CatalogItemRecord = Static<typeof CatalogItemRecord>
export type UserGroupRecord = Static<typeof UserGroupRecord>
export type ToolRecord = Static<typeof ToolRecord>
export type PolicyRecord = Static<typeof PolicyRecord>
export type ServerRecord = Static<typeof ServerRecord>
export type ManagedUserRecord = Static<typeof ManagedUserRecord>
export type Counters = Static<typeof Counters>
export type WorldData = Static<typeof WorldData>
