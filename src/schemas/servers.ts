// MCP server schemas: list item, detail, and the create/update/assign payloads.
import { Type, type Static } from '@sinclair/typebox'
import { PageMeta, pageQuery, StringEnum, Timestamp } from './common.js'
import { ref } from './ref.js'

export const AuthType = StringEnum(['token', 'workato_idp'], {
  description: 'Authentication type. Accepted values: token, workato_idp.'
})

export const TriggerApplication = StringEnum(['workato_recipe_function', 'workato_api_platform', 'workato_genie'], {
  description: 'What backs the tool: a recipe function, an API endpoint, or a Genie agent.'
})

/** The list-item shape: note `authentication_method`, `folder_id`, `project_id` (the detail differs). */
export const ServerSummary = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  description: Type.String(),
  folder_id: Type.Integer(),
  project_id: Type.Integer(),
  authentication_method: AuthType,
  tools_count: Type.Integer()
}, { $id: 'McpServerSummary', title: 'McpServerSummary', description: 'An MCP server as the list route shows it.' })
export type ServerSummary = Static<typeof ServerSummary>

/** The detail shape: `auth_type`, `asset_type`, `mcp_url` and friends; no folder fields. */
export const ServerDetail = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  description: Type.String(),
  asset_type: StringEnum(['api_collection', 'project_asset']),
  logo_url: Type.String(),
  tools_count: Type.Integer(),
  mcp_url: Type.String({ description: 'Where MCP clients connect; carries the current token.' }),
  auth_type: AuthType,
  idp_user_group_ids: Type.Array(Type.String()),
  api_collection: Type.Null(),
  created_at: Timestamp,
  updated_at: Timestamp
}, { $id: 'McpServer', title: 'McpServer', description: 'An MCP server in full.' })
export type ServerDetail = Static<typeof ServerDetail>

export const ServerEnvelope = Type.Object({ data: ref(ServerDetail) }, {
  $id: 'McpServerEnvelope',
  title: 'McpServerEnvelope',
  description: 'An MCP server in full, wrapped in data.'
})

export const ServerList = Type.Object({
  data: Type.Array(ref(ServerSummary)),
  ...PageMeta
}, { $id: 'McpServerPage', title: 'McpServerPage', description: 'A page of MCP servers.' })

export const ServerListQuery = Type.Object({
  project_id: Type.Optional(Type.Integer({ description: 'Filter by project ID.' })),
  folder_id: Type.Optional(Type.Integer({ description: 'Filter by folder ID.' })),
  authentication_method: Type.Optional(AuthType),
  ...pageQuery(50, 50)
})
export type ServerListQuery = Static<typeof ServerListQuery>

const Name = Type.String({ minLength: 1, maxLength: 255, pattern: '\\S', description: 'Server name.' })
const Description = Type.String({ maxLength: 10000, description: 'Server description.' })

export const ToolRef = Type.Object({
  trigger_application: TriggerApplication,
  id: Type.Union([Type.Integer(), Type.String({ minLength: 1, maxLength: 255 })], {
    description: 'A number (or numeric string) for recipe functions and API endpoints; a string handle for Genie agents.'
  })
})
export type ToolRef = Static<typeof ToolRef>

export const CreateServerBody = Type.Object({
  name: Name,
  folder_id: Type.Integer({ description: 'Folder ID for the MCP server.' }),
  description: Type.Optional(Description),
  asset_id: Type.Optional(Type.Integer({ description: 'API collection ID. Omit to create a project asset server.' })),
  tools: Type.Optional(Type.Array(ToolRef, { maxItems: 1000, description: 'Tools to assign at creation.' }))
})
export type CreateServerBody = Static<typeof CreateServerBody>

export const UpdateServerBody = Type.Object({
  name: Type.Optional(Name),
  description: Type.Optional(Description),
  auth_type: Type.Optional(AuthType),
  idp_user_group_ids: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 255 }), {
    maxItems: 1000,
    description: 'Identity provider user group IDs that have access to the server. Only applicable when auth_type is workato_idp.'
  })),
  folder_id: Type.Optional(Type.Integer({ description: 'Target folder ID to move the server.' }))
})
export type UpdateServerBody = Static<typeof UpdateServerBody>

export const AssignToolsBody = Type.Object({
  tools: Type.Array(ToolRef, { minItems: 1, maxItems: 1000, description: 'Tools to assign.' })
})
export type AssignToolsBody = Static<typeof AssignToolsBody>

export const UserGroupIdsBody = Type.Object({
  idp_user_group_ids: Type.Array(Type.String({ minLength: 1, maxLength: 255 }), { minItems: 1, maxItems: 1000 })
})
export type UserGroupIdsBody = Static<typeof UserGroupIdsBody>

export const UpdateFolderBody = Type.Object({
  folder_id: Type.Integer({ description: 'Target folder ID.' })
})
export type UpdateFolderBody = Static<typeof UpdateFolderBody>
