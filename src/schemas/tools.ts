// Tool schemas: the tool object, its list, filters and the description update.
import { Type, type Static } from '@sinclair/typebox'
import { PageMeta, pageQuery } from './common.js'
import { ref } from './ref.js'
import { TriggerApplication } from './servers.js'

export const Tool = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  description: Type.String(),
  trigger_application: TriggerApplication,
  action_applications: Type.Array(Type.String()),
  flow_id: Type.Integer(),
  vua_required: Type.Boolean()
}, { $id: 'McpTool', title: 'McpTool', description: 'A tool assigned to an MCP server.' })
export type Tool = Static<typeof Tool>

export const ToolList = Type.Object({
  data: Type.Array(ref(Tool)),
  ...PageMeta
}, { $id: 'McpToolPage', title: 'McpToolPage', description: 'A page of the tools assigned to an MCP server.' })

export const ToolListQuery = Type.Object({
  vua_required: Type.Optional(Type.Boolean({ description: 'Filter by whether VUA (Verified User Authentication) is required.' })),
  search: Type.Optional(Type.String({ maxLength: 255, description: 'Search term to filter tools by name (case-insensitive substring).' })),
  ...pageQuery(100, 100)
})
export type ToolListQuery = Static<typeof ToolListQuery>

export const UpdateToolBody = Type.Object({
  description: Type.Optional(Type.String({ maxLength: 10000, description: 'New description for the tool.' }))
})
export type UpdateToolBody = Static<typeof UpdateToolBody>
