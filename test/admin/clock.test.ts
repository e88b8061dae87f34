import t from 'tap'
import { ACME, build, call } from '../helpers/app.js'
import { admin } from '../helpers/admin.js'

t.test('a frozen clock gives identical timestamps', async (t) => {
  const app = await build(t)
  const frozen = await admin(app, 'POST', '/clock', { frozen_at: '2025-10-15T13:41:05.207-07:00' })
  t.same(frozen.body, { mode: 'frozen', now: '2025-10-15T20:41:05.207Z', offset_ms: 0 })
  const a = (await call(app, 'POST', `${ACME}/mcp_servers`, { name: 'A', folder_id: 27180380 })).body.data
  await new Promise(resolve => setTimeout(resolve, 20))
  const b = (await call(app, 'POST', `${ACME}/mcp_servers`, { name: 'B', folder_id: 27180380 })).body.data
  t.equal(a.created_at, '2025-10-15T20:41:05.207+00:00')
  t.equal(b.created_at, a.created_at)
  t.equal(b.updated_at, a.updated_at)
  const policy = (await call(app, 'GET', `${ACME}/mcp_servers/a/server_policies`)).body
  t.equal(policy.created_at, a.created_at, 'policies use the same clock')
  t.same((await admin(app, 'GET', '/clock')).body, frozen.body)
})

t.test('the timestamps follow the configured UTC offset', async (t) => {
  const app = await build(t, { env: { FAKE_WORKATO_TZ_OFFSET: '-07:00' } })
  await admin(app, 'POST', '/clock', { frozen_at: '2025-10-15T20:41:05.207Z' })
  const a = (await call(app, 'POST', `${ACME}/mcp_servers`, { name: 'A', folder_id: 27180380 })).body.data
  t.equal(a.created_at, '2025-10-15T13:41:05.207-07:00', 'the spec sample, exactly')
})

t.test('advance_ms moves a frozen clock forward; updated_at follows, created_at stays', async (t) => {
  const app = await build(t)
  await admin(app, 'POST', '/clock', { frozen_at: '2025-01-01T00:00:00Z' })
  await call(app, 'POST', `${ACME}/mcp_servers`, { name: 'A', folder_id: 27180380 })
  const adv = await admin(app, 'POST', '/clock', { advance_ms: 90_000 })
  t.same(adv.body, { mode: 'frozen', now: '2025-01-01T00:01:30.000Z', offset_ms: 0 })
  const updated = (await call(app, 'PUT', `${ACME}/mcp_servers/a`, { description: 'later' })).body.data
  t.equal(updated.created_at, '2025-01-01T00:00:00.000+00:00')
  t.equal(updated.updated_at, '2025-01-01T00:01:30.000+00:00')
})

t.test('advancing a running clock runs it ahead; real: true returns to real time', async (t) => {
  const app = await build(t)
  const ahead = await admin(app, 'POST', '/clock', { advance_ms: 86_400_000 })
  t.equal(ahead.body.mode, 'offset')
  t.equal(ahead.body.offset_ms, 86_400_000)
  t.ok(Date.parse(ahead.body.now) >= Date.now() + 86_400_000 - 1000)
  const created = (await call(app, 'POST', `${ACME}/mcp_servers`, { name: 'Tomorrow', folder_id: 27180380 })).body.data
  t.ok(Date.parse(created.created_at) > Date.now() + 86_000_000, 'timestamps use the advanced clock')

  const real = await admin(app, 'POST', '/clock', { real: true })
  t.equal(real.body.mode, 'real')
  t.equal(real.body.offset_ms, 0)
  t.ok(Math.abs(Date.parse(real.body.now) - Date.now()) < 5000)
})

t.test('bad clock requests are refused and change nothing', async (t) => {
  const app = await build(t)
  await admin(app, 'POST', '/clock', { frozen_at: '2025-01-01T00:00:00Z' })
  const cases: Array<[unknown, string]> = [
    [{}, 'clock'],
    [{ frozen_at: '2025-01-01T00:00:00Z', advance_ms: 5 }, 'clock'],
    [{ frozen_at: 'tomorrow' }, 'frozen_at'],
    [{ frozen_at: '2025-13-45T00:00:00Z' }, 'frozen_at'],
    [{ frozen_at: '2025-01-01' }, 'frozen_at'],
    [{ advance_ms: -5 }, 'advance_ms'],
    [{ advance_ms: 1e20 }, 'advance_ms'],
    [{ frozen_at: '0000-01-01T00:00:00Z' }, 'frozen_at'],
    [{ advance_ms: '5' }, 'advance_ms'],
    [{ real: false }, 'real']
  ]
  for (const [body, field] of cases) {
    const res = await admin(app, 'POST', '/clock', body)
    t.equal(res.status, 400, JSON.stringify(body))
    t.ok(field in res.body.errors, `${JSON.stringify(body)} names ${field}`)
  }
  t.same((await admin(app, 'GET', '/clock')).body, { mode: 'frozen', now: '2025-01-01T00:00:00.000Z', offset_ms: 0 })
})
