// Hostile nesting in control paths: the request journal and the state import answer (no hang, no 500) and stay usable.
import t from 'tap'
import { build } from '../helpers/app.js'
import { send } from '../helpers/reliability.js'

const URL_ = '/api/managed_users/91829/mcp_servers'
const HEADERS = { authorization: 'Bearer dev-token', 'content-type': 'application/json' }

for (const [what, depth] of [['over the journal\'s 64 KiB body limit', 100_000], ['under it', 20_000]] as const) {
  t.test(`regression: a body nested ${depth} deep (${what}) gets its 400 and the journal stays readable`, async (t) => {
    const app = await build(t)
    const res = await send(app, { method: 'POST', url: URL_, headers: HEADERS, payload: `{"name":${'['.repeat(depth)}${']'.repeat(depth)}}` })
    t.equal(res.status, 400)
    t.equal(res.body.errors?.name?.[0], 'must be string')
    const journal = await send(app, { method: 'GET', url: '/__admin/requests' })
    t.equal(journal.status, 200, 'the journal can still be read')
    const entry = journal.body.data[0]
    t.equal(entry.status, 400)
    t.equal(entry.path, URL_)
    t.equal(entry.truncated, true, 'the body is recorded cut short')
    // The app goes on serving.
    t.equal((await send(app, { method: 'GET', url: URL_ })).status, 200)
  })
}

t.test('regression: a state import whose schema_version nests 100,000 deep is a 422, not a 500', async (t) => {
  const app = await build(t)
  for (const version of ['['.repeat(100_000) + ']'.repeat(100_000), '[' + '{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000) + ']', '{"v":1}', '[1]']) {
    const res = await send(app, { method: 'PUT', url: '/__admin/state', headers: { 'content-type': 'application/json' }, payload: `{"schema_version":${version},"managed_users":[]}` })
    t.equal(res.status, 422, version.slice(0, 12))
    t.match(res.body.message, /unsupported schema version an? (array|object) \(this fake reads 1\)/)
  }
  t.equal((await send(app, { method: 'GET', url: '/api/managed_users/91829/mcp_servers' })).body.count, 2, 'the state is untouched')
})
