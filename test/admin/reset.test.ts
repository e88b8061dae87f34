import t from 'tap'
import { ACME, AUTH, build, call, GLOBEX } from '../helpers/app.js'
import { admin } from '../helpers/admin.js'

/** Every GET the core API offers over the fixtures, as raw bytes. */
async function snapshotViaApi (app: Awaited<ReturnType<typeof build>>): Promise<string[]> {
  const urls = [
    `${ACME}/mcp_servers`, `${ACME}/mcp_servers/sales-tools-mcp-server`, `${ACME}/mcp_servers/hr-automation-server`,
    `${ACME}/mcp_servers/sales-tools-mcp-server/tools`, `${ACME}/mcp_servers/sales-tools-mcp-server/server_policies`,
    `${ACME}/user_groups`, `${GLOBEX}/mcp_servers`, `${GLOBEX}/mcp_servers/globex-support-server`
  ]
  const out: string[] = []
  for (const url of urls) out.push((await app.inject({ method: 'GET', url, headers: AUTH })).body)
  return out
}

async function mutate (app: Awaited<ReturnType<typeof build>>) {
  t.equal((await call(app, 'POST', `${ACME}/mcp_servers`, { name: 'Scratch', folder_id: 27180380 })).status, 200)
  t.equal((await call(app, 'PUT', `${ACME}/mcp_servers/sales-tools-mcp-server`, { name: 'Renamed' })).status, 200)
  t.equal((await call(app, 'POST', `${ACME}/mcp_servers/sales-tools-mcp-server/token_renew`)).status, 200)
  t.equal((await call(app, 'DELETE', `${GLOBEX}/mcp_servers/globex-support-server`)).status, 204)
  t.equal((await call(app, 'PUT', `${ACME}/mcp_servers/sales-tools-mcp-server/server_policies`, { mcp_server_policy: { ip_allow_list: [] } })).status, 200)
}

t.test('POST /__admin/reset restores the fixtures byte for byte and clears journal, faults and clock', async (t) => {
  const app = await build(t)
  const state0 = (await admin(app, 'GET', '/state')).raw
  const api0 = await snapshotViaApi(app)

  await mutate(app)
  t.equal((await admin(app, 'POST', '/managed_users', { external_id: 'tenant-1', servers: true })).status, 201)
  t.equal((await admin(app, 'POST', '/faults', { path: '/api/never/**', status: 500 })).status, 201)
  t.equal((await admin(app, 'PUT', '/latency', { ms: 1 })).status, 200)
  t.equal((await admin(app, 'POST', '/clock', { frozen_at: '2030-01-01T00:00:00Z' })).body.mode, 'frozen')
  t.not((await admin(app, 'GET', '/state')).raw, state0)

  const res = await admin(app, 'POST', '/reset')
  t.equal(res.status, 200)
  t.same(res.body, { reset: 'world', managed_user_id: null })

  t.equal((await admin(app, 'GET', '/state')).raw, state0, 'state export is byte-identical')
  t.same(await snapshotViaApi(app), api0, 'every API GET is byte-identical')
  t.same((await admin(app, 'GET', '/requests')).body.count, api0.length, 'journal holds only the requests made after the reset')
  t.same((await admin(app, 'GET', '/faults')).body, { data: [], count: 0 })
  t.same((await admin(app, 'GET', '/latency')).body, { min_ms: 0, max_ms: 0 })
  t.equal((await admin(app, 'GET', '/clock')).body.mode, 'real')
  t.equal((await admin(app, 'GET', '/managed_users/Etenant-1')).status, 404, 'created tenants are gone')
})

t.test('reset with an empty JSON body or {} is a whole reset', async (t) => {
  const app = await build(t)
  await mutate(app)
  const r1 = await app.inject({ method: 'POST', url: '/__admin/reset', headers: { 'content-type': 'application/json' }, payload: '' })
  t.equal(r1.statusCode, 200)
  await mutate(app)
  t.same((await admin(app, 'POST', '/reset', {})).body, { reset: 'world', managed_user_id: null })
  t.equal((await call(app, 'GET', `${ACME}/mcp_servers/sales-tools-mcp-server`)).body.data.name, 'Sales Tools MCP Server')
})

t.test('reset restarts the seeded token generator', async (t) => {
  const app = await build(t, { config: { seed: 'reset-seed' } })
  const first = (await call(app, 'POST', `${ACME}/mcp_servers`, { name: 'One', folder_id: 27180380 })).body.data.mcp_url
  await call(app, 'POST', `${ACME}/mcp_servers`, { name: 'Two', folder_id: 27180380 })
  await admin(app, 'POST', '/reset')
  const again = (await call(app, 'POST', `${ACME}/mcp_servers`, { name: 'One', folder_id: 27180380 })).body.data.mcp_url
  t.equal(again, first, 'same id, handle and token as the first creation after start')
})

t.test('reset of one managed user leaves the others alone', async (t) => {
  const app = await build(t)
  const fixtureAcme = (await call(app, 'GET', `${ACME}/mcp_servers/sales-tools-mcp-server`)).body
  await mutate(app)
  const globexAfterMutation = (await call(app, 'GET', `${GLOBEX}/mcp_servers`)).body
  t.equal(globexAfterMutation.count, 0)
  await admin(app, 'POST', '/faults', { path: '/api/**', managed_user_id: 91829, delay_ms: 1 })
  await admin(app, 'POST', '/faults', { path: '/api/**', managed_user_id: 91830, delay_ms: 1 })

  const res = await admin(app, 'POST', '/reset', { managed_user_id: 'EA2300' })
  t.same(res.body, { reset: 'managed_user', managed_user_id: 91829 })
  const journal = (await admin(app, 'GET', '/requests')).body.data
  t.notOk(journal.some((e: { managed_user_id: number }) => e.managed_user_id === 91829), 'its journal entries are gone')
  t.ok(journal.some((e: { managed_user_id: number }) => e.managed_user_id === 91830), 'the other managed user keeps its journal')
  t.same((await call(app, 'GET', `${ACME}/mcp_servers/sales-tools-mcp-server`)).body, fixtureAcme)
  t.equal((await call(app, 'GET', `${ACME}/mcp_servers/scratch`)).status, 404, 'the server created after start is gone')
  t.same((await call(app, 'GET', `${GLOBEX}/mcp_servers`)).body, globexAfterMutation, 'the other managed user keeps its changes')
  t.same((await admin(app, 'GET', '/faults')).body.data.map((f: { managed_user_id: number }) => f.managed_user_id), [91830], 'only its fault rules are removed')

  // New ids continue after the highest ever used, so nothing restored collides with later creations.
  const created = await call(app, 'POST', `${ACME}/mcp_servers`, { name: 'After', folder_id: 27180380 })
  t.equal(created.body.data.id, 1005)
})

t.test('reset of a managed user created through the API restores it as created', async (t) => {
  const app = await build(t)
  const tenant = (await admin(app, 'POST', '/managed_users', { servers: true })).body
  const url = `/api/managed_users/${tenant.id}/mcp_servers`
  const before = (await call(app, 'GET', url)).body
  await call(app, 'DELETE', `${url}/${tenant.mcp_servers[0].handle}`)
  await call(app, 'POST', url, { name: 'Extra', folder_id: 27180380 })
  t.not(JSON.stringify((await call(app, 'GET', url)).body), JSON.stringify(before))
  t.equal((await admin(app, 'POST', '/reset', { managed_user_id: tenant.id })).status, 200)
  t.same((await call(app, 'GET', url)).body, before)
})

t.test('reset of an unknown managed user is 404; a handle now taken elsewhere is 409 and nothing changes', async (t) => {
  const app = await build(t)
  const unknown = await admin(app, 'POST', '/reset', { managed_user_id: 424242 })
  t.equal(unknown.status, 404)
  t.match(unknown.body.message, /no baseline/)
  t.equal((await admin(app, 'POST', '/reset', { managed_user_id: 'Enobody' })).status, 404)

  // Globex deletes its server; Acme takes the handle; restoring Globex would duplicate it.
  await call(app, 'DELETE', `${GLOBEX}/mcp_servers/globex-support-server`)
  t.equal((await call(app, 'POST', `${ACME}/mcp_servers`, { name: 'Globex Support Server', folder_id: 27180380 })).body.data.mcp_url.includes('/globex-support-server?'), true)
  const state = (await admin(app, 'GET', '/state')).raw
  const res = await admin(app, 'POST', '/reset', { managed_user_id: 91830 })
  t.equal(res.status, 409)
  t.match(res.body.message, /duplicate handle "globex-support-server"/)
  t.ok(Object.keys(res.body.errors)[0].endsWith('.handle'))
  t.equal((await admin(app, 'GET', '/state')).raw, state, 'nothing changed')
})

t.test('reset body is validated', async (t) => {
  const app = await build(t)
  const res = await admin(app, 'POST', '/reset', { managed_user_id: true })
  t.equal(res.status, 400)
  t.match(res.body, { message: /managed_user_id/, errors: { managed_user_id: [String] } })
  t.equal((await app.inject({ method: 'POST', url: '/__admin/reset', headers: { 'content-type': 'text/plain' }, payload: 'x' })).statusCode, 415)
  t.equal((await app.inject({ method: 'POST', url: '/__admin/reset', headers: { 'content-type': 'application/json' }, payload: '{' })).statusCode, 400)
})
