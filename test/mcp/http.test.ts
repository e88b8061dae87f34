// The MCP endpoint over plain HTTP: refusals (401/403/404/405/429) with their bodies and headers, versions, JSON-RPC errors.
import t from 'tap'
import { createClock } from '../../src/domain/clock.js'
import { loadFixtures } from '../../src/fixtures.js'
import { ACME, GLOBEX, build, call, listen } from '../helpers/app.js'
import { ACCEPT, GLOBEX_MCP, GLOBEX_TOKEN, initialize, listToolsMessage, post } from '../helpers/mcp.js'

const GLOBEX_SERVER = `${GLOBEX}/mcp_servers/globex-support-server`
const HR_SERVER = `${ACME}/mcp_servers/hr-automation-server`
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'mcp-session-id, mcp-protocol-version, www-authenticate, retry-after'
}

function headersOf (h: Headers, names: string[]): Record<string, string | null> {
  return Object.fromEntries(names.map(n => [n, h.get(n)]))
}

t.test('initialize negotiates every protocol version the SDK supports; stateless, so no session id', async (t) => {
  const { base } = await listen(t)
  const url = `${base}${GLOBEX_MCP}?token=${GLOBEX_TOKEN}`
  for (const version of ['2025-03-26', '2025-06-18', '2025-11-25', '2024-11-05']) {
    const res = await post(url, initialize(version, 7))
    t.equal(res.status, 200, version)
    t.equal(res.headers.get('mcp-session-id'), null)
    t.equal(res.headers.get('content-type'), 'application/json; charset=utf-8')
    t.same(res.body, {
      jsonrpc: '2.0',
      id: 7,
      result: {
        protocolVersion: version,
        capabilities: { tools: { listChanged: false } },
        serverInfo: { name: 'globex-support-server', title: 'Globex Support Server', version: '0.1.0' },
        instructions: 'Support ticketing tools for Globex agents'
      }
    })
  }
  // A version the SDK does not know gets the latest it does.
  const res = await post(url, initialize('1999-01-01'))
  t.equal((res.body as { result: { protocolVersion: string } }).result.protocolVersion, '2025-11-25')
})

t.test('notifications get 202; ping; unknown methods get -32601; a session id sent by the client is harmless', async (t) => {
  const { base } = await listen(t)
  const url = `${base}${GLOBEX_MCP}?token=${GLOBEX_TOKEN}`
  const note = await post(url, { jsonrpc: '2.0', method: 'notifications/initialized' })
  t.equal(note.status, 202)
  t.equal(note.body, undefined)
  t.same((await post(url, { jsonrpc: '2.0', id: 'p', method: 'ping' }, { 'mcp-protocol-version': '2025-11-25' })).body, { jsonrpc: '2.0', id: 'p', result: {} })
  for (const method of ['resources/list', 'prompts/list', 'no/such/method']) {
    const res = await post(url, { jsonrpc: '2.0', id: 3, method })
    t.equal(res.status, 200)
    t.same(res.body, { jsonrpc: '2.0', id: 3, error: { code: -32601, message: 'Method not found' } }, method)
  }
  const withSession = await post(url, listToolsMessage(4), { 'mcp-session-id': 'left-over-from-another-server' })
  t.equal(withSession.status, 200)
  t.equal((withSession.body as { result: { tools: unknown[] } }).result.tools.length, 2)
  // An unsupported MCP-Protocol-Version header is the SDK transport's 400.
  const badVersion = await post(url, listToolsMessage(5), { 'mcp-protocol-version': '1999-01-01' })
  t.equal(badVersion.status, 400)
  t.equal((badVersion.body as { error: { code: number } }).error.code, -32000)
})

t.test('401: no token, a wrong token, a stale token; with WWW-Authenticate and a JSON-RPC body', async (t) => {
  const { app, base } = await listen(t)
  const none = await post(`${base}${GLOBEX_MCP}`, initialize())
  t.equal(none.status, 401)
  t.same(headersOf(none.headers, ['www-authenticate', 'content-type', 'access-control-allow-origin']), {
    'www-authenticate': 'Bearer realm="fake-workato"',
    'content-type': 'application/json; charset=utf-8',
    'access-control-allow-origin': '*'
  })
  t.same(none.body, {
    jsonrpc: '2.0',
    error: { code: -32010, message: 'This MCP server needs its token: use the mcp_url with ?token=…, or send Authorization: Bearer <token>' },
    id: null
  })

  const invalid = {
    jsonrpc: '2.0', error: { code: -32010, message: 'Invalid token for this MCP server' }, id: null
  }
  const challenge = 'Bearer realm="fake-workato", error="invalid_token", error_description="Invalid token for this MCP server"'
  for (const [what, url, headers] of [
    ['wrong query token', `${base}${GLOBEX_MCP}?token=nope`, {}],
    ['wrong wkt_token', `${base}${GLOBEX_MCP}?wkt_token=nope`, {}],
    ['wrong bearer', `${base}${GLOBEX_MCP}`, { authorization: 'Bearer nope' }],
    ['malformed authorization', `${base}${GLOBEX_MCP}`, { authorization: `Basic ${GLOBEX_TOKEN}` }],
    ['empty token', `${base}${GLOBEX_MCP}?token=`, {}],
    ['repeated token', `${base}${GLOBEX_MCP}?token=${GLOBEX_TOKEN}&token=${GLOBEX_TOKEN}`, {}],
    // The query token is the one judged, even when the header holds the right one.
    ['query wins over header', `${base}${GLOBEX_MCP}?token=nope`, { authorization: `Bearer ${GLOBEX_TOKEN}` }]
  ] as const) {
    const res = await post(url, initialize(), headers)
    t.equal(res.status, 401, what)
    t.equal(res.headers.get('www-authenticate'), challenge, what)
    t.same(res.body, invalid, what)
  }

  t.equal((await call(app, 'POST', `${GLOBEX_SERVER}/token_renew`)).status, 200)
  const stale = await post(`${base}${GLOBEX_MCP}?token=${GLOBEX_TOKEN}`, initialize())
  t.equal(stale.status, 401)
  t.same(stale.body, invalid)
})

t.test('401 and 403 on a workato_idp server', async (t) => {
  const { app, base } = await listen(t)
  const url = `${base}/mcp/servers/hr-automation-server`
  const none = await post(url, initialize())
  t.equal(none.status, 401)
  t.equal(none.headers.get('www-authenticate'), 'Bearer realm="fake-workato"')
  t.same(none.body, {
    jsonrpc: '2.0',
    error: { code: -32010, message: 'This MCP server uses Workato Identity: send Authorization: Bearer <IdP user token> (POST /__admin/idp/tokens issues one)' },
    id: null
  })
  const unknown = await post(url, initialize(), { authorization: 'Bearer idp_made_up' })
  t.equal(unknown.status, 401)
  t.equal(unknown.headers.get('www-authenticate'), 'Bearer realm="fake-workato", error="invalid_token", error_description="Invalid IdP user token"')

  const issued = await app.inject({ method: 'POST', url: '/__admin/idp/tokens', payload: { user: 'sam', group_ids: ['group-abc123'] } })
  const token = issued.json().token as string
  t.equal((await call(app, 'POST', `${HR_SERVER}/assign_user_groups`, { idp_user_group_ids: ['group-def456'] })).status, 200)
  const forbidden = await post(url, initialize(), { authorization: `Bearer ${token}` })
  t.equal(forbidden.status, 403)
  t.equal(forbidden.headers.get('www-authenticate'), null)
  t.same(forbidden.body, {
    jsonrpc: '2.0',
    error: {
      code: -32011,
      message: 'User "sam" is in none of the user groups allowed on this MCP server',
      data: { user: 'sam', group_ids: ['group-abc123'], allowed_group_ids: ['group-def456'] }
    },
    id: null
  })
  t.equal((await call(app, 'POST', `${HR_SERVER}/assign_user_groups`, { idp_user_group_ids: ['group-abc123'] })).status, 200)
  t.equal((await post(url, initialize(), { authorization: `Bearer ${token}` })).status, 200)
  // Switching to token auth: the IdP token is no credential there.
  t.equal((await call(app, 'PUT', HR_SERVER, { auth_type: 'token' })).status, 200)
  t.equal((await post(url, initialize(), { authorization: `Bearer ${token}` })).status, 401)
})

t.test('403 from the IP rules says which rule refused the address', async (t) => {
  const { app, base } = await listen(t)
  const url = `${base}/mcp/servers/sales-tools-mcp-server?token=abc123xyz`
  const res = await post(url, initialize())
  t.equal(res.status, 403)
  t.same(res.body, {
    jsonrpc: '2.0',
    error: {
      code: -32011,
      message: "Client address 127.0.0.1 is not in the server policy's ip_allow_list",
      data: { rule: 'ip_allow_list', address: '127.0.0.1' }
    },
    id: null
  })
  // IP rules come before credentials: a wrong token from a refused address is still a 403.
  t.equal((await post(`${base}/mcp/servers/sales-tools-mcp-server?token=nope`, initialize())).status, 403)

  t.equal((await call(app, 'PUT', `${ACME}/mcp_servers/sales-tools-mcp-server/server_policies`, {
    mcp_server_policy: { ip_allow_list: [], ip_deny_list: ['10.0.0.0/8', '127.0.0.0/8'] }
  })).status, 200)
  const denied = await post(url, initialize())
  t.equal(denied.status, 403)
  t.same(denied.body, {
    jsonrpc: '2.0',
    error: {
      code: -32011,
      message: "Client address 127.0.0.1 is refused by the server policy's ip_deny_list (entry 127.0.0.0/8)",
      data: { rule: 'ip_deny_list', address: '127.0.0.1', entry: '127.0.0.0/8' }
    },
    id: null
  })
})

t.test('404 for a handle that does not exist or was deleted, and for other paths under /mcp', async (t) => {
  const { app, base } = await listen(t)
  const body = { jsonrpc: '2.0', error: { code: -32012, message: 'MCP server not found' }, id: null }
  const unknown = await post(`${base}/mcp/servers/no-such-server?token=x`, initialize())
  t.equal(unknown.status, 404)
  t.same(unknown.body, body)
  t.equal((await call(app, 'DELETE', GLOBEX_SERVER)).status, 204)
  const deleted = await post(`${base}${GLOBEX_MCP}?token=${GLOBEX_TOKEN}`, initialize())
  t.equal(deleted.status, 404)
  t.same(deleted.body, body)
  const other = await post(`${base}/mcp/elsewhere`, initialize())
  t.equal(other.status, 404)
  t.same(other.body, body)
})

t.test('405 for GET and DELETE (stateless), with Allow; OPTIONS answers a CORS preflight', async (t) => {
  const { base } = await listen(t)
  const url = `${base}${GLOBEX_MCP}?token=${GLOBEX_TOKEN}`
  for (const method of ['GET', 'DELETE', 'PUT']) {
    const res = await fetch(url, { method, headers: { accept: ACCEPT } })
    t.equal(res.status, 405, method)
    t.equal(res.headers.get('allow'), 'POST, OPTIONS')
    t.same(await res.json(), {
      jsonrpc: '2.0',
      error: { code: -32000, message: 'Method not allowed: this MCP endpoint is stateless; send JSON-RPC with POST' },
      id: null
    })
  }
  // Credentials are checked first: a GET without a token is a 401.
  t.equal((await fetch(`${base}${GLOBEX_MCP}`, { headers: { accept: ACCEPT } })).status, 401)

  const preflight = await fetch(`${base}${GLOBEX_MCP}`, { method: 'OPTIONS', headers: { origin: 'http://localhost:6274', 'access-control-request-method': 'POST' } })
  t.equal(preflight.status, 204)
  t.same(headersOf(preflight.headers, ['access-control-allow-origin', 'access-control-allow-methods', 'access-control-allow-headers', 'access-control-expose-headers']), {
    ...CORS,
    'access-control-allow-methods': 'POST, GET, DELETE, OPTIONS',
    'access-control-allow-headers': 'authorization, content-type, accept, mcp-protocol-version, mcp-session-id, last-event-id'
  })
  // Hijacked SDK responses carry the CORS headers too.
  const ok = await post(url, initialize())
  t.same(headersOf(ok.headers, Object.keys(CORS)), CORS)
})

t.test('JSON-RPC errors stay apart from the REST error shape: bad JSON, wrong media type, wrong Accept', async (t) => {
  const { base } = await listen(t)
  const url = `${base}${GLOBEX_MCP}?token=${GLOBEX_TOKEN}`
  const broken = await post(url, '{"jsonrpc": "2.0", "id": 1,')
  t.equal(broken.status, 400)
  t.same(broken.body, { jsonrpc: '2.0', error: { code: -32700, message: 'Parse error: Invalid JSON' }, id: null })
  const empty = await post(url, '')
  t.equal(empty.status, 400)
  t.same(empty.body, { jsonrpc: '2.0', error: { code: -32700, message: 'Parse error: empty body' }, id: null })
  const notRpc = await post(url, { hello: 'world' })
  t.equal(notRpc.status, 400)
  t.same(notRpc.body, { jsonrpc: '2.0', error: { code: -32700, message: 'Parse error: Invalid JSON-RPC message' }, id: null })

  const text = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain', accept: ACCEPT }, body: 'hi' })
  t.equal(text.status, 415)
  t.same(await text.json(), { jsonrpc: '2.0', error: { code: -32000, message: 'Unsupported Media Type: Content-Type must be application/json' }, id: null })

  const noAccept = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(initialize()) })
  t.equal(noAccept.status, 406)
  t.equal(((await noAccept.json()) as { error: { code: number } }).error.code, -32000)

  const big = await post(url, { jsonrpc: '2.0', id: 1, method: 'ping', params: { pad: 'x'.repeat(1024 * 1024) } })
  t.equal(big.status, 413)
  t.same(big.body, { jsonrpc: '2.0', error: { code: -32000, message: 'Request body is too large (limit 1 MiB)' }, id: null })
})

t.test('429 per minute: Retry-After to the next clock minute; 401s do not count; a policy change keeps the count', async (t) => {
  const clock = createClock()
  clock.freeze(Date.parse('2026-03-02T10:15:20.250Z'))
  const { app, base } = await listen(t, { clock })
  const url = `${base}${GLOBEX_MCP}?token=${GLOBEX_TOKEN}`
  t.equal((await call(app, 'PUT', `${GLOBEX_SERVER}/server_policies`, { mcp_server_policy: { rate_limits: { per_minute: 3 } } })).status, 200)

  for (let i = 0; i < 5; i++) t.equal((await post(`${base}${GLOBEX_MCP}?token=wrong`, initialize())).status, 401)
  for (let i = 1; i <= 3; i++) t.equal((await post(url, listToolsMessage(i))).status, 200, `request ${i}`)
  const limited = await post(url, listToolsMessage(4))
  t.equal(limited.status, 429)
  t.equal(limited.headers.get('retry-after'), '40')
  t.same(limited.body, {
    jsonrpc: '2.0',
    error: {
      code: -32013,
      message: 'Rate limit exceeded: 3 requests per minute (server policy rate_limits); retry after 40 s',
      data: { rule: 'rate_limits', limit: 3, interval: 'minute', retry_after: 40, resets_at: '2026-03-02T10:16:00.000Z' }
    },
    id: null
  })
  // Refused requests are not counted, and a 401 is still a 401 when the window is full.
  t.equal((await post(`${base}${GLOBEX_MCP}?token=wrong`, initialize())).status, 401)

  // Raising the limit keeps the three already made: two more fit.
  t.equal((await call(app, 'PUT', `${GLOBEX_SERVER}/server_policies`, { mcp_server_policy: { rate_limits: { per_minute: 5 } } })).status, 200)
  t.equal((await post(url, listToolsMessage(5))).status, 200)
  t.equal((await post(url, listToolsMessage(6))).status, 200)
  t.equal((await post(url, listToolsMessage(7))).status, 429)
  // Lifting it altogether lets everything through; putting it back still remembers the count.
  t.equal((await call(app, 'PUT', `${GLOBEX_SERVER}/server_policies`, { mcp_server_policy: { rate_limits: {} } })).status, 200)
  t.equal((await post(url, listToolsMessage(8))).status, 200)
  t.equal((await call(app, 'PUT', `${GLOBEX_SERVER}/server_policies`, { mcp_server_policy: { rate_limits: { per_minute: 6 } } })).status, 200)
  t.equal((await post(url, listToolsMessage(9))).status, 429)

  clock.advance(39_750)
  t.equal((await post(url, listToolsMessage(10))).status, 200)
  // Another server has its own window.
  t.equal((await post(`${base}/mcp/servers/sales-tools-mcp-server?token=abc123xyz`, initialize())).status, 403)
})

t.test('429 per day: refused until the UTC day rolls over', async (t) => {
  const clock = createClock()
  clock.freeze(Date.parse('2026-03-02T22:00:00.000Z'))
  const { app, base } = await listen(t, { clock })
  const url = `${base}${GLOBEX_MCP}?token=${GLOBEX_TOKEN}`
  t.equal((await call(app, 'PUT', `${GLOBEX_SERVER}/server_policies`, { mcp_server_policy: { quota_limits: { per_day: 2 } } })).status, 200)
  t.equal((await post(url, listToolsMessage(1))).status, 200)
  clock.advance(3_600_000)
  t.equal((await post(url, listToolsMessage(2))).status, 200)
  const refused = await post(url, listToolsMessage(3))
  t.equal(refused.status, 429)
  t.equal(refused.headers.get('retry-after'), '3600')
  t.same(refused.body, {
    jsonrpc: '2.0',
    error: {
      code: -32014,
      message: 'Quota exceeded: 2 requests per day (server policy quota_limits); retry after 3600 s',
      data: { rule: 'quota_limits', limit: 2, interval: 'day', retry_after: 3600, resets_at: '2026-03-03T00:00:00.000Z' }
    },
    id: null
  })
  clock.advance(3_599_999)
  t.equal((await post(url, listToolsMessage(4))).status, 429)
  clock.advance(1)
  t.equal((await post(url, listToolsMessage(5))).status, 200)
})

t.test('live-profile policy shapes {limit, interval} are enforced too', async (t) => {
  const fixtures = loadFixtures()
  const globex = fixtures.managed_users.find(mu => mu.id === 91830)!
  globex.mcp_servers[0].policy.rate_limits = { limit: 2, interval: 'hour' }
  globex.mcp_servers[0].policy.quota_limits = { limit: 100, interval: '30 days' }
  const clock = createClock()
  clock.freeze(Date.parse('2026-03-02T10:30:00.000Z'))
  const { base } = await listen(t, { clock, fixtures })
  const url = `${base}${GLOBEX_MCP}?token=${GLOBEX_TOKEN}`
  t.equal((await post(url, listToolsMessage(1))).status, 200)
  t.equal((await post(url, listToolsMessage(2))).status, 200)
  const refused = await post(url, listToolsMessage(3))
  t.equal(refused.status, 429)
  t.equal(refused.headers.get('retry-after'), '1800')
  t.equal((refused.body as { error: { message: string } }).error.message, 'Rate limit exceeded: 2 requests per hour (server policy rate_limits); retry after 1800 s')
  clock.advance(1_800_000)
  t.equal((await post(url, listToolsMessage(4))).status, 200)
})

t.test('MCP replies go through Fastify\'s hooks like any other (so the request journal sees them), and work with inject', async (t) => {
  const app = await build(t)
  const seen: Array<{ url: string, status: number, payload: unknown }> = []
  app.addHook('onSend', async (request, reply, payload) => {
    seen.push({ url: request.url, status: reply.statusCode, payload })
    return payload
  })
  const res = await app.inject({
    method: 'POST',
    url: `${GLOBEX_MCP}?token=${GLOBEX_TOKEN}`,
    headers: { 'content-type': 'application/json', accept: ACCEPT },
    payload: { jsonrpc: '2.0', id: 9, method: 'tools/call', params: { name: 'create_zendesk_ticket', arguments: { subject: 'Hi' } } }
  })
  t.equal(res.statusCode, 200)
  const body = {
    jsonrpc: '2.0',
    id: 9,
    result: { content: [{ type: 'text', text: '{"ticket_id":48213,"status":"new"}' }], structuredContent: { ticket_id: 48213, status: 'new' } }
  }
  t.same(res.json(), body)
  t.equal(seen.length, 1)
  t.same({ ...seen[0], payload: JSON.parse(seen[0].payload as string) }, { url: `${GLOBEX_MCP}?token=${GLOBEX_TOKEN}`, status: 200, payload: body })
})

t.test('catalog schemas: a missing type becomes an object schema; a schema that cannot compile fails the call, not the server', async (t) => {
  const fixtures = loadFixtures()
  const globex = fixtures.managed_users.find(mu => mu.id === 91830)!
  globex.catalog[0].input_schema = { properties: { subject: { type: 'string', format: 'email' } } }
  globex.catalog[1].input_schema = { type: 'object', properties: { ticket_id: { $ref: '#/definitions/nowhere' } } }
  const app = await build(t, { fixtures })
  const rpc = async (message: object) => (await app.inject({
    method: 'POST',
    url: `${GLOBEX_MCP}?token=${GLOBEX_TOKEN}`,
    headers: { 'content-type': 'application/json', accept: ACCEPT },
    payload: { jsonrpc: '2.0', id: 1, ...message }
  })).json().result
  const { tools } = await rpc({ method: 'tools/list' })
  t.same(tools[0].inputSchema, { properties: { subject: { type: 'string', format: 'email' } }, type: 'object' })
  // Formats are checked (the SDK's Ajv setup includes them).
  t.same(await rpc({ method: 'tools/call', params: { name: 'create_zendesk_ticket', arguments: { subject: 'not an address' } } }), {
    content: [{ type: 'text', text: 'Invalid arguments for tool create_zendesk_ticket: subject must match format "email"' }],
    isError: true
  })
  t.equal((await rpc({ method: 'tools/call', params: { name: 'create_zendesk_ticket', arguments: { subject: 'a@example.com' } } })).isError, undefined)
  const broken = await rpc({ method: 'tools/call', params: { name: 'escalate_ticket', arguments: { ticket_id: 1 } } })
  t.equal(broken.isError, true)
  t.match(broken.content[0].text, /^Invalid arguments for tool escalate_ticket: the tool's input schema cannot be compiled \(.*nowhere.*\)$/)
})

t.test('malformed params are -32602 Invalid params (not the SDK\'s -32603); batches are answered as batches', async (t) => {
  const app = await build(t)
  const send = async (payload: unknown) => {
    const res = await app.inject({ method: 'POST', url: `${GLOBEX_MCP}?token=${GLOBEX_TOKEN}`, headers: { 'content-type': 'application/json', accept: ACCEPT }, payload: payload as object })
    return { status: res.statusCode, body: res.body === '' ? undefined : res.json() }
  }
  t.same(await send({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 5 } }), {
    status: 200,
    body: { jsonrpc: '2.0', id: 1, error: { code: -32602, message: 'Invalid params for tools/call: params.name: Invalid input: expected string, received number' } }
  })
  t.same((await send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'escalate_ticket', arguments: [1] } })).body.error,
    { code: -32602, message: 'Invalid params for tools/call: params.arguments: Invalid input: expected record, received array' })
  t.same((await send({ jsonrpc: '2.0', id: 3, method: 'initialize', params: { capabilities: {}, clientInfo: { name: 'x', version: '1' } } })).body.error,
    { code: -32602, message: 'Invalid params for initialize: params.protocolVersion: Invalid input: expected string, received undefined' })
  t.same((await send({ jsonrpc: '2.0', id: 4, method: 'tools/list', params: { cursor: 5 } })).body.error.code, -32602)

  const batch = await send([{ jsonrpc: '2.0', id: 'a', method: 'ping' }, { jsonrpc: '2.0', id: 'b', method: 'nope' }, { jsonrpc: '2.0', method: 'notifications/initialized' }])
  t.same(batch, { status: 200, body: [{ jsonrpc: '2.0', id: 'a', result: {} }, { jsonrpc: '2.0', id: 'b', error: { code: -32601, message: 'Method not found' } }] })
  t.same(await send([]), { status: 202, body: undefined })
})
