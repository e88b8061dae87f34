// Who may call a server's MCP endpoint: its current token, or an IdP user in one of its user groups.
import { sameSecret } from '../http/auth.js'
import type { ServerRecord } from '../schemas/state.js'
import type { Workspace } from '../domain/world.js'
import type { IdpTokens, IdpUser } from './idp-tokens.js'
import { JSONRPC_ERRORS, McpRefusal } from './json-rpc.js'

export type Caller = { kind: 'token' } | { kind: 'idp', user: IdpUser }

interface Credentials {
  query: Record<string, unknown>
  authorization: string | undefined
}

const REALM = 'realm="fake-workato"'

function bearer (header: string | undefined): string | undefined | null {
  if (header === undefined) return undefined
  const m = /^Bearer[ ]+(\S+)\s*$/i.exec(header)
  return m === null ? null : m[1]
}

/** RFC 6750: no error code when no credentials were sent, `invalid_token` when they were wrong. */
function unauthorized (message: string, invalid: boolean): McpRefusal {
  const challenge = invalid
    ? `Bearer ${REALM}, error="invalid_token", error_description="${message.replace(/["\\]/g, '')}"`
    : `Bearer ${REALM}`
  return new McpRefusal(401, JSONRPC_ERRORS.UNAUTHORIZED, message, undefined, { 'www-authenticate': challenge })
}

/**
 * The token a token-auth client presents: `token` (as in mcp_url), then `wkt_token` (as in live
 * mcp_urls), then the Authorization header. The first one present is the one judged.
 */
function presentedToken ({ query, authorization }: Credentials): string | undefined | null {
  for (const key of ['token', 'wkt_token']) {
    const value = query[key]
    if (value === undefined) continue
    return typeof value === 'string' && value !== '' ? value : null
  }
  return bearer(authorization)
}

export function authorize (ws: Workspace, server: ServerRecord, credentials: Credentials, idp: IdpTokens): Caller {
  if (server.auth_type === 'token') {
    const token = presentedToken(credentials)
    if (token === undefined) {
      throw unauthorized('This MCP server needs its token: use the mcp_url with ?token=…, or send Authorization: Bearer <token>', false)
    }
    // A token from before a token_renew or an auth-type switch is refused here, at once.
    if (token === null || !sameSecret(token, server.token)) throw unauthorized('Invalid token for this MCP server', true)
    return { kind: 'token' }
  }

  // Workato Identity: the URL's server token is not a credential; the user's own token is.
  const token = bearer(credentials.authorization)
  if (token === undefined) {
    throw unauthorized('This MCP server uses Workato Identity: send Authorization: Bearer <IdP user token> (POST /__admin/idp/tokens issues one)', false)
  }
  const user = token === null ? undefined : idp.find(token)
  if (user === undefined) throw unauthorized('Invalid IdP user token', true)
  if (idp.expired(user)) throw unauthorized('The IdP user token has expired', true)
  if (user.managed_user_id !== null && user.managed_user_id !== ws.record.id) {
    throw unauthorized('The IdP user token was issued for another managed user', true)
  }
  const allowed = server.idp_user_group_ids
  if (!user.group_ids.some(g => allowed.includes(g))) {
    throw new McpRefusal(403, JSONRPC_ERRORS.FORBIDDEN,
      `User "${user.user}" is in none of the user groups allowed on this MCP server`,
      { user: user.user, group_ids: [...user.group_ids], allowed_group_ids: [...allowed] })
  }
  return { kind: 'idp', user }
}
