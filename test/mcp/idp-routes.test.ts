// POST/DELETE /__admin/idp/tokens: issuing IdP user tokens for workato_idp servers, and revoking them.
import t from 'tap'
import { createClock } from '../../src/domain/clock.js'
import { ACME, build, call, listen } from '../helpers/app.js'
import { initialize, post } from '../helpers/mcp.js'

const HR_SERVER = `${ACME}/mcp_servers/hr-automation-server`

t.test('issues a random Bearer token for a user and groups', async (t) => {
  const app = await build(t)
  const res = await app.inject({ method: 'POST', url: '/__admin/idp/tokens', payload: { user: 'dana', group_ids: ['group-def456', 'group-def456'] } })
  t.equal(res.statusCode, 201)
  const body = res.json()
  t.match(body.token, /^idp_[A-Za-z0-9_-]{32}$/)
  t.same(body, { token: body.token, token_type: 'Bearer', user: 'dana', group_ids: ['group-def456'], managed_user_id: null, expires_at: null })
  const again = await app.inject({ method: 'POST', url: '/__admin/idp/tokens', payload: { user: 'dana', group_ids: [] } })
  t.not(again.json().token, body.token)
})

t.test('a chosen token, a managed user by external id, and an expiry on the fake clock', async (t) => {
  const clock = createClock()
  clock.freeze(Date.parse('2026-05-01T12:00:00.000Z'))
  const { app, base } = await listen(t, { clock })
  const res = await app.inject({
    method: 'POST',
    url: '/__admin/idp/tokens',
    payload: { user: 'dana', group_ids: ['group-def456'], managed_user_id: 'EA2300', expires_in: 60, token: 'dana-test-token-0001' }
  })
  t.equal(res.statusCode, 201)
  t.same(res.json(), {
    token: 'dana-test-token-0001',
    token_type: 'Bearer',
    user: 'dana',
    group_ids: ['group-def456'],
    managed_user_id: 91829,
    expires_at: '2026-05-01T12:01:00.000Z'
  })
  t.equal((await call(app, 'POST', `${HR_SERVER}/assign_user_groups`, { idp_user_group_ids: ['group-def456'] })).status, 200)
  const url = `${base}/mcp/servers/hr-automation-server`
  const auth = { authorization: 'Bearer dana-test-token-0001' }
  t.equal((await post(url, initialize(), auth)).status, 200)
  clock.advance(60_000)
  const expired = await post(url, initialize(), auth)
  t.equal(expired.status, 401)
  t.equal(expired.headers.get('www-authenticate'), 'Bearer realm="fake-workato", error="invalid_token", error_description="The IdP user token has expired"')

  // Issuing the same token again re-binds it (here: without expiry).
  t.equal((await app.inject({ method: 'POST', url: '/__admin/idp/tokens', payload: { user: 'dana', group_ids: ['group-def456'], token: 'dana-test-token-0001' } })).statusCode, 201)
  t.equal((await post(url, initialize(), auth)).status, 200)
})

t.test('a token limited to one managed user is refused on another managed user\'s servers', async (t) => {
  const { app, base } = await listen(t)
  t.equal((await call(app, 'PUT', '/api/managed_users/91830/mcp_servers/globex-support-server', { auth_type: 'workato_idp', idp_user_group_ids: ['group-gx-support'] })).status, 200)
  const acme = await app.inject({ method: 'POST', url: '/__admin/idp/tokens', payload: { user: 'x', group_ids: ['group-def456'], managed_user_id: 91829 } })
  t.equal(acme.statusCode, 201)
  const globex = await app.inject({ method: 'POST', url: '/__admin/idp/tokens', payload: { user: 'y', group_ids: ['group-gx-support'], managed_user_id: 91830 } })
  const url = `${base}/mcp/servers/globex-support-server`
  const refused = await post(url, initialize(), { authorization: `Bearer ${acme.json().token}` })
  t.equal(refused.status, 401)
  t.same(refused.body, { jsonrpc: '2.0', error: { code: -32010, message: 'The IdP user token was issued for another managed user' }, id: null })
  t.equal((await post(url, initialize(), { authorization: `Bearer ${globex.json().token}` })).status, 200)
})

t.test('refuses unknown managed users and groups (422) and malformed bodies (400)', async (t) => {
  const app = await build(t)
  const issue = (payload: unknown) => app.inject({ method: 'POST', url: '/__admin/idp/tokens', payload: payload as object })
  let res = await issue({ user: 'dana', group_ids: ['group-nope'] })
  t.equal(res.statusCode, 422)
  t.same(res.json(), { message: 'group_ids[0] user group "group-nope" does not exist', errors: { 'group_ids[0]': ['user group "group-nope" does not exist'] } })
  res = await issue({ user: 'dana', group_ids: ['group-gx-support'], managed_user_id: 91829 })
  t.equal(res.statusCode, 422)
  t.same(res.json().errors, { 'group_ids[0]': ['user group "group-gx-support" does not exist in this managed user'] })
  res = await issue({ user: 'dana', group_ids: [], managed_user_id: 'Enobody' })
  t.equal(res.statusCode, 422)
  t.same(res.json().errors, { managed_user_id: ['"Enobody" does not exist'] })
  for (const bad of [{ group_ids: [] }, { user: 'dana' }, { user: '', group_ids: [] }, { user: 'dana', group_ids: 'group-def456' },
    { user: 'dana', group_ids: [], expires_in: 0 }, { user: 'dana', group_ids: [], token: 'short' }, { user: 'dana', group_ids: [], token: 'has spaces in it, sadly' }]) {
    res = await issue(bad)
    t.equal(res.statusCode, 400, JSON.stringify(bad))
    t.type(res.json().message, 'string')
  }
})

t.test('DELETE revokes every token at once', async (t) => {
  const { app, base } = await listen(t)
  t.equal((await call(app, 'POST', `${HR_SERVER}/assign_user_groups`, { idp_user_group_ids: ['group-def456'] })).status, 200)
  const token = (await app.inject({ method: 'POST', url: '/__admin/idp/tokens', payload: { user: 'dana', group_ids: ['group-def456'] } })).json().token
  const url = `${base}/mcp/servers/hr-automation-server`
  t.equal((await post(url, initialize(), { authorization: `Bearer ${token}` })).status, 200)
  const res = await app.inject({ method: 'DELETE', url: '/__admin/idp/tokens' })
  t.equal(res.statusCode, 204)
  t.equal(res.body, '')
  t.equal((await post(url, initialize(), { authorization: `Bearer ${token}` })).status, 401)
})
