// Rule 1: managed users by account id or E + URL-encoded external id; nothing crosses workspaces.
import t from 'tap'
import { ACME, GLOBEX, build, call } from '../helpers/app.js'

const NOT_FOUND = { message: 'Not found' }

t.test('EA2300 reaches external id A2300: the same workspace as 91829', async (t) => {
  const app = await build(t)
  const byId = await call(app, 'GET', `${ACME}/mcp_servers`)
  const byExternal = await call(app, 'GET', '/api/managed_users/EA2300/mcp_servers')
  t.equal(byExternal.status, 200)
  t.same(byExternal.body, byId.body)
  t.same(byExternal.body.data.map((s: { id: number }) => s.id), [1001, 1002])
  const detail = await call(app, 'GET', '/api/managed_users/EA2300/mcp_servers/hr-automation-server')
  t.equal(detail.body.data.id, 1002)
})

t.test('Eglobex%2Feu%207 reaches external id "globex/eu 7" (URL-decoded once)', async (t) => {
  const app = await build(t)
  const res = await call(app, 'GET', '/api/managed_users/Eglobex%2Feu%207/mcp_servers')
  t.same(res.body, {
    data: [{
      id: 1003,
      name: 'Globex Support Server',
      description: 'Support ticketing tools for Globex agents',
      folder_id: 27190001,
      project_id: 13600001,
      authentication_method: 'token',
      tools_count: 2
    }],
    count: 1,
    page: 1,
    per_page: 50
  })
  const groups = await call(app, 'GET', '/api/managed_users/Eglobex%2Feu%207/user_groups')
  t.same(groups.body.data.map((g: { id: string }) => g.id), ['group-gx-support'])
  // Writes work through the external id too.
  const renamed = await call(app, 'PUT', '/api/managed_users/Eglobex%2Feu%207/mcp_servers/globex-support-server', { name: 'Renamed' })
  t.equal(renamed.status, 200)
  t.equal((await call(app, 'GET', `${GLOBEX}/mcp_servers/globex-support-server`)).body.data.name, 'Renamed')
})

t.test('unknown managed users are 404 on every route', async (t) => {
  const app = await build(t)
  const refs = ['99999', 'EZZZ', 'E', 'abc', '0', '091829', 'E91829', 'Eglobex/eu 7x', 'EA2300%20', 'ea2300', '91829.0']
  for (const ref of refs) {
    const base = `/api/managed_users/${encodeURIComponent(ref)}`
    for (const [method, url, body] of [
      ['GET', `${base}/mcp_servers`],
      ['POST', `${base}/mcp_servers`, { name: 'x', folder_id: 27180380 }],
      ['GET', `${base}/mcp_servers/sales-tools-mcp-server`],
      ['GET', `${base}/user_groups`]
    ] as const) {
      const res = await call(app, method, url, body)
      t.same([res.status, res.body], [404, NOT_FOUND], `${method} ${url}`)
    }
  }
  // An unencoded slash splits the path: no such route.
  const split = await call(app, 'GET', '/api/managed_users/Eglobex/eu%207/mcp_servers')
  t.same([split.status, split.body], [404, NOT_FOUND])
  // Nothing was created by the refused POSTs.
  t.equal((await call(app, 'GET', `${ACME}/mcp_servers`)).body.count, 2)
})

t.test("another managed user's server is invisible and unchangeable through every route", async (t) => {
  const app = await build(t)
  const before = await call(app, 'GET', `${ACME}/mcp_servers/sales-tools-mcp-server`)
  const beforePolicy = await call(app, 'GET', `${ACME}/mcp_servers/sales-tools-mcp-server/server_policies`)
  const beforeTools = await call(app, 'GET', `${ACME}/mcp_servers/sales-tools-mcp-server/tools`)
  const s = `${GLOBEX}/mcp_servers/sales-tools-mcp-server`
  const attempts = [
    ['GET', s],
    ['PUT', s, { name: 'Hijacked' }],
    ['POST', `${s}/token_renew`],
    ['POST', `${s}/assign_tools`, { tools: [{ trigger_application: 'workato_api_platform', id: 98232 }] }],
    ['POST', `${s}/assign_user_groups`, { idp_user_group_ids: ['group-gx-support'] }],
    ['POST', `${s}/remove_user_groups`, { idp_user_group_ids: ['group-gx-support'] }],
    ['PUT', `${s}/update_folder`, { folder_id: 27190002 }],
    ['GET', `${s}/server_policies`],
    ['PUT', `${s}/server_policies`, { mcp_server_policy: { ip_allow_list: [] } }],
    ['GET', `${s}/tools`],
    ['PUT', `${s}/tools/3001`, { description: 'Hijacked' }],
    ['DELETE', `${s}/tools/3002`],
    ['DELETE', s]
  ] as const
  for (const [method, url, body] of attempts) {
    const res = await call(app, method, url, body)
    t.same([res.status, res.body], [404, NOT_FOUND], `${method} ${url}`)
  }
  t.same((await call(app, 'GET', `${ACME}/mcp_servers/sales-tools-mcp-server`)).body, before.body)
  t.same((await call(app, 'GET', `${ACME}/mcp_servers/sales-tools-mcp-server/server_policies`)).body, beforePolicy.body)
  t.same((await call(app, 'GET', `${ACME}/mcp_servers/sales-tools-mcp-server/tools`)).body, beforeTools.body)
  t.same((await call(app, 'GET', `${GLOBEX}/mcp_servers`)).body.data.map((x: { id: number }) => x.id), [1003])
})

t.test("a tool id of another managed user's server is 404, even on a server of one's own", async (t) => {
  const app = await build(t)
  // 3006 belongs to globex-support-server.
  for (const [method, body] of [['PUT', { description: 'x' }], ['DELETE', undefined]] as const) {
    const res = await call(app, method, `${ACME}/mcp_servers/sales-tools-mcp-server/tools/3006`, body)
    t.same([res.status, res.body], [404, NOT_FOUND])
  }
  const globexTools = await call(app, 'GET', `${GLOBEX}/mcp_servers/globex-support-server/tools`)
  t.same(globexTools.body.data.map((x: { id: number, description: string }) => [x.id, x.description]),
    [[3006, 'Opens a support ticket in Zendesk'], [3007, 'Escalates a ticket to the on-call engineer']])
})

t.test('folders, API collections, catalog tools and user groups of another managed user are refused (422)', async (t) => {
  const app = await build(t)
  const cases = [
    ['POST', `${ACME}/mcp_servers`, { name: 'x', folder_id: 27190001 }, { message: 'folder_id folder 27190001 does not exist', errors: { folder_id: ['folder 27190001 does not exist'] } }],
    ['POST', `${ACME}/mcp_servers`, { name: 'x', folder_id: 27180380, asset_id: 4600 }, { message: 'asset_id API collection 4600 does not exist', errors: { asset_id: ['API collection 4600 does not exist'] } }],
    ['PUT', `${ACME}/mcp_servers/sales-tools-mcp-server/update_folder`, { folder_id: 27190002 }, { message: 'folder_id folder 27190002 does not exist', errors: { folder_id: ['folder 27190002 does not exist'] } }],
    ['PUT', `${ACME}/mcp_servers/sales-tools-mcp-server`, { folder_id: 27190002 }, { message: 'folder_id folder 27190002 does not exist', errors: { folder_id: ['folder 27190002 does not exist'] } }],
    ['POST', `${ACME}/mcp_servers/sales-tools-mcp-server/assign_tools`, { tools: [{ trigger_application: 'workato_api_platform', id: 99001 }] }, { message: 'tools[0].id workato_api_platform 99001 does not exist in this workspace', errors: { 'tools[0].id': ['workato_api_platform 99001 does not exist in this workspace'] } }],
    ['POST', `${ACME}/mcp_servers/sales-tools-mcp-server/assign_tools`, { tools: [{ trigger_application: 'workato_genie', id: 'support-genie' }] }, { message: 'tools[0].id workato_genie "support-genie" does not exist in this workspace', errors: { 'tools[0].id': ['workato_genie "support-genie" does not exist in this workspace'] } }],
    ['POST', `${ACME}/mcp_servers/hr-automation-server/assign_user_groups`, { idp_user_group_ids: ['group-gx-support'] }, { message: 'idp_user_group_ids user groups not found: group-gx-support', errors: { idp_user_group_ids: ['user groups not found: group-gx-support'] } }]
  ] as const
  for (const [method, url, body, expected] of cases) {
    const res = await call(app, method, url, body)
    t.same([res.status, res.body], [422, expected], `${method} ${url} ${JSON.stringify(body)}`)
  }
  t.equal((await call(app, 'GET', `${ACME}/mcp_servers`)).body.count, 2)
  t.equal((await call(app, 'GET', `${ACME}/mcp_servers/sales-tools-mcp-server`)).body.data.tools_count, 2)
})

t.test("a workspace's user groups list only its own groups", async (t) => {
  const app = await build(t)
  t.same((await call(app, 'GET', `${ACME}/user_groups`)).body.data.map((g: { id: string }) => g.id), ['group-abc123', 'group-def456'])
  t.same((await call(app, 'GET', `${GLOBEX}/user_groups`)).body.data.map((g: { id: string }) => g.id), ['group-gx-support'])
})
