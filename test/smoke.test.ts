import t from 'tap'
import { ACME, build, call } from './helpers/app.js'

t.test('lists the fixture servers of managed user 91829', async (t) => {
  const app = await build(t)
  const res = await call(app, 'GET', `${ACME}/mcp_servers`)
  t.equal(res.status, 200)
  t.same(res.body.data.map((s: { id: number }) => s.id), [1001, 1002])
})
