// --profile / FAKE_WORKATO_PROFILE: docs by default, one data file served under either profile.
import t from 'tap'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseCliArgs, USAGE } from '../../src/cli-args.js'
import { ConfigError, createConfig } from '../../src/config.js'
import { build, callAs } from '../helpers/app.js'

t.test('flag over environment over the default (docs)', async (t) => {
  t.equal(createConfig({}, {}).profile, 'docs')
  t.equal(createConfig({}, { FAKE_WORKATO_PROFILE: 'live' }).profile, 'live')
  t.equal(createConfig(parseCliArgs(['--profile', 'docs']).overrides, { FAKE_WORKATO_PROFILE: 'live' }).profile, 'docs')
  t.equal(createConfig(parseCliArgs(['--profile', 'live']).overrides, {}).profile, 'live')
  t.throws(() => parseCliArgs(['--profile', 'beta']), new ConfigError('invalid profile "beta" (expected docs or live)'))
  t.throws(() => createConfig({}, { FAKE_WORKATO_PROFILE: 'LIVE' }), /invalid profile "LIVE"/)
  t.match(USAGE, /--profile <name>/)
  t.match(USAGE, /FAKE_WORKATO_PROFILE/)
})

t.test('one data file, either profile: what live writes, docs reads, and back', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'fw-profile-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const data = join(dir, 'state.json')
  const S = '/api/managed_users/91829/mcp_servers/sales-tools-mcp-server/server_policies'

  const live = await build(t, { config: { profile: 'live', data } })
  const set = await callAs(live, 'PUT', S, { mcp_server_policy: { rate_limits: { limit: 30, interval: 'minute' }, quota_limits: { limit: 900, interval: '90 days' } } })
  t.equal(set.status, 200)
  await live.close()

  const docs = await build(t, { config: { profile: 'docs', data } })
  const seen = await callAs(docs, 'GET', S)
  t.same(seen.body.rate_limits, { per_minute: 30 }, 'a minute rate reads as per_minute')
  t.same(seen.body.quota_limits, {}, 'a 90-day quota has no docs spelling: {} (still enforced by the MCP endpoint)')
  t.equal(seen.body.mcp_server_id, 1001)
  const put = await callAs(docs, 'PUT', S, { mcp_server_policy: { quota_limits: { per_day: 500 } } })
  t.equal(put.status, 200)
  await docs.close()

  const again = await build(t, { config: { profile: 'live', data } })
  const back = await callAs(again, 'GET', S)
  t.same(back.body.rate_limits, { limit: 30, interval: 'minute' })
  t.same(back.body.quota_limits, { limit: 500, interval: 'day' }, 'a docs per_day reads as {limit, interval: "day"}')
  const none = await callAs(again, 'PUT', S, { mcp_server_policy: { rate_limits: { limit: 0, interval: 'minute' } } })
  t.same(none.body.rate_limits, { limit: 0, interval: 'minute' }, 'limit 0 is no limit')
  t.equal((await callAs(again, 'GET', '/api/managed_users/91830/mcp_servers/globex-support-server/server_policies')).body.quota_limits.limit, 0,
    'an open policy ({} in the data) reads as limit 0')
})
