// Rule 13: timestamps with milliseconds and a numeric offset (+00:00, or FAKE_WORKATO_TZ_OFFSET); ids sequential.
import t from 'tap'
import { ACME, build, call } from '../helpers/app.js'
import { frozenClock, OFFSET_STAMP } from '../helpers/expect.js'
import { loadFixtures } from '../../src/fixtures.js'
import { ConfigError } from '../../src/config.js'

const SALES = `${ACME}/mcp_servers/sales-tools-mcp-server`

t.test('+00:00 by default, for fixture records and new ones', async (t) => {
  const app = await build(t, { clock: frozenClock('2026-01-01T00:00:00.000Z') })
  const s = (await call(app, 'GET', SALES)).body.data
  t.same([s.created_at, s.updated_at], ['2025-10-15T20:41:05.207+00:00', '2025-10-16T16:22:11.100+00:00'])
  const p = (await call(app, 'GET', `${SALES}/server_policies`)).body
  t.same([p.created_at, p.updated_at], ['2025-10-15T20:41:05.207+00:00', '2025-10-16T16:22:11.100+00:00'])
  const created = (await call(app, 'POST', `${ACME}/mcp_servers`, { name: 'Stamp', folder_id: 27180380 })).body.data
  t.same([created.created_at, created.updated_at], ['2026-01-01T00:00:00.000+00:00', '2026-01-01T00:00:00.000+00:00'])
  t.match(created.created_at, OFFSET_STAMP)
})

t.test('FAKE_WORKATO_TZ_OFFSET=-07:00 reproduces the samples; other offsets work the same way', async (t) => {
  const app = await build(t, { clock: frozenClock('2026-01-01T00:00:00.000Z'), env: { FAKE_WORKATO_TZ_OFFSET: '-07:00' } })
  const s = (await call(app, 'GET', SALES)).body.data
  t.same([s.created_at, s.updated_at], ['2025-10-15T13:41:05.207-07:00', '2025-10-16T09:22:11.100-07:00'])
  const created = (await call(app, 'POST', `${ACME}/mcp_servers`, { name: 'Stamp', folder_id: 27180380 })).body.data
  t.equal(created.created_at, '2025-12-31T17:00:00.000-07:00')
  const renewed = (await call(app, 'POST', `${SALES}/token_renew`)).body.data
  t.same([renewed.created_at, renewed.updated_at], ['2025-10-15T13:41:05.207-07:00', '2025-12-31T17:00:00.000-07:00'])

  const india = await build(t, { clock: frozenClock('2026-01-01T00:00:00.000Z'), env: { FAKE_WORKATO_TZ_OFFSET: '+05:30' } })
  t.equal((await call(india, 'GET', SALES)).body.data.created_at, '2025-10-16T02:11:05.207+05:30')
})

t.test('user groups always print in UTC with Z, as their sample does', async (t) => {
  for (const env of [{}, { FAKE_WORKATO_TZ_OFFSET: '-07:00' }]) {
    const app = await build(t, { env })
    const g = (await call(app, 'GET', `${ACME}/user_groups`)).body.data[0]
    t.same([g.created_at, g.updated_at], ['2025-01-10T08:00:00.000Z', '2025-09-15T12:30:00.000Z'], JSON.stringify(env))
  }
})

t.test('an invalid offset stops start-up with a clear message', async (t) => {
  for (const bad of ['PST', '-7:00', '+15:00', '0700']) {
    const err = await build(t, { env: { FAKE_WORKATO_TZ_OFFSET: bad } }).then(() => null, (e: unknown) => e)
    t.ok(err instanceof ConfigError, bad)
    t.match((err as Error).message, `invalid UTC offset "${bad}"`)
  }
})

t.test('ids are sequential per kind, continue after the fixtures, and are never reused', async (t) => {
  const app = await build(t)
  const a = (await call(app, 'POST', `${ACME}/mcp_servers`, { name: 'A', folder_id: 27180380, tools: [{ trigger_application: 'workato_genie', id: 'my-genie-handle' }] })).body.data
  t.equal(a.id, 1004)
  t.same((await call(app, 'GET', `${ACME}/mcp_servers/a/tools`)).body.data.map((x: { id: number }) => x.id), [3008])
  t.equal((await call(app, 'GET', `${ACME}/mcp_servers/a/server_policies`)).body.id, 504)
  await call(app, 'DELETE', `${ACME}/mcp_servers/a`)
  const b = (await call(app, 'POST', `${ACME}/mcp_servers`, { name: 'B', folder_id: 27180380 })).body.data
  t.equal(b.id, 1005)
  t.equal((await call(app, 'GET', `${ACME}/mcp_servers/b/server_policies`)).body.id, 505)
  await call(app, 'POST', `${ACME}/mcp_servers/b/assign_tools`, { tools: [{ trigger_application: 'workato_genie', id: 'my-genie-handle' }] })
  t.same((await call(app, 'GET', `${ACME}/mcp_servers/b/tools`)).body.data.map((x: { id: number }) => x.id), [3009])
})

t.test("ids continue after the fixtures' highest, whatever they are", async (t) => {
  const data = loadFixtures()
  const gx = data.managed_users.find(mu => mu.id === 91830)!.mcp_servers[0]
  gx.id = 7000
  gx.policy.id = 900
  gx.tools[1].id = 4100
  const app = await build(t, { fixtures: data })
  const res = (await call(app, 'POST', `${ACME}/mcp_servers`, { name: 'N', folder_id: 27180380, tools: [{ trigger_application: 'workato_api_platform', id: 98232 }] })).body.data
  t.equal(res.id, 7001)
  t.equal((await call(app, 'GET', `${ACME}/mcp_servers/n/server_policies`)).body.id, 901)
  t.same((await call(app, 'GET', `${ACME}/mcp_servers/n/tools`)).body.data.map((x: { id: number }) => x.id), [4101])
})
