import t from 'tap'
import { build, call, GLOBEX } from '../helpers/app.js'
import { admin } from '../helpers/admin.js'

const MCP = '/mcp/servers/globex-support-server?token=globextoken001'
const ACCEPT = 'application/json, text/event-stream'

async function ping (app: Awaited<ReturnType<typeof build>>): Promise<number> {
  const res = await app.inject({ method: 'POST', url: MCP, headers: { 'content-type': 'application/json', accept: ACCEPT }, payload: { jsonrpc: '2.0', id: 1, method: 'ping' } })
  return res.statusCode
}

t.test('a reset clears MCP rate-limit counters: whole world and scoped to the managed user', async (t) => {
  const app = await build(t)
  await admin(app, 'POST', '/clock', { frozen_at: '2026-01-01T00:00:10Z' })
  const limit = async () => t.equal((await call(app, 'PUT', `${GLOBEX}/mcp_servers/globex-support-server/server_policies`, { mcp_server_policy: { rate_limits: { per_minute: 1 } } })).status, 200)
  await limit()
  t.equal(await ping(app), 200)
  t.equal(await ping(app), 429, 'the per-minute limit is used up')

  // Resetting another managed user leaves the count alone.
  await admin(app, 'POST', '/reset', { managed_user_id: 91829 })
  t.equal(await ping(app), 429)

  await admin(app, 'POST', '/reset', { managed_user_id: 'Eglobex/eu 7' })
  await limit()
  t.equal(await ping(app), 200, 'a scoped reset forgot its servers\' counts')
  t.equal(await ping(app), 429)

  await admin(app, 'POST', '/reset')
  await admin(app, 'POST', '/clock', { frozen_at: '2026-01-01T00:00:10Z' })
  await limit()
  t.equal(await ping(app), 200, 'a whole reset forgot every count')
})

t.test('a whole reset revokes IdP user tokens; the admin token guards /__admin/idp too', async (t) => {
  const app = await build(t, { config: { adminToken: 'admin-secret' } })
  const body = { user: 'dana', group_ids: ['group-def456'], managed_user_id: 91829 }
  t.equal((await admin(app, 'POST', '/idp/tokens', body)).status, 401)
  t.equal((await admin(app, 'POST', '/idp/tokens', body, { authorization: 'Bearer dev-token' })).status, 401)
  const issued = await admin(app, 'POST', '/idp/tokens', body, { authorization: 'Bearer admin-secret' })
  t.equal(issued.status, 201)
  const idp = async () => (await app.inject({
    method: 'POST',
    url: '/mcp/servers/hr-automation-server',
    headers: { 'content-type': 'application/json', accept: ACCEPT, authorization: `Bearer ${issued.body.token as string}` },
    payload: { jsonrpc: '2.0', id: 1, method: 'ping' }
  })).statusCode
  const before = await idp()
  t.not(before, 401, 'the IdP token is known')
  await admin(app, 'POST', '/reset', undefined, { authorization: 'Bearer admin-secret' })
  t.equal(await idp(), 401, 'forgotten after a reset')
})
