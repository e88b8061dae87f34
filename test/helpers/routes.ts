// The 16 documented routes, each with a request that succeeds on the default fixtures.
import { ACME } from './app.js'

const S = `${ACME}/mcp_servers/sales-tools-mcp-server`
/** One valid request per documented route (method, URL, body), against the default fixtures. */
export const ROUTES: Array<[string, string, unknown?]> = [
  ['GET', `${ACME}/mcp_servers`],
  ['POST', `${ACME}/mcp_servers`, { name: 'x', folder_id: 27180380 }],
  ['GET', S],
  ['PUT', S, { name: 'x' }],
  ['DELETE', S],
  ['POST', `${S}/token_renew`],
  ['POST', `${S}/assign_tools`, { tools: [{ trigger_application: 'workato_api_platform', id: 98232 }] }],
  ['POST', `${ACME}/mcp_servers/hr-automation-server/assign_user_groups`, { idp_user_group_ids: ['group-abc123'] }],
  ['POST', `${ACME}/mcp_servers/hr-automation-server/remove_user_groups`, { idp_user_group_ids: ['group-abc123'] }],
  ['PUT', `${S}/update_folder`, { folder_id: 27180399 }],
  ['GET', `${S}/server_policies`],
  ['PUT', `${S}/server_policies`, { mcp_server_policy: { rate_limits: { per_minute: 30 }, quota_limits: { per_day: 5000 } } }],
  ['GET', `${S}/tools`],
  ['PUT', `${S}/tools/3001`, { description: 'x' }],
  ['DELETE', `${S}/tools/3002`],
  ['GET', `${ACME}/user_groups`]
]
