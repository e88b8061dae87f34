// Rule 9: server policies — one per server, merged per key, limits and IP entries validated.
import t from 'tap'
import { ACME, GLOBEX, build, call, callAs } from '../helpers/app.js'
import { testProfile } from '../helpers/profile.js'
import { frozenClock } from '../helpers/expect.js'

const POLICY = `${ACME}/mcp_servers/sales-tools-mcp-server/server_policies`
const put = (policy: unknown) => ({ mcp_server_policy: policy })

t.test('every server has one, not wrapped in data', async (t) => {
  const app = await build(t)
  const hr = await call(app, 'GET', `${ACME}/mcp_servers/hr-automation-server/server_policies`)
  t.same(hr.body, {
    id: 502,
    mcp_server_id: 1002,
    rate_limits: { per_minute: 60 },
    quota_limits: { per_day: 10000 },
    ip_allow_list: [],
    ip_deny_list: [],
    created_at: '2025-10-15T17:00:00.000+00:00',
    updated_at: '2025-10-15T17:00:00.000+00:00'
  })
  const gx = await call(app, 'GET', `${GLOBEX}/mcp_servers/globex-support-server/server_policies`)
  t.same([gx.body.id, gx.body.rate_limits, gx.body.quota_limits], [503, {}, {}], '{} means no limit')
})

t.test('each key sent replaces that key whole; keys not sent stay', async (t) => {
  const clock = frozenClock('2026-08-01T00:00:00.000Z')
  const app = await build(t, { clock })
  const before = (await call(app, 'GET', POLICY)).body
  const rate = await call(app, 'PUT', POLICY, put({ rate_limits: { per_minute: 5 } }))
  t.same([rate.status, rate.body], [200, { ...before, rate_limits: { per_minute: 5 }, updated_at: '2026-08-01T00:00:00.000+00:00' }])
  clock.advance(1000)
  const lists = await call(app, 'PUT', POLICY, put({ ip_deny_list: ['198.51.100.7'], ip_allow_list: ['192.0.2.0/24'] }))
  t.same(lists.body, {
    ...before,
    rate_limits: { per_minute: 5 },
    ip_allow_list: ['192.0.2.0/24'],
    ip_deny_list: ['198.51.100.7'],
    updated_at: '2026-08-01T00:00:01.000+00:00'
  }, 'the allow list was replaced, not appended to')
  const unlimited = await call(app, 'PUT', POLICY, put({ rate_limits: {}, quota_limits: {} }))
  t.same([unlimited.body.rate_limits, unlimited.body.quota_limits, unlimited.body.ip_allow_list], [{}, {}, ['192.0.2.0/24']])
  t.equal(unlimited.body.created_at, before.created_at)
  t.same((await call(app, 'GET', POLICY)).body, unlimited.body, 'persisted')
})

t.test('an empty mcp_server_policy changes nothing but updated_at; a missing one is 400', async (t) => {
  const app = await build(t)
  const before = (await call(app, 'GET', POLICY)).body
  const empty = await call(app, 'PUT', POLICY, put({}))
  t.same({ ...empty.body, updated_at: before.updated_at }, before)
  const missing = await call(app, 'PUT', POLICY, {})
  t.same([missing.status, missing.body], [400, { message: 'Validation failed: mcp_server_policy is required', errors: { mcp_server_policy: ['is required'] } }])
})

const R = 'mcp_server_policy.rate_limits'
const Q = 'mcp_server_policy.quota_limits'
/** Under the live profile, limits are {limit, interval}: both required, the docs keys refused. */
const LIVE_LIMIT_CASES: Array<[unknown, Record<string, string[]>]> = [
  [{ rate_limits: { per_minute: 30 } }, { [`${R}.limit`]: ['is required'], [`${R}.interval`]: ['is required'], [`${R}.per_minute`]: ['is not allowed'] }],
  [{ quota_limits: { per_day: 100 } }, { [`${Q}.limit`]: ['is required'], [`${Q}.interval`]: ['is required'], [`${Q}.per_day`]: ['is not allowed'] }],
  [{ rate_limits: { limit: 30 } }, { [`${R}.interval`]: ['is required'] }],
  [{ quota_limits: { interval: 'year' } }, { [`${Q}.limit`]: ['is required'] }],
  [{ rate_limits: { limit: -1, interval: 'minute' } }, { [`${R}.limit`]: ['must be >= 0'] }],
  [{ rate_limits: { limit: 1.5, interval: 'minute' } }, { [`${R}.limit`]: ['must be integer'] }],
  [{ rate_limits: { limit: '30', interval: 'minute' } }, { [`${R}.limit`]: ['must be integer'] }],
  [{ rate_limits: { limit: 3, interval: 'week' } }, { [`${R}.interval`]: ['must be one of: minute, hour, day'] }],
  [{ quota_limits: { limit: 3, interval: 'minute' } }, { [`${Q}.interval`]: ['must be one of: day, 30 days, 60 days, 90 days, year'] }],
  [{ rate_limits: { limit: 3, interval: 'minute', burst: 1 } }, { [`${R}.burst`]: ['is not allowed'] }]
]

t.test('limits are positive integers; other keys are 400; nothing changes', async (t) => {
  const app = await build(t)
  const before = await call(app, 'GET', POLICY)
  const docsCases: Array<[unknown, Record<string, string[]>]> = [
    [{ rate_limits: { per_hour: 100 } }, { 'mcp_server_policy.rate_limits.per_hour': ['is not allowed'] }],
    [{ quota_limits: { per_month: 100 } }, { 'mcp_server_policy.quota_limits.per_month': ['is not allowed'] }],
    [{ rate_limits: { per_minute: 0 } }, { 'mcp_server_policy.rate_limits.per_minute': ['must be >= 1'] }],
    [{ quota_limits: { per_day: -5 } }, { 'mcp_server_policy.quota_limits.per_day': ['must be >= 1'] }],
    [{ rate_limits: { per_minute: 1.5 } }, { 'mcp_server_policy.rate_limits.per_minute': ['must be integer'] }],
    [{ rate_limits: { per_minute: '30' } }, { 'mcp_server_policy.rate_limits.per_minute': ['must be integer'] }],
  ]
  const cases = [
    ...(testProfile() === 'live' ? LIVE_LIMIT_CASES : docsCases),
    [{ rate_limits: 30 }, { 'mcp_server_policy.rate_limits': ['must be object'] }],
    [{ ip_allow_list: '203.0.113.0/24' }, { 'mcp_server_policy.ip_allow_list': ['must be array'] }]
  ]
  for (const [policy, errors] of cases) {
    // Sent as written: under live, call() would turn the docs shapes the live profile refuses into live ones.
    const res = await callAs(app, 'PUT', POLICY, put({ ip_deny_list: ['192.0.2.1'], ...(policy as object) }))
    t.equal(res.status, 400, JSON.stringify(policy))
    t.same(res.body.errors, errors, JSON.stringify(policy))
    t.match(res.body.message, /^Validation failed: /)
  }
  t.same((await call(app, 'GET', POLICY)).body, before.body)
})

t.test('IP entries: IPv4/IPv6 addresses and CIDR ranges; anything else is 400 naming the entry', async (t) => {
  const app = await build(t)
  const good = ['203.0.113.0/24', '198.51.100.42', '2001:db8::/32', '::1', '2001:db8::1', '0.0.0.0/0', '::/0', '10.0.0.0/8', '::ffff:192.0.2.1']
  const ok = await call(app, 'PUT', POLICY, put({ ip_allow_list: good, ip_deny_list: ['2001:db8:abcd::/48'] }))
  t.same([ok.status, ok.body.ip_allow_list, ok.body.ip_deny_list], [200, good, ['2001:db8:abcd::/48']])
  const before = await call(app, 'GET', POLICY)
  const res = await call(app, 'PUT', POLICY, put({
    rate_limits: { per_minute: 1 },
    ip_allow_list: ['198.51.100.42', '10.0.0.256', 'example.com'],
    ip_deny_list: ['10.0.0.0/33', '2001:db8::/129', '10.0.0.1/08', ' 10.0.0.1', '']
  }))
  const bad = (e: string) => [`"${e}" is not a valid IP address or CIDR range`]
  t.same([res.status, res.body], [400, {
    message: 'Invalid IP address or CIDR range: ' + ['10.0.0.256', 'example.com', '10.0.0.0/33', '2001:db8::/129', '10.0.0.1/08', ' 10.0.0.1', '']
      .map(e => `"${e}" is not a valid IP address or CIDR range`).join('; '),
    errors: {
      'mcp_server_policy.ip_allow_list[1]': bad('10.0.0.256'),
      'mcp_server_policy.ip_allow_list[2]': bad('example.com'),
      'mcp_server_policy.ip_deny_list[0]': bad('10.0.0.0/33'),
      'mcp_server_policy.ip_deny_list[1]': bad('2001:db8::/129'),
      'mcp_server_policy.ip_deny_list[2]': bad('10.0.0.1/08'),
      'mcp_server_policy.ip_deny_list[3]': bad(' 10.0.0.1'),
      'mcp_server_policy.ip_deny_list[4]': bad('')
    }
  }])
  t.same((await call(app, 'GET', POLICY)).body, before.body, 'nothing changed, not even rate_limits')
})

t.test('unknown keys inside mcp_server_policy and beside it are ignored', async (t) => {
  const app = await build(t)
  const res = await call(app, 'PUT', POLICY, { mcp_server_policy: { ip_deny_list: ['192.0.2.9'], id: 9, mcp_server_id: 7 }, extra: true })
  t.same([res.status, res.body.id, res.body.mcp_server_id, res.body.ip_deny_list], [200, 501, 1001, ['192.0.2.9']])
  t.notOk('extra' in res.body)
})

t.test('unknown handle is 404', async (t) => {
  const app = await build(t)
  for (const [method, body] of [['GET', undefined], ['PUT', put({})]] as const) {
    const res = await call(app, method, `${ACME}/mcp_servers/nope/server_policies`, body)
    t.same([res.status, res.body], [404, { message: 'Not found' }])
  }
})
