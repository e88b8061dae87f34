import t from 'tap'
import { ACME, AUTH, build, call } from '../helpers/app.js'
import { admin } from '../helpers/admin.js'
import { ConfigError, createConfig } from '../../src/config.js'

const ADMIN = { authorization: 'Bearer admin-secret' }

t.test('without an admin token, /__admin is open', async (t) => {
  const app = await build(t)
  t.equal((await admin(app, 'GET', '/clock')).status, 200)
})

t.test('with an admin token, /__admin needs it; API tokens never open /__admin', async (t) => {
  const app = await build(t, { env: { FAKE_WORKATO_ADMIN_TOKEN: 'admin-secret' } })
  const routes: Array<['GET' | 'POST' | 'PUT' | 'DELETE', string, object?]> = [
    ['POST', '/reset', {}], ['POST', '/managed_users', {}], ['GET', '/managed_users'], ['GET', '/state'],
    ['PUT', '/state', { schema_version: 1, managed_users: [] }], ['GET', '/requests'], ['DELETE', '/requests'],
    ['POST', '/faults', { path: '/**', status: 500 }], ['GET', '/faults'], ['DELETE', '/faults'], ['GET', '/latency'],
    ['PUT', '/latency', { ms: 1 }], ['GET', '/clock'], ['POST', '/clock', { real: true }]
  ]
  for (const [method, url, body] of routes) {
    const none = await admin(app, method, url, body)
    t.equal(none.status, 401, `${method} ${url} without a token`)
    t.same(none.body, { message: 'Unauthorized' })
    t.equal((await admin(app, method, url, body, AUTH)).status, 401, `${method} ${url} with an API token`)
    t.equal((await admin(app, method, url, body, { authorization: 'Bearer wrong' })).status, 401)
  }
  t.equal((await admin(app, 'GET', '/faults')).status, 401)
  t.same((await admin(app, 'GET', '/faults', undefined, ADMIN)).body, { data: [], count: 0 }, 'nothing above got through')
  t.equal((await call(app, 'GET', `${ACME}/mcp_servers`)).body.count, 2, 'the world is unchanged')
  t.equal((await admin(app, 'GET', '/clock', undefined, ADMIN)).status, 200)
  t.equal((await admin(app, 'GET', '/clock', undefined, { authorization: 'bearer admin-secret' })).status, 200, 'the scheme is case-insensitive')
})

t.test('the admin token never opens /api', async (t) => {
  const app = await build(t, { config: { adminToken: 'admin-secret' } })
  const res = await app.inject({ method: 'GET', url: `${ACME}/mcp_servers`, headers: ADMIN })
  t.equal(res.statusCode, 401)
  t.equal((await call(app, 'GET', `${ACME}/mcp_servers`)).status, 200)
})

t.test('configuration: seed, admin token and journal size', async (t) => {
  t.match(createConfig({}, {}), { journalSize: 1000, seed: undefined, adminToken: undefined })
  t.match(createConfig({}, { FAKE_WORKATO_SEED: '7', FAKE_WORKATO_ADMIN_TOKEN: 'a', FAKE_WORKATO_JOURNAL_SIZE: '0' }), { seed: '7', adminToken: 'a', journalSize: 0 })
  t.match(createConfig({ seed: '8', adminToken: 'b', journalSize: 5 }, { FAKE_WORKATO_SEED: '7', FAKE_WORKATO_ADMIN_TOKEN: 'a', FAKE_WORKATO_JOURNAL_SIZE: '9' }), { seed: '8', adminToken: 'b', journalSize: 5 }, 'options win over the environment')
  t.equal(createConfig({}, { FAKE_WORKATO_JOURNAL_SIZE: '' }).journalSize, 1000, 'empty means default')
  for (const bad of ['-1', '1.5', 'lots', '1e3']) {
    t.throws(() => createConfig({}, { FAKE_WORKATO_JOURNAL_SIZE: bad }), new ConfigError(`invalid journal size "${bad}" (expected a whole number; 0 disables the journal)`))
  }
  const configError = (fn: () => unknown) => {
    try {
      fn()
      return undefined
    } catch (err) {
      return err instanceof ConfigError ? err.message : `not a ConfigError: ${String(err)}`
    }
  }
  t.equal(configError(() => createConfig({ journalSize: -2 }, {})), 'invalid journal size -2 (expected a whole number; 0 disables the journal)')
  t.throws(() => createConfig({}, { FAKE_WORKATO_ADMIN_TOKEN: 'dev-token' }), new ConfigError('the admin token must differ from every API token'))
  t.equal(configError(() => createConfig({ apiTokens: ['x', 'y'], adminToken: 'y' }, {})), 'the admin token must differ from every API token')
})

t.test('command-line flags: --seed, --admin-token, --journal-size win over the environment', async (t) => {
  const { parseCliArgs } = await import('../../src/cli-args.js')
  const env = { FAKE_WORKATO_SEED: 'env', FAKE_WORKATO_ADMIN_TOKEN: 'env-admin', FAKE_WORKATO_JOURNAL_SIZE: '7' }
  const flags = parseCliArgs(['--seed', '42', '--admin-token', 'flag-admin', '--journal-size', '0'])
  t.same(flags.overrides, { seed: '42', adminToken: 'flag-admin', journalSize: 0 })
  t.match(createConfig(flags.overrides, env), { seed: '42', adminToken: 'flag-admin', journalSize: 0 })
  t.match(createConfig(parseCliArgs([]).overrides, env), { seed: 'env', adminToken: 'env-admin', journalSize: 7 })
  for (const bad of [['--journal-size=-1'], ['--journal-size', '1.5'], ['--journal-size', 'x'], ['--seed', ''], ['--admin-token', ' ']]) {
    t.throws(() => parseCliArgs(bad), { message: /journal size|non-empty/ }, bad.join(' '))
  }
})
