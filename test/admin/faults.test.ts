import t from 'tap'
import { ACME, AUTH, build, call, GLOBEX, listen } from '../helpers/app.js'
import { admin } from '../helpers/admin.js'

const FAULT = 'x-fake-workato-fault'

t.test('a status fault fires exactly `times` times, with a Workato-style body and a header, then stops', async (t) => {
  const app = await build(t)
  const add = await admin(app, 'POST', '/faults', { method: 'get', path: `${ACME}/mcp_servers`, status: 503, times: 3 })
  t.equal(add.status, 201)
  t.same(add.body, { id: 1, method: 'GET', path: `${ACME}/mcp_servers`, status: 503, times: 3, fired: 0 })

  for (let i = 0; i < 3; i++) {
    const res = await call(app, 'GET', `${ACME}/mcp_servers`)
    t.equal(res.status, 503)
    t.same(res.body, { message: 'Service Unavailable' })
    t.equal(res.headers[FAULT], '1')
  }
  const after = await call(app, 'GET', `${ACME}/mcp_servers`)
  t.equal(after.status, 200)
  t.equal(after.body.count, 2)
  t.notOk(FAULT in after.headers, 'real responses carry no fault header')
  t.same((await admin(app, 'GET', '/faults')).body, { data: [{ ...add.body, fired: 3 }], count: 1 })
  t.same((await admin(app, 'GET', '/faults/1')).body.fired, 3)
  const journal = (await admin(app, 'GET', '/requests')).body.data
  t.same(journal.map((e: { status: number, fault: number | null }) => [e.status, e.fault]), [[200, null], [503, 1], [503, 1], [503, 1]])
})

t.test('a status fault answers the given body: JSON as JSON, a string as text', async (t) => {
  const app = await build(t)
  await admin(app, 'POST', '/faults', { path: `${ACME}/mcp_servers/*`, status: 422, body: { message: 'Custom', errors: { name: ['is odd'] } }, times: 1 })
  const json = await call(app, 'GET', `${ACME}/mcp_servers/sales-tools-mcp-server`)
  t.equal(json.status, 422)
  t.same(json.body, { message: 'Custom', errors: { name: ['is odd'] } })
  t.match(json.headers['content-type'], /^application\/json/)

  await admin(app, 'POST', '/faults', { path: '/api/**', status: 502, body: '<html>Bad gateway</html>', times: 1 })
  const text = await app.inject({ method: 'GET', url: `${ACME}/mcp_servers`, headers: AUTH })
  t.equal(text.statusCode, 502)
  t.equal(text.body, '<html>Bad gateway</html>')
  t.match(text.headers['content-type'], /^text\/plain/)
  t.equal(text.headers[FAULT], '2')

  await admin(app, 'POST', '/faults', { path: '/api/**', status: 204, times: 1 })
  const empty = await app.inject({ method: 'GET', url: `${ACME}/mcp_servers`, headers: AUTH })
  t.equal(empty.statusCode, 204)
  t.equal(empty.body, '')
})

t.test('a delay fault slows exactly `times` responses and leaves them otherwise real', async (t) => {
  const app = await build(t)
  await admin(app, 'POST', '/faults', { path: `${ACME}/mcp_servers`, delay_ms: 80, times: 2 })
  const real = (await call(app, 'GET', `${ACME}/mcp_servers`)).body
  t.same(real.count, 2)
  const second = await call(app, 'GET', `${ACME}/mcp_servers`)
  t.same(second.body, real, 'the real response')
  t.equal(second.headers[FAULT], '1')
  const third = await call(app, 'GET', `${ACME}/mcp_servers`)
  t.notOk(FAULT in third.headers)
  const journal = (await admin(app, 'GET', '/requests')).body.data
  t.same(journal.map((e: { fault: number | null }) => e.fault), [null, 1, 1])
  t.ok(journal[1].duration_ms >= 79 && journal[2].duration_ms >= 79, 'the faulted requests waited at least delay_ms')
  t.equal((await admin(app, 'GET', '/faults/1')).body.fired, 2)
})

t.test('a delayed status fault waits, then answers the status', async (t) => {
  const app = await build(t)
  await admin(app, 'POST', '/faults', { path: '/api/**', delay_ms: 50, status: 504, times: 1 })
  const started = performance.now()
  const res = await call(app, 'GET', `${ACME}/mcp_servers`)
  t.ok(performance.now() - started >= 49)
  t.equal(res.status, 504)
  t.same(res.body, { message: 'Gateway Timeout' })
})

t.test('a drop fault destroys the connection exactly `times` times', async (t) => {
  const app = await build(t)
  await admin(app, 'POST', '/faults', { path: '/api/managed_users/*/mcp_servers', drop: true, times: 2 })
  await t.rejects(app.inject({ method: 'GET', url: `${ACME}/mcp_servers`, headers: AUTH }), { code: 'LIGHT_ECONNRESET' })
  await t.rejects(app.inject({ method: 'GET', url: `${GLOBEX}/mcp_servers`, headers: AUTH }), { code: 'LIGHT_ECONNRESET' })
  t.equal((await call(app, 'GET', `${ACME}/mcp_servers`)).status, 200)
  const journal = (await admin(app, 'GET', '/requests')).body.data
  t.same(journal.map((e: { status: number | null, fault: number | null }) => [e.status, e.fault]), [[200, null], [null, 1], [null, 1]])
  t.equal((await admin(app, 'GET', '/faults/1')).body.fired, 2)
})

t.test('a drop fault closes a real socket: an HTTP client sees a network error', async (t) => {
  const { app, base } = await listen(t)
  await admin(app, 'POST', '/faults', { path: '/api/**', drop: true, times: 1 })
  await t.rejects(fetch(`${base}${ACME}/mcp_servers`, { headers: AUTH }), TypeError)
  const ok = await fetch(`${base}${ACME}/mcp_servers`, { headers: AUTH })
  t.equal(ok.status, 200)
  await ok.arrayBuffer()
})

t.test('matching: exact path, * within a segment, ** across, method and managed user', async (t) => {
  const app = await build(t)
  const rule = async (body: object) => (await admin(app, 'POST', '/faults', { status: 500, ...body })).body.id
  const hit = async (method: 'GET' | 'PUT' | 'POST', url: string) => (await app.inject({ method, url, headers: AUTH, ...(method === 'GET' ? {} : { payload: {} }) })).headers[FAULT]

  const exact = await rule({ path: `${ACME}/user_groups` })
  t.equal(await hit('GET', `${ACME}/user_groups`), String(exact))
  t.equal(await hit('GET', `${ACME}/user_groups?page=2`), String(exact), 'the query string is not part of the path')
  t.equal(await hit('GET', `${GLOBEX}/user_groups`), undefined)
  await admin(app, 'DELETE', '/faults')

  const star = await rule({ path: '/api/managed_users/*/mcp_servers' })
  t.equal(await hit('GET', `${GLOBEX}/mcp_servers`), String(star))
  t.equal(await hit('GET', `${GLOBEX}/mcp_servers/globex-support-server`), undefined, '* does not cross a /')
  await admin(app, 'DELETE', '/faults')

  const globstar = await rule({ path: '/api/**/tools' })
  t.equal(await hit('GET', `${ACME}/mcp_servers/sales-tools-mcp-server/tools`), String(globstar))
  t.equal(await hit('GET', `${ACME}/mcp_servers`), undefined)
  await admin(app, 'DELETE', '/faults')

  const put = await rule({ path: '/api/**', method: 'PUT' })
  t.equal(await hit('GET', `${ACME}/mcp_servers/sales-tools-mcp-server`), undefined)
  t.equal(await hit('PUT', `${ACME}/mcp_servers/sales-tools-mcp-server`), String(put))
  await admin(app, 'DELETE', '/faults')

  const tenant = await rule({ path: '/**', managed_user_id: 'Eglobex/eu 7' })
  t.same((await admin(app, 'GET', `/faults/${tenant}`)).body.managed_user_id, 91830, 'stored as the account id')
  t.equal(await hit('GET', `${ACME}/mcp_servers`), undefined)
  t.equal(await hit('GET', '/api/managed_users/Eglobex%2Feu%207/mcp_servers'), String(tenant), 'either form of the path matches')
  t.equal(await hit('GET', '/mcp/servers/globex-support-server'), String(tenant), '/mcp requests match by their server\'s managed user')
  t.equal(await hit('GET', '/mcp/servers/sales-tools-mcp-server'), undefined)
})

t.test('faults come before auth and apply to /mcp; /__admin and /health are never faulted', async (t) => {
  const app = await build(t)
  await admin(app, 'POST', '/faults', { path: '/**', status: 503 })
  t.equal((await app.inject({ method: 'GET', url: `${ACME}/mcp_servers` })).statusCode, 503, 'no token, still the fault')
  t.equal((await app.inject({ method: 'POST', url: '/mcp/servers/sales-tools-mcp-server', payload: {} })).statusCode, 503)
  t.equal((await app.inject({ method: 'GET', url: '/health' })).statusCode, 200)
  t.equal((await admin(app, 'GET', '/faults')).status, 200)
  t.equal((await admin(app, 'GET', '/faults/1')).body.fired, 2, 'an always-rule keeps firing')
})

t.test('rules are tried in creation order; used-up rules let later ones fire', async (t) => {
  const app = await build(t)
  await admin(app, 'POST', '/faults', { path: '/api/**', status: 500, times: 1 })
  await admin(app, 'POST', '/faults', { path: '/api/**', status: 429, times: 1 })
  const statuses = []
  for (let i = 0; i < 3; i++) statuses.push((await call(app, 'GET', `${ACME}/mcp_servers`)).status)
  t.same(statuses, [500, 429, 200])
})

async function pattern (seed: string | undefined, n: number): Promise<string> {
  const app = await import('../../src/app.js').then(m => m.buildApp({ logger: false, env: {}, config: seed === undefined ? {} : { seed } }))
  try {
    await admin(app, 'POST', '/faults', { path: '/api/**', status: 503, probability: 0.5 })
    let out = ''
    for (let i = 0; i < n; i++) out += (await call(app, 'GET', `${ACME}/user_groups`)).status === 503 ? 'F' : '.'
    // The draws restart with a reset, as every seeded generator does.
    await admin(app, 'POST', '/reset')
    await admin(app, 'POST', '/faults', { path: '/api/**', status: 503, probability: 0.5 })
    let again = ''
    for (let i = 0; i < n; i++) again += (await call(app, 'GET', `${ACME}/user_groups`)).status === 503 ? 'F' : '.'
    if (seed !== undefined && again !== out) throw new Error(`after reset: ${again} vs ${out}`)
    return out
  } finally {
    await app.close()
  }
}

t.test('probability faults are reproducible with a seed', async (t) => {
  const a = await pattern('42', 60)
  const b = await pattern('42', 60)
  t.equal(a, b, 'same seed, same sequence')
  t.match(a, /F/)
  t.match(a, /\./)
  const fired = a.split('').filter(c => c === 'F').length
  t.ok(fired > 15 && fired < 45, `about half fire (${fired}/60)`)
  t.not(await pattern('43', 60), a, 'another seed, another sequence')
})

t.test('probability and times combine: at most `times` firings', async (t) => {
  const app = await build(t, { config: { seed: 's' } })
  await admin(app, 'POST', '/faults', { path: '/api/**', status: 500, probability: 0.5, times: 4 })
  let fired = 0
  for (let i = 0; i < 60; i++) if ((await call(app, 'GET', `${ACME}/user_groups`)).status === 500) fired++
  t.equal(fired, 4)
  t.equal((await admin(app, 'GET', '/faults/1')).body.fired, 4)
})

t.test('DELETE /__admin/faults/:id and /__admin/faults', async (t) => {
  const app = await build(t)
  await admin(app, 'POST', '/faults', { path: '/api/**', status: 500 })
  await admin(app, 'POST', '/faults', { path: '/mcp/**', status: 500 })
  t.equal((await admin(app, 'DELETE', '/faults/1')).status, 204)
  t.equal((await admin(app, 'DELETE', '/faults/1')).status, 404)
  t.equal((await admin(app, 'GET', '/faults/1')).status, 404)
  t.same((await admin(app, 'GET', '/faults')).body.data.map((f: { id: number }) => f.id), [2])
  t.equal((await call(app, 'GET', `${ACME}/mcp_servers`)).status, 200)
  t.equal((await admin(app, 'DELETE', '/faults')).status, 204)
  t.same((await admin(app, 'GET', '/faults')).body, { data: [], count: 0 })
  t.equal((await admin(app, 'POST', '/faults', { path: '/api/**', status: 500 })).body.id, 3, 'ids are not reused until a reset')
  t.equal((await admin(app, 'GET', '/faults/abc')).status, 400)
})

t.test('bad fault rules are refused with clear errors', async (t) => {
  const app = await build(t)
  const cases: Array<[object, number, string]> = [
    [{ path: '/api/**' }, 400, 'status'],
    [{ path: '/api/**', status: 500, drop: true }, 400, 'drop'],
    [{ path: '/api/**', body: { message: 'x' }, delay_ms: 5 }, 400, 'body'],
    [{ path: 'api/**', status: 500 }, 400, 'path'],
    [{ status: 500 }, 400, 'path'],
    [{ path: '/api/**', status: 700 }, 400, 'status'],
    [{ path: '/api/**', status: '500' }, 400, 'status'],
    [{ path: '/api/**', status: 500, probability: 0 }, 400, 'probability'],
    [{ path: '/api/**', status: 500, probability: 1.5 }, 400, 'probability'],
    [{ path: '/api/**', status: 500, times: 0 }, 400, 'times'],
    [{ path: '/api/**', delay_ms: -1 }, 400, 'delay_ms'],
    [{ path: '/api/**', status: 500, managed_user_id: 1 }, 422, 'managed_user_id'],
    [{ path: '/api/**', status: 500, managed_user_id: 'Enobody' }, 422, 'managed_user_id']
  ]
  for (const [body, status, field] of cases) {
    const res = await admin(app, 'POST', '/faults', body)
    t.equal(res.status, status, JSON.stringify(body))
    t.ok(field in (res.body.errors ?? {}), `${JSON.stringify(body)} names ${field}`)
  }
  t.same((await admin(app, 'GET', '/faults')).body.count, 0, 'nothing was added')
})

t.test('global latency: fixed or a uniform range, validated, off after reset', async (t) => {
  const app = await build(t, { config: { seed: 'lat' } })
  t.same((await admin(app, 'GET', '/latency')).body, { min_ms: 0, max_ms: 0 })
  t.same((await admin(app, 'PUT', '/latency', { ms: 40 })).body, { min_ms: 40, max_ms: 40 })
  await call(app, 'GET', `${ACME}/mcp_servers`)
  t.same((await admin(app, 'PUT', '/latency', { min_ms: 20, max_ms: 60 })).body, { min_ms: 20, max_ms: 60 })
  await call(app, 'GET', `${ACME}/mcp_servers`)
  await call(app, 'GET', `${ACME}/mcp_servers`)
  const durations = (await admin(app, 'GET', '/requests')).body.data.map((e: { duration_ms: number }) => e.duration_ms)
  t.ok(durations[2] >= 39, `fixed: ${durations[2]}`)
  t.ok(durations[0] >= 19 && durations[1] >= 19, `range: ${durations[0]}, ${durations[1]}`)
  t.notOk(FAULT in (await call(app, 'GET', `${ACME}/mcp_servers`)).headers, 'latency is not a fault')

  for (const bad of [{}, { ms: 5, min_ms: 1, max_ms: 2 }, { min_ms: 5 }, { min_ms: 9, max_ms: 2 }, { ms: -1 }, { ms: '5' }]) {
    t.equal((await admin(app, 'PUT', '/latency', bad)).status, 400, JSON.stringify(bad))
  }
  t.same((await admin(app, 'GET', '/latency')).body, { min_ms: 20, max_ms: 60 }, 'unchanged by bad requests')
  await admin(app, 'POST', '/reset')
  t.same((await admin(app, 'GET', '/latency')).body, { min_ms: 0, max_ms: 0 })
  t.same((await admin(app, 'PUT', '/latency', { ms: 0 })).body, { min_ms: 0, max_ms: 0 })
})
