// Rule 14: bodies are never coerced (a wrong type is a 400); queries parse; unknown body fields are ignored.
import t from 'tap'
import { ACME, build, call } from '../helpers/app.js'

const SALES = `${ACME}/mcp_servers/sales-tools-mcp-server`
const HR = `${ACME}/mcp_servers/hr-automation-server`

t.test('a wrong type in any body is a 400 naming the field; nothing changes', async (t) => {
  const app = await build(t)
  const cases: Array<[string, string, unknown, string, string]> = [
    ['POST', `${ACME}/mcp_servers`, { name: 'x', folder_id: '27180380' }, 'folder_id', 'must be integer'],
    ['POST', `${ACME}/mcp_servers`, { name: 42, folder_id: 27180380 }, 'name', 'must be string'],
    ['POST', `${ACME}/mcp_servers`, { name: 'x', folder_id: 27180380, description: 7 }, 'description', 'must be string'],
    ['POST', `${ACME}/mcp_servers`, { name: 'x', folder_id: 27180380, asset_id: '4521' }, 'asset_id', 'must be integer'],
    ['POST', `${ACME}/mcp_servers`, { name: 'x', folder_id: 27180380, asset_id: null }, 'asset_id', 'must be integer'],
    ['POST', `${ACME}/mcp_servers`, { name: 'x', folder_id: 27180380.5 }, 'folder_id', 'must be integer'],
    ['POST', `${ACME}/mcp_servers`, { name: 'x', folder_id: true }, 'folder_id', 'must be integer'],
    ['POST', `${ACME}/mcp_servers`, { name: 'x', folder_id: 27180380, tools: {} }, 'tools', 'must be array'],
    ['POST', `${ACME}/mcp_servers`, { name: ['x'], folder_id: 27180380 }, 'name', 'must be string'],
    ['PUT', SALES, { name: null }, 'name', 'must be string'],
    ['PUT', SALES, { auth_type: 'oauth' }, 'auth_type', 'must be one of: token, workato_idp'],
    ['PUT', SALES, { folder_id: '27180399' }, 'folder_id', 'must be integer'],
    ['PUT', HR, { idp_user_group_ids: 'group-abc123' }, 'idp_user_group_ids', 'must be array'],
    ['POST', `${HR}/assign_user_groups`, { idp_user_group_ids: [123] }, 'idp_user_group_ids[0]', 'must be string'],
    ['PUT', `${SALES}/update_folder`, { folder_id: '27180399' }, 'folder_id', 'must be integer'],
    ['PUT', `${SALES}/server_policies`, { mcp_server_policy: { rate_limits: { per_minute: '30' } } }, 'mcp_server_policy.rate_limits.per_minute', 'must be integer'],
    ['PUT', `${SALES}/server_policies`, { mcp_server_policy: { ip_allow_list: [42] } }, 'mcp_server_policy.ip_allow_list[0]', 'must be string'],
    ['PUT', `${SALES}/server_policies`, { mcp_server_policy: 'all' }, 'mcp_server_policy', 'must be object'],
    ['PUT', `${SALES}/tools/3001`, { description: 5 }, 'description', 'must be string'],
    ['POST', `${SALES}/assign_tools`, { tools: [{ trigger_application: 'workato_api_platform', id: 98232.5 }] }, 'tools[0].id', 'must be integer or string'],
    ['POST', `${SALES}/assign_tools`, { tools: 'all' }, 'tools', 'must be array']
  ]
  const before = (await call(app, 'GET', SALES)).body
  for (const [method, url, body, field, problem] of cases) {
    const res = await call(app, method as 'POST', url, body)
    t.same([res.status, res.body], [400, { message: `Validation failed: ${field} ${problem}`, errors: { [field]: [problem] } }], `${method} ${url} ${JSON.stringify(body)}`)
  }
  t.same((await call(app, 'GET', SALES)).body, before)
  t.equal((await call(app, 'GET', `${ACME}/mcp_servers`)).body.count, 2)
  t.same((await call(app, 'GET', `${SALES}/server_policies`)).body.rate_limits, { per_minute: 60 })
})

t.test('a wrong type for an enum says both what type and which values', async (t) => {
  const app = await build(t)
  const res = await call(app, 'PUT', SALES, { auth_type: 1 })
  t.same([res.status, res.body], [400, {
    message: 'Validation failed: auth_type must be string, must be one of: token, workato_idp',
    errors: { auth_type: ['must be string', 'must be one of: token, workato_idp'] }
  }])
})

t.test('the numeric-string tool id is the one accepted exception', async (t) => {
  const app = await build(t)
  const res = await call(app, 'POST', `${SALES}/assign_tools`, { tools: [{ trigger_application: 'workato_api_platform', id: '98232' }] })
  t.same([res.status, res.body.data.tools_count], [200, 3])
})

t.test('several problems are reported together', async (t) => {
  const app = await build(t)
  const res = await call(app, 'POST', `${ACME}/mcp_servers`, { name: 1, folder_id: 'x', description: false })
  t.same([res.status, res.body], [400, {
    message: 'Validation failed: name must be string; folder_id must be integer; description must be string',
    errors: { name: ['must be string'], folder_id: ['must be integer'], description: ['must be string'] }
  }])
})

t.test('unknown body fields are ignored, including ones naming read-only attributes', async (t) => {
  const app = await build(t)
  const res = await call(app, 'POST', `${ACME}/mcp_servers`, {
    name: 'Ignored Extras',
    folder_id: 27180380,
    id: 1,
    handle: 'custom-handle',
    token: 'chosen-token',
    mcp_url: 'http://evil.example/',
    auth_type: 'workato_idp',
    tools_count: 99,
    created_at: '2000-01-01T00:00:00.000Z',
    nested: { anything: [1, 2, 3] }
  })
  t.equal(res.status, 200)
  const d = res.body.data
  t.same([d.id, d.auth_type, d.tools_count], [1004, 'token', 0])
  t.match(d.mcp_url, /^http:\/\/127\.0\.0\.1:4000\/mcp\/servers\/ignored-extras\?token=/)
  t.not(new URL(d.mcp_url).searchParams.get('token'), 'chosen-token')
  t.not(d.created_at, '2000-01-01T00:00:00.000Z')
  const put = await call(app, 'PUT', SALES, { description: 'd', id: 5, tools_count: 9, handle: 'h', asset_type: 'project_asset' })
  t.same([put.status, put.body.data.id, put.body.data.tools_count, put.body.data.asset_type], [200, 1001, 2, 'api_collection'])
  const tool = await call(app, 'PUT', `${SALES}/tools/3002`, { description: 'only this', id: 1 })
  t.same([tool.body.id, tool.body.description], [3002, 'only this'])
  const assign = await call(app, 'POST', `${SALES}/assign_tools`, { tools: [{ trigger_application: 'workato_api_platform', id: 98232, name: 'ignored' }], extra: 1 })
  t.equal(assign.status, 200)
})

t.test('query strings are parsed as their documented types; unknown parameters are ignored', async (t) => {
  const app = await build(t)
  const servers = await call(app, 'GET', `${ACME}/mcp_servers?folder_id=27180380&project_id=13595198&page=1&per_page=1&unknown=1`)
  t.same([servers.status, servers.body.count, servers.body.per_page, servers.body.data.map((s: { id: number }) => s.id)], [200, 2, 1, [1001]])
  const tools = await call(app, 'GET', `${SALES}/tools?vua_required=true&search=deal&foo=bar`)
  t.same(tools.body.data.map((x: { id: number }) => x.id), [3002])
})

t.test('numbers JSON can write but JavaScript cannot hold (1e400 → Infinity) are 400, and change nothing', async (t) => {
  const app = await build(t)
  const before = (await call(app, 'GET', `${SALES}/server_policies`)).body
  const raw = async (method: 'POST' | 'PUT', url: string, payload: string) => {
    const res = await app.inject({ method, url, headers: { authorization: 'Bearer dev-token', 'content-type': 'application/json' }, payload })
    return { status: res.statusCode, body: JSON.parse(res.body) }
  }
  const policy = await raw('PUT', `${SALES}/server_policies`, '{"mcp_server_policy":{"rate_limits":{"per_minute":1e400}}}')
  t.same(policy, { status: 400, body: { message: 'Validation failed: mcp_server_policy.rate_limits.per_minute must be integer', errors: { 'mcp_server_policy.rate_limits.per_minute': ['must be integer'] } } })
  t.same((await call(app, 'GET', `${SALES}/server_policies`)).body, before, 'the policy still reads back')
  const create = await raw('POST', `${ACME}/mcp_servers`, '{"name":"x","folder_id":-1e400}')
  t.same(create, { status: 400, body: { message: 'Validation failed: folder_id must be integer', errors: { folder_id: ['must be integer'] } } })
  const tool = await raw('POST', `${SALES}/assign_tools`, '{"tools":[{"trigger_application":"workato_api_platform","id":1e400}]}')
  t.equal(tool.status, 400)
})

t.test('"Infinity" and friends in a query or path are 400, not a 500', async (t) => {
  const app = await build(t)
  for (const [url, field] of [
    [`${ACME}/mcp_servers?page=Infinity`, 'page'],
    [`${ACME}/mcp_servers?page=1e400`, 'page'],
    [`${ACME}/mcp_servers?per_page=-Infinity`, 'per_page'],
    [`${ACME}/mcp_servers?folder_id=Infinity`, 'folder_id'],
    [`${SALES}/tools?page=Infinity`, 'page'],
    [`${ACME}/user_groups?page=Infinity`, 'page'],
    [`${SALES}/tools/Infinity`, 'id']
  ]) {
    const res = await call(app, url.endsWith('Infinity') && url.includes('/tools/') ? 'DELETE' : 'GET', url)
    t.same([res.status, res.body], [400, { message: `Validation failed: ${field} must be a finite number`, errors: { [field]: ['must be a finite number'] } }], url)
  }
  // A page beyond the safe integers could not be echoed back as sent.
  const huge = await call(app, 'GET', `${ACME}/mcp_servers?page=1e23`)
  t.same([huge.status, huge.body.errors], [400, { page: ['must be <= 9007199254740991'] }])
})
