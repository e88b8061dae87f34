// Server policy schemas (docs profile): per-minute rate, per-day quota, IP allow/deny lists.
import { Type, type Static, type TSchema } from '@sinclair/typebox'
import { Timestamp } from './common.js'

const PositiveInt = Type.Integer({ minimum: 1 })

export const RateLimits = Type.Object({
  per_minute: Type.Optional(PositiveInt)
}, { additionalProperties: false, description: 'Requests per minute; {} means no limit.' })

export const QuotaLimits = Type.Object({
  per_day: Type.Optional(PositiveInt)
}, { additionalProperties: false, description: 'Requests per UTC day; {} means no limit.' })

const IpList = Type.Array(Type.String({ maxLength: 64 }), {
  maxItems: 1000,
  description: 'IPv4/IPv6 addresses or CIDR ranges.'
})

/** The policy response of either profile: they differ in the server id's type and how a limit is spelled. */
export function policyResponse<I extends TSchema, R extends TSchema, Q extends TSchema> (serverId: I, rateLimits: R, quotaLimits: Q) {
  return Type.Object({
    id: Type.Integer(),
    mcp_server_id: serverId,
    rate_limits: rateLimits,
    quota_limits: quotaLimits,
    ip_allow_list: Type.Array(Type.String()),
    ip_deny_list: Type.Array(Type.String()),
    created_at: Timestamp,
    updated_at: Timestamp
  }, { $id: 'McpServerPolicy', title: 'McpServerPolicy', description: 'Security policy of an MCP server (not wrapped in data).' })
}

export const ServerPolicy = policyResponse(Type.Integer(), RateLimits, QuotaLimits)
export type ServerPolicy = Static<typeof ServerPolicy>

/** The PUT body of either profile: they differ only in how a limit is spelled. */
export function policyUpdateBody<R extends TSchema, Q extends TSchema> (rateLimits: R, quotaLimits: Q) {
  return Type.Object({
    mcp_server_policy: Type.Object({
      rate_limits: Type.Optional(rateLimits),
      quota_limits: Type.Optional(quotaLimits),
      ip_allow_list: Type.Optional(IpList),
      ip_deny_list: Type.Optional(IpList)
    }, { description: 'Policy configuration; each key sent replaces that key whole.' })
  })
}

export const UpdatePolicyBody = policyUpdateBody(RateLimits, QuotaLimits)
export type UpdatePolicyBody = Static<typeof UpdatePolicyBody>
