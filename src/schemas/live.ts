// Live-profile schemas: the shapes Workato's live service answers and accepts (fidelity notes).
import { Type, type Static } from '@sinclair/typebox'
import { PageMeta, StringEnum, Timestamp } from './common.js'
import { ref } from './ref.js'
import { AuthType, TriggerApplication } from './servers.js'
import { policyResponse, policyUpdateBody } from './policies.js'

export const LIVE_ID_DESCRIPTION = 'Server id, a string such as mcps-AYcNrsC8-Dd8-AB; accepted wherever a handle is.'

export const LiveApiCollection = Type.Object({
  id: Type.Integer(),
  type: Type.String({ description: 'Always api_collection.' }),
  name: Type.String(),
  created_at: Timestamp,
  updated_at: Timestamp
}, { description: 'The API collection the server exposes.' })

export const LiveServer = Type.Object({
  id: Type.String({ description: LIVE_ID_DESCRIPTION }),
  name: Type.String(),
  description: Type.String(),
  asset_type: StringEnum(['api_collection', 'project_asset']),
  logo_url: Type.String(),
  mcp_url: Type.String({ description: 'Where MCP clients connect; carries the current token as wkt_token.' }),
  auth_type: AuthType,
  authentication_method: AuthType,
  folder_id: Type.Integer(),
  project_id: Type.Integer(),
  folders: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() }), { description: 'The folder the server is in.' }),
  has_vua_dependent_tools: Type.Boolean({ description: 'Whether any assigned tool needs Verified User Access.' }),
  idp_user_group_ids: Type.Array(Type.String()),
  api_collection: Type.Union([LiveApiCollection, Type.Null()], { description: 'The API collection, or null for a project asset server.' }),
  tools_count: Type.Integer(),
  created_at: Timestamp,
  updated_at: Timestamp
}, { $id: 'McpServer', title: 'McpServer', description: 'An MCP server in full (list items and detail alike).' })
export type LiveServer = Static<typeof LiveServer>

export const LiveServerEnvelope = Type.Object({ data: ref(LiveServer) }, {
  $id: 'McpServerEnvelope', title: 'McpServerEnvelope', description: 'An MCP server in full, wrapped in data.'
})

export const LiveServerList = Type.Object({ data: Type.Array(ref(LiveServer)), ...PageMeta }, {
  $id: 'McpServerPage', title: 'McpServerPage', description: 'A page of MCP servers, each in full.'
})

export const LiveTool = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  description: Type.String(),
  original_description: Type.String({ description: 'The description the tool came with, before any update.' }),
  trigger_application: TriggerApplication,
  action_applications: Type.Array(Type.String()),
  flow_id: Type.Integer(),
  active: Type.Boolean({ description: 'Whether the recipe or agent behind the tool is running.' }),
  enabled: Type.Boolean({ description: 'Whether MCP clients can call the tool (false while it is incompatible with the server).' }),
  vua_required: Type.Boolean(),
  incompatibility_reasons: Type.Array(Type.String(), { description: 'Why the tool cannot run on this server, e.g. Verified User Access under token auth.' })
}, { $id: 'McpTool', title: 'McpTool', description: 'A tool assigned to an MCP server.' })
export type LiveTool = Static<typeof LiveTool>

export const LiveToolList = Type.Object({ items: Type.Array(ref(LiveTool)), ...PageMeta }, {
  $id: 'McpToolPage', title: 'McpToolPage', description: 'A page of the tools assigned to an MCP server, under items.'
})

export const RATE_INTERVALS = ['minute', 'hour', 'day'] as const
/** "day" is the fake's addition, so a docs-profile `per_day` quota reads back and writes back unchanged. */
export const QUOTA_INTERVALS = ['day', '30 days', '60 days', '90 days', 'year'] as const

const limit = (what: string) => Type.Integer({ minimum: 0, description: `${what}; 0 means no limit.` })

export const LiveRateLimit = Type.Object({
  limit: limit('Requests per interval'),
  interval: StringEnum(RATE_INTERVALS)
}, { additionalProperties: false, description: 'Rate limit: both keys are required.' })

export const LiveQuotaLimit = Type.Object({
  limit: limit('Requests per interval'),
  interval: StringEnum(QUOTA_INTERVALS)
}, { additionalProperties: false, description: 'Quota: both keys are required.' })

export const LiveLimitOut = Type.Object({ limit: Type.Integer(), interval: Type.String() })
export type LiveLimit = Static<typeof LiveLimitOut>

export const LivePolicy = policyResponse(Type.String({ description: LIVE_ID_DESCRIPTION }), LiveLimitOut, LiveLimitOut)
export type LivePolicy = Static<typeof LivePolicy>

export const LiveUpdatePolicyBody = policyUpdateBody(LiveRateLimit, LiveQuotaLimit)
export type LiveUpdatePolicyBody = Static<typeof LiveUpdatePolicyBody>
