import t from 'tap'
import { AUTH, build, call, listen } from '../helpers/app.js'
import { admin } from '../helpers/admin.js'

t.test('POST /__admin/managed_users creates a tenant with a copy of the fixtures workspace', async (t) => {
  const app = await build(t)
  const res = await admin(app, 'POST', '/managed_users', { external_id: 'suite-a', name: 'Suite A' })
  t.equal(res.status, 201)
  t.same(res.body, {
    id: 91831,
    external_id: 'suite-a',
    name: 'Suite A',
    projects: [{ id: 13595198, name: 'Sales & HR Automation' }],
    folders: [
      { id: 27180380, name: 'MCP Servers', project_id: 13595198 },
      { id: 27180399, name: 'MCP Servers Archive', project_id: 13595198 }
    ],
    api_collections: [{ id: 4521, name: 'Sales API', project_id: 13595198 }],
    user_groups: [{ id: 'group-abc123', name: 'Sales Team' }, { id: 'group-def456', name: 'HR Admins' }],
    catalog: [
      { trigger_application: 'workato_api_platform', id: 98231, name: 'Create Salesforce Lead' },
      { trigger_application: 'workato_api_platform', id: 98232, name: 'Get Salesforce Opportunity' },
      { trigger_application: 'workato_recipe_function', id: 66870002, name: 'Send Deal Notification' },
      { trigger_application: 'workato_recipe_function', id: 66870004, name: 'Onboard New Employee' },
      { trigger_application: 'workato_recipe_function', id: 66870005, name: 'Look Up Employee' },
      { trigger_application: 'workato_recipe_function', id: 66870006, name: 'Request Time Off' },
      { trigger_application: 'workato_genie', id: 'my-genie-handle', name: 'Ask Sales Genie' }
    ],
    mcp_servers: []
  })
  // Reachable by account id and by external id, and it works like a fixtures workspace.
  t.same((await call(app, 'GET', '/api/managed_users/Esuite-a/mcp_servers')).body, { data: [], count: 0, page: 1, per_page: 50 })
  t.same((await call(app, 'GET', '/api/managed_users/91831/user_groups')).body.data.map((g: { id: string }) => g.id), ['group-abc123', 'group-def456'])
  const created = await call(app, 'POST', '/api/managed_users/91831/mcp_servers', {
    name: 'Tenant Server', folder_id: 27180399, asset_id: 4521, tools: [{ trigger_application: 'workato_api_platform', id: '98231' }]
  })
  t.equal(created.status, 200)
  t.equal(created.body.data.tools_count, 1)
  // The fixtures workspace is untouched.
  t.equal((await call(app, 'GET', '/api/managed_users/91829/mcp_servers')).body.count, 2)

  const list = await admin(app, 'GET', '/managed_users')
  // 91800 is the API client's own workspace (fixtures/own.json): state like any other.
  t.same(list.body.data.map((m: { id: number }) => m.id), [91829, 91830, 91800, 91831])
  t.equal(list.body.count, 4)
  t.same((await admin(app, 'GET', '/managed_users/Esuite-a')).body.mcp_servers.map((s: { handle: string }) => s.handle), ['tenant-server'])
})

t.test('servers: true copies the template servers with fresh ids, handles and tokens', async (t) => {
  const app = await build(t)
  const res = await admin(app, 'POST', '/managed_users', { id: 5000, servers: true })
  t.equal(res.status, 201)
  t.equal(res.body.name, 'Managed user 5000')
  t.equal(res.body.external_id, null)
  t.same(res.body.mcp_servers.map((s: { id: number, handle: string }) => [s.id, s.handle]), [[1004, 'sales-tools-mcp-server-2'], [1005, 'hr-automation-server-2']])
  for (const s of res.body.mcp_servers) t.notMatch(s.mcp_url, /token=abc123xyz/)

  const copy = (await call(app, 'GET', '/api/managed_users/5000/mcp_servers/sales-tools-mcp-server-2')).body.data
  const original = (await call(app, 'GET', '/api/managed_users/91829/mcp_servers/sales-tools-mcp-server')).body.data
  t.same({ ...copy, id: 0, mcp_url: '' }, { ...original, id: 0, mcp_url: '' }, 'same fields as the original, apart from id and mcp_url')
  const tools = (await call(app, 'GET', '/api/managed_users/5000/mcp_servers/sales-tools-mcp-server-2/tools')).body
  const originalTools = (await call(app, 'GET', '/api/managed_users/91829/mcp_servers/sales-tools-mcp-server/tools')).body
  t.same(tools.data.map((x: { name: string }) => x.name), originalTools.data.map((x: { name: string }) => x.name))
  t.ok(tools.data.every((x: { id: number }) => x.id > 3007), 'fresh tool ids')
  const policy = (await call(app, 'GET', '/api/managed_users/5000/mcp_servers/sales-tools-mcp-server-2/server_policies')).body
  t.equal(policy.mcp_server_id, 1004)
  t.ok(policy.id > 503, 'fresh policy id')
  t.same(policy.ip_allow_list, ['203.0.113.0/24'])
  const idp = (await call(app, 'GET', '/api/managed_users/5000/mcp_servers/hr-automation-server-2')).body.data
  t.equal(idp.auth_type, 'workato_idp')
  // The copied user groups are usable by the copied servers.
  const assigned = await call(app, 'POST', '/api/managed_users/5000/mcp_servers/hr-automation-server-2/assign_user_groups', { idp_user_group_ids: ['group-def456'] })
  t.equal(assigned.status, 200)

  // A copy's handle is its own: the fixtures' handle stays with the fixtures' managed user.
  t.equal((await call(app, 'GET', '/api/managed_users/5000/mcp_servers/sales-tools-mcp-server')).status, 404)
  // The template can be another fixtures managed user.
  const globex = await admin(app, 'POST', '/managed_users', { template: 'Eglobex/eu 7', servers: true })
  t.equal(globex.status, 201)
  t.equal(globex.body.id, 91831, 'the next id after the highest ever used')
  t.same(globex.body.mcp_servers.map((s: { handle: string }) => s.handle), ['globex-support-server-2'])
})

t.test('managed user creation refuses taken ids, unknown templates and bad bodies', async (t) => {
  const app = await build(t)
  const takenId = await admin(app, 'POST', '/managed_users', { id: 91829 })
  t.equal(takenId.status, 409)
  t.same(takenId.body, { message: 'id 91829 is taken by another managed user', errors: { id: ['is taken'] } })
  const takenExt = await admin(app, 'POST', '/managed_users', { external_id: 'A2300' })
  t.equal(takenExt.status, 409)
  t.same(takenExt.body.errors, { external_id: ['is taken'] })
  const template = await admin(app, 'POST', '/managed_users', { template: 777 })
  t.equal(template.status, 422)
  t.same(template.body.errors, { template: ['is not a managed user of the fixtures'] })
  const bad = await admin(app, 'POST', '/managed_users', { id: '12', servers: 'yes' })
  t.equal(bad.status, 400)
  t.same(Object.keys(bad.body.errors).sort(), ['id', 'servers'])
  t.equal((await admin(app, 'GET', '/managed_users')).body.count, 3, 'nothing was created (the two customers and the own workspace)')
  // No body at all is fine: every field is optional.
  t.equal((await app.inject({ method: 'POST', url: '/__admin/managed_users' })).statusCode, 201)
})

t.test('DELETE /__admin/managed_users/:id removes a tenant and frees its handles', async (t) => {
  const app = await build(t)
  const tenant = (await admin(app, 'POST', '/managed_users', { servers: true, external_id: 'gone' })).body
  t.equal((await admin(app, 'DELETE', '/managed_users/Egone')).status, 204)
  t.equal((await call(app, 'GET', `/api/managed_users/${tenant.id}/mcp_servers`)).status, 404)
  t.equal((await admin(app, 'GET', `/managed_users/${tenant.id}`)).status, 404)
  t.equal((await admin(app, 'DELETE', `/managed_users/${tenant.id}`)).status, 404)
  const again = await call(app, 'POST', '/api/managed_users/91829/mcp_servers', { name: 'Sales Tools MCP Server', folder_id: 27180380 })
  t.match(again.body.data.mcp_url, /\/sales-tools-mcp-server-2\?/, 'the deleted tenant\'s handle is free again')
  const next = (await admin(app, 'POST', '/managed_users', {})).body
  t.ok(next.id > tenant.id, 'account ids are not reused')
})

t.test('two suites on two tenants run in parallel against one listening fake without seeing each other', async (t) => {
  const { base } = await listen(t)
  const http = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(base + path, {
      method,
      headers: { ...AUTH, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body)
    })
    const text = await res.text()
    return { status: res.status, body: text === '' ? undefined : JSON.parse(text) }
  }

  const suite = async (label: string) => {
    const tenant = await http('POST', '/__admin/managed_users', { external_id: label, servers: true })
    t.equal(tenant.status, 201)
    const mu = `/api/managed_users/E${label}`
    const mine: string[] = tenant.body.mcp_servers.map((s: { handle: string }) => s.handle)
    for (let i = 0; i < 15; i++) {
      const created = await http('POST', `${mu}/mcp_servers`, { name: `${label} server ${i}`, folder_id: 27180380 })
      t.equal(created.status, 200)
      const handle = new URL(created.body.data.mcp_url).pathname.split('/').pop()!
      mine.push(handle)
      if (i % 3 === 0) {
        t.equal((await http('PUT', `${mu}/mcp_servers/${handle}`, { description: `${label} ${i}` })).status, 200)
      }
      if (i % 5 === 4) {
        t.equal((await http('DELETE', `${mu}/mcp_servers/${handle}`)).status, 204)
        mine.pop()
      }
    }
    return { tenant: tenant.body, mu, mine }
  }

  const [a, b] = await Promise.all([suite('suite-a'), suite('suite-b')])
  for (const [self, other] of [[a, b], [b, a]]) {
    const list = await http('GET', `${self.mu}/mcp_servers?per_page=50`)
    t.equal(list.body.count, self.mine.length, 'a suite lists exactly its own servers')
    const names: string[] = list.body.data.map((s: { name: string }) => s.name)
    const otherLabel = other.tenant.external_id
    t.notOk(names.some(n => n.startsWith(otherLabel)), 'and none of the other suite\'s')
    for (const handle of other.mine) {
      t.equal((await http('GET', `${self.mu}/mcp_servers/${handle}`)).status, 404, 'the other suite\'s servers are invisible')
    }
    const journal = await http('GET', `/__admin/requests?managed_user_id=E${self.tenant.external_id}&limit=1000`)
    t.ok(journal.body.count > 0)
    t.ok(journal.body.data.every((e: { path: string }) => e.path.startsWith(self.mu) || e.path.startsWith(`/api/managed_users/${self.tenant.id}`)), 'the journal filters by tenant')
  }
  // The fixtures managed users saw nothing.
  t.equal((await http('GET', '/api/managed_users/91829/mcp_servers')).body.count, 2)
  t.equal((await http('GET', '/api/managed_users/91830/mcp_servers')).body.count, 1)
})
