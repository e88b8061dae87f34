// Strict decoding in live mode: every route's live answer fits the notes' shapes, and the decoder does refuse wrong types.
import t from 'tap'
import { build, callAs } from '../helpers/app.js'
import { ROUTES } from '../helpers/routes.js'
import { toLiveRequest } from '../helpers/profile.js'
import { checkLiveResponse, decode, Policy, Server, ServerEnvelope, Tool, ToolPage } from '../helpers/live-shapes.js'

/** The 16 documented requests against the own workspace's fixture server under /api/mcp, in an order one world serves. */
const OWN = '/api/mcp/mcp_servers/platform-ops-server'
const OWN_ROUTES: Array<[string, string, unknown?]> = [
  ['GET', '/api/mcp/mcp_servers'],
  ['POST', '/api/mcp/mcp_servers', { name: 'x', folder_id: 27170001 }],
  ['GET', OWN],
  ['PUT', OWN, { name: 'x' }],
  ['POST', `${OWN}/token_renew`],
  ['POST', `${OWN}/assign_tools`, { tools: [{ trigger_application: 'workato_genie', id: 'ops-triage-genie' }] }],
  ['PUT', OWN, { auth_type: 'workato_idp' }],
  ['POST', `${OWN}/assign_user_groups`, { idp_user_group_ids: ['group-ops001'] }],
  ['POST', `${OWN}/remove_user_groups`, { idp_user_group_ids: ['group-ops001'] }],
  ['PUT', `${OWN}/update_folder`, { folder_id: 27170002 }],
  ['GET', `${OWN}/server_policies`],
  ['PUT', `${OWN}/server_policies`, { mcp_server_policy: { rate_limits: { limit: 10, interval: 'hour' }, quota_limits: { limit: 100, interval: 'year' } } }],
  ['GET', `${OWN}/tools`],
  ['PUT', `${OWN}/tools/2901`, { description: 'x' }],
  ['DELETE', `${OWN}/tools/2902`],
  ['GET', '/api/mcp/user_groups'],
  ['DELETE', OWN]
]

t.test('every route answers in the live shapes, under /api/managed_users/:id and /api/mcp', async (t) => {
  const app = await build(t, { config: { profile: 'live' } })
  // One world serves them all when the server's DELETE comes last.
  const customer = [...ROUTES.filter(([m, u]) => !(m === 'DELETE' && /mcp_servers\/[^/]+$/.test(u))), ...ROUTES.filter(([m, u]) => m === 'DELETE' && /mcp_servers\/[^/]+$/.test(u))]
  for (const [label, routes] of [['customer', customer], ['own', OWN_ROUTES]] as const) {
    for (const [method, url, body] of routes) {
      const res = await callAs(app, method as 'GET', url, toLiveRequest(method, url, body))
      t.ok(res.status === 200 || res.status === 204, `${label}: ${method} ${url} succeeds (${res.status})`)
      t.doesNotThrow(() => checkLiveResponse(method, url, res.status, res.body), `${label}: ${method} ${url} decodes`)
    }
  }
})

t.test('errors decode as {message} in live too', async (t) => {
  const app = await build(t, { config: { profile: 'live' } })
  for (const [method, url, body] of [
    ['GET', '/api/managed_users/1/mcp_servers'],
    ['GET', '/api/mcp/mcp_servers/nope'],
    ['PUT', `${OWN}/server_policies`, { mcp_server_policy: { rate_limits: { per_minute: 5 } } }],
    ['POST', '/api/mcp/mcp_servers', { name: 'x', folder_id: 1 }]
  ] as Array<[string, string, unknown?]>) {
    const res = await callAs(app, method as 'GET', url, body)
    t.ok(res.status >= 400)
    t.doesNotThrow(() => checkLiveResponse(method, url, res.status, res.body), `${method} ${url} ${res.status}`)
  }
})

t.test('the decoder is strict: a number in a string field or a string in an integer field fails', async (t) => {
  const app = await build(t, { config: { profile: 'live' } })
  const server = (await callAs(app, 'GET', `${OWN}`)).body.data
  const tools = (await callAs(app, 'GET', `${OWN}/tools`)).body
  const policy = (await callAs(app, 'GET', `${OWN}/server_policies`)).body
  t.doesNotThrow(() => decode(Server, server, 'server'))
  t.throws(() => decode(Server, { ...server, id: 1000 }), /\/id/, 'a numeric server id')
  t.throws(() => decode(Server, { ...server, folder_id: String(server.folder_id) }), /\/folder_id/, 'a string folder_id')
  t.throws(() => decode(Server, { ...server, tools_count: 1.5 }), /\/tools_count/, 'a fraction where an integer belongs')
  t.throws(() => decode(Server, { ...server, has_vua_dependent_tools: 'true' }), /has_vua_dependent_tools/)
  t.throws(() => decode(Server, { ...server, folders: [{ id: '27170001', name: 'Ops MCP' }] }), /folders/)
  const { folders: _f, ...missing } = server
  t.throws(() => decode(Server, missing), /folders/, 'a missing required field')
  t.throws(() => decode(ServerEnvelope, { data: { ...server, asset_type: 1 } }), /asset_type/)
  const tool = tools.items[0]
  t.doesNotThrow(() => decode(Tool, tool, 'tool'))
  t.throws(() => decode(Tool, { ...tool, id: String(tool.id) }), /\/id/, 'a string tool id')
  t.throws(() => decode(Tool, { ...tool, enabled: 1 }), /enabled/)
  t.throws(() => decode(ToolPage, { data: tools.items, count: 2, page: 1, per_page: 100 }), /items|data/, 'tools under data')
  t.doesNotThrow(() => decode(Policy, policy, 'policy'))
  t.throws(() => decode(Policy, { ...policy, rate_limits: { per_minute: 60 } }), /rate_limits/, 'the docs limit shape')
  t.throws(() => decode(Policy, { ...policy, rate_limits: { limit: '60', interval: 'minute' } }), /rate_limits\/limit/)
  t.throws(() => decode(Policy, { ...policy, mcp_server_id: 1000 }), /mcp_server_id/, 'a numeric mcp_server_id')
  t.throws(() => decode(Policy, { ...policy, created_at: 'yesterday' }), /created_at/, 'a timestamp that is not RFC 3339')
})

t.test('docs-profile answers do not decode as live ones (the profiles really differ)', async (t) => {
  const app = await build(t, { config: { profile: 'docs' } })
  for (const [method, url] of [['GET', OWN], ['GET', `${OWN}/tools`], ['GET', `${OWN}/server_policies`], ['GET', '/api/mcp/mcp_servers']]) {
    const res = await callAs(app, method as 'GET', url)
    t.equal(res.status, 200)
    t.throws(() => checkLiveResponse(method, url, res.status, res.body), /live shape/, `docs ${method} ${url}`)
  }
})

t.test('a live id works wherever a handle does, and nowhere it should not', async (t) => {
  for (const profile of ['docs', 'live'] as const) {
    const live = await build(t, { config: { profile: 'live' } })
    const id = (await callAs(live, 'GET', '/api/managed_users/91829/mcp_servers/sales-tools-mcp-server')).body.data.id as string
    const app = await build(t, { config: { profile } })
    for (const path of ['', '/tools', '/server_policies']) {
      t.equal((await callAs(app, 'GET', `/api/managed_users/91829/mcp_servers/${id}${path}`)).status, 200, `${profile}: ${path || 'detail'} by live id`)
      t.equal((await callAs(app, 'GET', `/api/managed_users/EA2300/mcp_servers/${encodeURIComponent(id)}${path}`)).status, 200)
    }
    t.equal((await callAs(app, 'GET', `/api/managed_users/91830/mcp_servers/${id}`)).status, 404, 'another workspace does not see it')
    t.equal((await callAs(app, 'GET', `/api/mcp/mcp_servers/${id}`)).status, 404)
    // A near miss: same prefix, one character changed.
    const other = id.slice(0, -2) + (id.endsWith('A') ? 'B' : 'A') + id.slice(-1)
    t.equal((await callAs(app, 'GET', `/api/managed_users/91829/mcp_servers/${other}`)).status, 404)
    t.equal((await callAs(app, 'GET', '/api/managed_users/91829/mcp_servers/mcps-')).status, 404)
  }
})
