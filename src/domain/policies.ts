// Server policy rules: each key sent replaces that key whole; IP entries must be addresses or CIDRs.
import type { PolicyRecord, ServerRecord } from '../schemas/state.js'
import { nowStamp, type DomainContext } from './context.js'
import { BadRequest, type FieldErrors } from './errors.js'
import { isIpOrCidr } from './ip.js'

/** A validated policy update, limits already in the stored form (each profile converts its own shape). */
export interface PolicyInput {
  rate_limits?: Record<string, unknown>
  quota_limits?: Record<string, unknown>
  ip_allow_list?: string[]
  ip_deny_list?: string[]
}

export function updatePolicy (ctx: DomainContext, server: ServerRecord, input: PolicyInput): PolicyRecord {
  const policy = server.policy
  const errors: FieldErrors = {}
  for (const key of ['ip_allow_list', 'ip_deny_list'] as const) {
    input[key]?.forEach((entry, i) => {
      if (!isIpOrCidr(entry)) {
        errors[`mcp_server_policy.${key}[${i}]`] = [`"${entry}" is not a valid IP address or CIDR range`]
      }
    })
  }
  const bad = Object.keys(errors)
  if (bad.length > 0) throw new BadRequest(`Invalid IP address or CIDR range: ${bad.map(k => errors[k][0]).join('; ')}`, errors)

  if (input.rate_limits !== undefined) policy.rate_limits = { ...input.rate_limits }
  if (input.quota_limits !== undefined) policy.quota_limits = { ...input.quota_limits }
  if (input.ip_allow_list !== undefined) policy.ip_allow_list = [...input.ip_allow_list]
  if (input.ip_deny_list !== undefined) policy.ip_deny_list = [...input.ip_deny_list]
  policy.updated_at = nowStamp(ctx)
  ctx.world.touch(server)
  return policy
}
