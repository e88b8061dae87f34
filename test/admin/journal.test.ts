import t from 'tap'
import { ACME, AUTH, build, call, GLOBEX, listen } from '../helpers/app.js'
import { admin } from '../helpers/admin.js'

t.test('every /api and /mcp request is recorded with its details, newest first', async (t) => {
  const app = await build(t)
  await call(app, 'PUT', `${ACME}/mcp_servers/sales-tools-mcp-server/tools/3001`, { description: 'New words' })
  await app.inject({ method: 'GET', url: '/mcp/servers/globex-support-server?token=globextoken001' })
  await app.inject({ method: 'GET', url: '/health' })
  await admin(app, 'GET', '/faults')

  const res = await admin(app, 'GET', '/requests')
  t.equal(res.status, 200)
  t.equal(res.body.count, 2, '/health and /__admin are not recorded')
  const [mcp, api] = res.body.data
  t.match(api, {
    id: 1,
    time: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/,
    method: 'PUT',
    path: '/api/managed_users/91829/mcp_servers/sales-tools-mcp-server/tools/3001',
    query: {},
    managed_user_id: 91829,
    headers: { authorization: '[REDACTED]', 'content-type': 'application/json' },
    body: { description: 'New words' },
    status: 200,
    response_body: { id: 3001, description: 'New words' },
    truncated: false,
    duration_ms: Number,
    fault: null
  })
  t.same(Object.keys(api), ['id', 'time', 'method', 'path', 'query', 'managed_user_id', 'headers', 'body', 'status', 'response_body', 'truncated', 'duration_ms', 'fault'])
  t.match(mcp, { id: 2, method: 'GET', path: '/mcp/servers/globex-support-server', query: { token: '[REDACTED]' }, managed_user_id: 91830 })
  t.ok(Date.parse(mcp.time) >= Date.parse(api.time))
})

t.test('Authorization and every token are redacted', async (t) => {
  const app = await build(t)
  await call(app, 'GET', `${ACME}/mcp_servers/sales-tools-mcp-server?token=secret-one&wkt_token=secret-two&page=1`)
  await call(app, 'POST', `${ACME}/mcp_servers/sales-tools-mcp-server/token_renew`)
  // A client echoing an mcp_url back in a body (e.g. its own notes field) must not leak it either.
  await call(app, 'PUT', `${ACME}/mcp_servers/sales-tools-mcp-server`, { description: 'see http://127.0.0.1:4000/mcp/servers/x?token=secret-three' })
  await app.inject({
    method: 'POST',
    url: '/mcp/servers/globex-support-server?token=globextoken001',
    headers: { accept: 'application/json, text/event-stream', cookie: 'sid=secret-five', 'proxy-authorization': 'Basic secret-four' },
    payload: { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'create_zendesk_ticket', arguments: { subject: 'x', token: 'secret-six' } } }
  })
  const raw = (await admin(app, 'GET', '/requests')).raw
  for (const secret of ['secret-one', 'secret-two', 'secret-three', 'secret-four', 'secret-five', 'secret-six', 'dev-token', 'abc123xyz', 'globextoken001']) {
    t.notOk(raw.includes(secret), `${secret} does not appear`)
  }
  const renewed = (await call(app, 'GET', `${ACME}/mcp_servers/sales-tools-mcp-server`)).body.data.mcp_url
  const newToken = new URL(renewed).searchParams.get('token')!
  t.notOk((await admin(app, 'GET', '/requests')).raw.includes(newToken), 'nor does a freshly issued token in a response mcp_url')
  const entries = (await admin(app, 'GET', '/requests')).body.data
  const first = entries.at(-1)
  t.same(first.query, { token: '[REDACTED]', wkt_token: '[REDACTED]', page: '1' })
  t.match(first.response_body.data.mcp_url, /\?token=\[REDACTED\]$/)
  t.equal(entries.at(-3).body.description, 'see http://127.0.0.1:4000/mcp/servers/x?token=[REDACTED]')
  t.same(entries.at(-4).headers.cookie, '[REDACTED]')
  t.same(entries.at(-4).body.params.arguments, { subject: 'x', token: '[REDACTED]' })
})

t.test('filters: method, path prefix, managed user, status, since, limit', async (t) => {
  const app = await build(t)
  await call(app, 'GET', `${ACME}/mcp_servers`) // 1
  await call(app, 'GET', `${GLOBEX}/mcp_servers`) // 2
  await call(app, 'POST', `${ACME}/mcp_servers`, { name: 'X', folder_id: 27180380 }) // 3
  await call(app, 'GET', `${ACME}/mcp_servers/nope`) // 4: 404
  await call(app, 'GET', '/api/managed_users/Eglobex%2Feu%207/user_groups') // 5
  await app.inject({ method: 'GET', url: `${ACME}/mcp_servers` }) // 6: 401
  const ids = async (query: string) => {
    const res = await admin(app, 'GET', `/requests${query}`)
    t.equal(res.status, 200, query)
    return { ids: res.body.data.map((e: { id: number }) => e.id), count: res.body.count }
  }
  t.same(await ids(''), { ids: [6, 5, 4, 3, 2, 1], count: 6 })
  t.same(await ids('?method=post'), { ids: [3], count: 1 })
  t.same(await ids('?path=/api/managed_users/91829/mcp_servers/'), { ids: [4], count: 1 })
  t.same(await ids('?path=/api/managed_users/91829'), { ids: [6, 4, 3, 1], count: 4 })
  t.same(await ids('?managed_user_id=91830'), { ids: [5, 2], count: 2 }, 'by account id, whichever form the path used')
  t.same(await ids('?managed_user_id=Eglobex%2Feu%207'), { ids: [5, 2], count: 2 }, 'by external id')
  t.same(await ids('?status=404'), { ids: [4], count: 1 })
  t.same(await ids('?status=401'), { ids: [6], count: 1 })
  t.same(await ids('?since=4'), { ids: [6, 5], count: 2 })
  t.same(await ids('?limit=2'), { ids: [6, 5], count: 6 }, 'count is the number of matches before limit')
  t.same(await ids('?managed_user_id=91829&method=GET&limit=1'), { ids: [6], count: 3 })
  t.same(await ids('?managed_user_id=999999'), { ids: [], count: 0 })

  const bad = await admin(app, 'GET', '/requests?limit=0&status=abc')
  t.equal(bad.status, 400)
  t.same(Object.keys(bad.body.errors).sort(), ['limit', 'status'])
  t.equal((await admin(app, 'GET', '/requests?managed_user_id=Eunknown')).status, 404)
})

t.test('DELETE /__admin/requests clears the journal; ids keep rising', async (t) => {
  const app = await build(t)
  await call(app, 'GET', `${ACME}/mcp_servers`)
  await call(app, 'GET', `${ACME}/mcp_servers`)
  const del = await admin(app, 'DELETE', '/requests')
  t.equal(del.status, 204)
  t.equal(del.raw, '')
  t.same((await admin(app, 'GET', '/requests')).body, { data: [], count: 0 })
  await call(app, 'GET', `${ACME}/mcp_servers`)
  t.same((await admin(app, 'GET', '/requests')).body.data.map((e: { id: number }) => e.id), [3])
})

t.test('the journal stays within its bound after wrapping around its ring twice', async (t) => {
  const app = await build(t)
  const total = 2_500
  for (let i = 0; i < total; i += 100) {
    await Promise.all(Array.from({ length: 100 }, () => app.inject({ method: 'GET', url: '/api/managed_users/91829/user_groups', headers: AUTH })))
  }
  const res = await admin(app, 'GET', '/requests?limit=1000000')
  t.equal(res.body.count, 1000, 'default capacity 1,000')
  t.equal(res.body.data.length, 1000)
  t.equal(res.body.data[0].id, total, 'the newest is kept')
  t.equal(res.body.data[999].id, total - 999, 'the oldest are dropped')
  t.ok(res.body.data.every((e: { id: number }, i: number) => e.id === total - i), 'in order, no gaps')
})

t.test('capacity is configurable; 0 disables the journal', async (t) => {
  const small = await build(t, { env: { FAKE_WORKATO_JOURNAL_SIZE: '3' } })
  for (let i = 0; i < 5; i++) await call(small, 'GET', `${ACME}/mcp_servers?page=${i + 1}`)
  t.same((await admin(small, 'GET', '/requests')).body.data.map((e: { query: { page: string } }) => e.query.page), ['5', '4', '3'])

  const off = await build(t, { config: { journalSize: 0 } })
  await call(off, 'GET', `${ACME}/mcp_servers`)
  t.same((await admin(off, 'GET', '/requests')).body, { data: [], count: 0 })
})

t.test('journal time is real time even while the clock is frozen', async (t) => {
  const app = await build(t)
  await admin(app, 'POST', '/clock', { frozen_at: '2001-02-03T04:05:06.000Z' })
  const before = Date.now()
  await call(app, 'GET', `${ACME}/mcp_servers`)
  const entry = (await admin(app, 'GET', '/requests')).body.data[0]
  t.ok(Date.parse(entry.time) >= before - 1, 'not the frozen time')
  t.ok(Date.parse(entry.time) <= Date.now())
})

t.test('large bodies are kept cut, so entries stay small', async (t) => {
  const app = await build(t)
  const long = 'x'.repeat(100_000)
  t.equal((await call(app, 'PUT', `${ACME}/mcp_servers/sales-tools-mcp-server`, { description: long })).status, 400)
  const request = (await admin(app, 'GET', '/requests')).body.data[0]
  t.equal(request.truncated, true)
  t.equal(typeof request.body, 'string')
  t.equal(request.body.length, 64 * 1024)
  t.match(request.response_body, { message: /description/ }, 'the small response is kept whole')

  await admin(app, 'POST', '/faults', { path: '/api/**', status: 500, body: { detail: long }, times: 1 })
  t.equal((await call(app, 'GET', `${ACME}/mcp_servers`)).status, 500)
  const response = (await admin(app, 'GET', '/requests')).body.data[0]
  t.equal(response.truncated, true)
  t.equal(response.body, null)
  t.equal(typeof response.response_body, 'string')
  t.equal(response.response_body.length, 64 * 1024)
})

t.test('MCP requests are recorded with their managed user, redacted, and can be faulted', async (t) => {
  const app = await build(t)
  await admin(app, 'POST', '/faults', { path: '/mcp/servers/*', delay_ms: 1, times: 1 })
  const res = await app.inject({
    method: 'POST',
    url: '/mcp/servers/globex-support-server?token=globextoken001',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    payload: { jsonrpc: '2.0', id: 9, method: 'tools/call', params: { name: 'create_zendesk_ticket', arguments: { subject: 'Hi' } } }
  })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['x-fake-workato-fault'], '1', 'the fault header survives the MCP transport')
  const entry = (await admin(app, 'GET', '/requests')).body.data[0]
  t.match(entry, {
    method: 'POST',
    path: '/mcp/servers/globex-support-server',
    query: { token: '[REDACTED]' },
    managed_user_id: 91830,
    body: { jsonrpc: '2.0', id: 9, method: 'tools/call', params: { name: 'create_zendesk_ticket', arguments: { subject: 'Hi' } } },
    status: 200,
    response_body: { jsonrpc: '2.0', id: 9, result: { structuredContent: { ticket_id: 48213, status: 'new' } } },
    fault: 1
  })
})

t.test('hijacked replies written by hand are recorded and redacted', async (t) => {
  const app = await build(t)
  // A free /mcp path standing in for a transport that takes over the raw response.
  app.post('/mcp/journal-probe/:handle', async (_req, reply) => {
    reply.hijack()
    reply.raw.writeHead(200, { 'content-type': 'text/event-stream' })
    reply.raw.write('event: message\n')
    reply.raw.end('data: {"jsonrpc":"2.0","id":1,"result":{"url":"http://x/mcp/servers/a?token=secret-sse"}}\n\n')
  })
  await admin(app, 'POST', '/faults', { path: '/mcp/journal-probe/*', delay_ms: 1, times: 1 })
  const res = await app.inject({ method: 'POST', url: '/mcp/journal-probe/x?token=abc123xyz', payload: { jsonrpc: '2.0', id: 1, method: 'ping' } })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['x-fake-workato-fault'], '1', 'the fault header survives a hijacked reply')
  const entry = (await admin(app, 'GET', '/requests')).body.data[0]
  t.match(entry, {
    path: '/mcp/journal-probe/x',
    query: { token: '[REDACTED]' },
    body: { jsonrpc: '2.0', id: 1, method: 'ping' },
    status: 200,
    response_body: 'event: message\ndata: {"jsonrpc":"2.0","id":1,"result":{"url":"http://x/mcp/servers/a?token=[REDACTED]"}}\n\n',
    fault: 1
  })
})

t.test('over a real socket, JSON responses are recorded as JSON', async (t) => {
  const { app, base } = await listen(t)
  const res = await fetch(`${base}${ACME}/mcp_servers/sales-tools-mcp-server`, { headers: AUTH })
  t.equal(res.status, 200)
  await res.arrayBuffer()
  const entry = (await admin(app, 'GET', '/requests')).body.data[0]
  t.match(entry.response_body, { data: { id: 1001, mcp_url: /\?token=\[REDACTED\]$/ } })
  t.equal(entry.status, 200)
})

t.test('a stream cut short is recorded with the status it sent', async (t) => {
  const app = await build(t)
  app.get('/mcp/journal-probe/:handle', async (_req, reply) => {
    reply.hijack()
    reply.raw.writeHead(200, { 'content-type': 'text/event-stream' })
    reply.raw.write('event: message\n')
    reply.raw.destroy()
  })
  await t.rejects(app.inject({ method: 'GET', url: '/mcp/journal-probe/x' }))
  const entry = (await admin(app, 'GET', '/requests')).body.data[0]
  t.match(entry, { status: 200, response_body: 'event: message\n', fault: null })
})

t.test('a client that gives up before the reply is ready is recorded without a status', async (t) => {
  const { app, base } = await listen(t)
  await admin(app, 'POST', '/faults', { path: '/api/**', delay_ms: 300, times: 1 })
  const gaveUp = new AbortController()
  setTimeout(() => gaveUp.abort(), 50)
  await t.rejects(fetch(`${base}${ACME}/mcp_servers`, { headers: AUTH, signal: gaveUp.signal }))
  // The route still runs once the delay is over; only then is the request recorded.
  let entries: Array<{ status: number | null, fault: number | null }> = []
  for (let i = 0; i < 50 && entries.length === 0; i++) {
    await new Promise(resolve => setTimeout(resolve, 20))
    entries = (await admin(app, 'GET', '/requests')).body.data
  }
  t.same(entries.map(e => [e.status, e.fault]), [[null, 1]])
})

t.test('a hand-written reply that fills the journal limit exactly and then writes more is marked cut', async (t) => {
  const app = await build(t)
  app.get('/mcp/journal-probe/:handle', async (_req, reply) => {
    reply.hijack()
    reply.raw.writeHead(200, { 'content-type': 'text/plain' })
    reply.raw.write('a'.repeat(64 * 1024))
    reply.raw.end('tail')
  })
  t.equal((await app.inject({ method: 'GET', url: '/mcp/journal-probe/x' })).statusCode, 200)
  const entry = (await admin(app, 'GET', '/requests')).body.data[0]
  t.equal(entry.truncated, true)
  t.equal(entry.response_body, 'a'.repeat(64 * 1024))
})
