// The MCP endpoint's own state (IdP users, request counters) and the helpers it keeps, reset as one.
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv'
import type { jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation'
import type { Clock } from '../domain/clock.js'
import { createIdpTokens, type IdpTokens } from './idp-tokens.js'
import { createIpChecker, type IpChecker } from './ip-policy.js'
import { createLimiter, type Limiter } from './limiter.js'
import { createArgumentsCheck, type ArgumentsCheck } from './tools.js'

export interface McpState {
  idp: IdpTokens
  limiter: Limiter
  checkIp: IpChecker
  checkArguments: ArgumentsCheck
  /** One validator for the app: the SDK's Server would otherwise build an Ajv instance per request. */
  validator: jsonSchemaValidator
  /** Forgets every IdP token and every request count (the control API's reset calls this). */
  reset(): void
}

export function createMcpState (clock: Clock): McpState {
  const idp = createIdpTokens(clock)
  const limiter = createLimiter(clock)
  // The SDK's own validator: Ajv with formats, as MCP clients validate tool schemas.
  const validator = new AjvJsonSchemaValidator()
  return {
    idp,
    limiter,
    checkIp: createIpChecker(),
    checkArguments: createArgumentsCheck(validator),
    validator,
    reset () {
      idp.reset()
      limiter.reset()
    }
  }
}
