import t from 'tap'
import { ACME, AUTH, build, call } from '../helpers/app.js'
import { admin } from '../helpers/admin.js'

t.test('GET /__admin/state exports the one state format, schema version and counters included', async (t) => {
  const app = await build(t)
  const res = await admin(app, 'GET', '/state')
  t.equal(res.status, 200)
  t.equal(res.body.schema_version, 1)
  t.same(res.body.counters, { managed_user: 91830, server: 1003, tool: 3007, policy: 503, token: 0 })
  t.same(res.body.managed_users.map((m: { id: number }) => m.id), [91829, 91830, 91800], 'the customers, then the own workspace')
  const acme = res.body.managed_users[0]
  t.equal(acme.mcp_servers[0].token, 'abc123xyz', 'a snapshot is complete: tokens included')
  t.ok(acme.catalog[0].input_schema, 'catalog input schemas included')
})

t.test('export → mutate → import restores exactly', async (t) => {
  const app = await build(t, { config: { seed: 'snap' } })
  await admin(app, 'POST', '/clock', { frozen_at: '2026-03-01T09:00:00Z' })
  // Something beyond the fixtures first, so the snapshot is not just the fixtures again.
  await call(app, 'POST', `${ACME}/mcp_servers`, { name: 'Before Snapshot', folder_id: 27180399, tools: [{ trigger_application: 'workato_genie', id: 'my-genie-handle' }] })
  await admin(app, 'POST', '/managed_users', { external_id: 'demo', servers: true })
  const exported = (await admin(app, 'GET', '/state')).raw
  const detail = (await app.inject({ method: 'GET', url: `${ACME}/mcp_servers/before-snapshot`, headers: AUTH })).body
  const nextAfterSnapshot = (await call(app, 'POST', `${ACME}/mcp_servers`, { name: 'Probe', folder_id: 27180380 })).body.data

  await call(app, 'DELETE', `${ACME}/mcp_servers/before-snapshot`)
  await call(app, 'PUT', `${ACME}/mcp_servers/sales-tools-mcp-server`, { name: 'Changed', auth_type: 'workato_idp' })
  await call(app, 'POST', '/api/managed_users/Edemo/mcp_servers', { name: 'Demo extra', folder_id: 27180380 })
  t.not((await admin(app, 'GET', '/state')).raw, exported)

  const put = await app.inject({ method: 'PUT', url: '/__admin/state', headers: { 'content-type': 'application/json' }, payload: exported })
  t.equal(put.statusCode, 200)
  t.equal(put.body, exported, 'PUT answers the state as loaded')
  t.equal((await admin(app, 'GET', '/state')).raw, exported, 'export after import is byte-identical')
  t.equal((await app.inject({ method: 'GET', url: `${ACME}/mcp_servers/before-snapshot`, headers: AUTH })).body, detail)
  // Counters and the seeded token position come back too: the next server is the same as it was.
  t.same((await call(app, 'POST', `${ACME}/mcp_servers`, { name: 'Probe', folder_id: 27180380 })).body.data, nextAfterSnapshot)
})

t.test('a snapshot loads into a fresh fake', async (t) => {
  const one = await build(t)
  await call(one, 'POST', `${ACME}/mcp_servers`, { name: 'Demo Env', folder_id: 27180380 })
  const exported = (await admin(one, 'GET', '/state')).raw
  const two = await build(t)
  t.equal((await two.inject({ method: 'PUT', url: '/__admin/state', headers: { 'content-type': 'application/json' }, payload: exported })).statusCode, 200)
  t.equal((await admin(two, 'GET', '/state')).raw, exported)
  t.equal((await call(two, 'GET', `${ACME}/mcp_servers/demo-env`)).status, 200)
})

t.test('an invalid state is refused with 422 naming the path, and the current state is untouched', async (t) => {
  const app = await build(t)
  await call(app, 'POST', `${ACME}/mcp_servers`, { name: 'Keep Me', folder_id: 27180380 })
  const current = (await admin(app, 'GET', '/state')).raw
  const good = JSON.parse(current)

  const cases: Array<[string, (s: any) => unknown, string, RegExp]> = [
    ['wrong type', s => { s.managed_users[0].mcp_servers[0].id = 'x'; return s }, 'managed_users[0].mcp_servers[0].id', /integer|number/i],
    ['missing field', s => { delete s.managed_users[1].name; return s }, 'managed_users[1].name', /required/i],
    ['duplicate handle', s => { s.managed_users[1].mcp_servers[0].handle = 'sales-tools-mcp-server'; return s }, 'managed_users[1].mcp_servers[0].handle', /duplicate handle/],
    ['broken folder reference', s => { s.managed_users[0].mcp_servers[1].folder_id = 1; return s }, 'managed_users[0].mcp_servers[1].folder_id', /does not exist/],
    ['unknown group', s => { s.managed_users[0].mcp_servers[1].idp_user_group_ids = ['nope']; return s }, 'managed_users[0].mcp_servers[1].idp_user_group_ids[0]', /does not exist/],
    ['bad timestamp', s => { s.managed_users[0].mcp_servers[0].created_at = 'yesterday'; return s }, 'managed_users[0].mcp_servers[0].created_at', /date-time/],
    ['schema version', s => { s.schema_version = 2; return s }, 'schema_version', /unsupported schema version 2/],
    ['not an object', () => [1, 2], '(root)', /object/i]
  ]
  for (const [name, change, path, problem] of cases) {
    const res = await admin(app, 'PUT', '/state', change(structuredClone(good)))
    t.equal(res.status, 422, name)
    t.same(Object.keys(res.body.errors), [path], `${name}: names ${path}`)
    t.match(res.body.errors[path][0], problem, name)
    t.match(res.body.message, /^Invalid state: /)
    t.equal((await admin(app, 'GET', '/state')).raw, current, `${name}: state untouched`)
  }
  t.equal((await call(app, 'GET', `${ACME}/mcp_servers/keep-me`)).status, 200)
  const malformed = await app.inject({ method: 'PUT', url: '/__admin/state', headers: { 'content-type': 'application/json' }, payload: '{"schema_version":' })
  t.equal(malformed.statusCode, 400)
})

t.test('a snapshot larger than the API body limit still loads back', async (t) => {
  const app = await build(t)
  const state = (await admin(app, 'GET', '/state')).body
  state.managed_users[0].catalog[0].description = 'd'.repeat(3 * 1024 * 1024)
  const text = JSON.stringify(state)
  const put = await app.inject({ method: 'PUT', url: '/__admin/state', headers: { 'content-type': 'application/json' }, payload: text })
  t.equal(put.statusCode, 200)
  t.equal((await admin(app, 'GET', '/state')).raw, text)
  // The 1 MiB limit still holds for the API itself.
  const big = await app.inject({ method: 'PUT', url: `${ACME}/mcp_servers/sales-tools-mcp-server`, headers: { ...AUTH, 'content-type': 'application/json' }, payload: JSON.stringify({ description: 'x'.repeat(2 * 1024 * 1024) }) })
  t.equal(big.statusCode, 413)
})
