// Rules 2, 3, 4 and 12: handles, create, partial update, and the server list's filters.
import t from 'tap'
import { ACME, GLOBEX, build, call } from '../helpers/app.js'
import { frozenClock } from '../helpers/expect.js'
import { withSecondProject } from '../helpers/worlds.js'

const HANDLE = /^[a-z0-9]+(-[a-z0-9]+)*$/

function handleOf (mcpUrl: string): string {
  return new URL(mcpUrl).pathname.replace('/mcp/servers/', '')
}
function tokenOf (mcpUrl: string): string {
  return new URL(mcpUrl).searchParams.get('token') ?? ''
}

t.test('handles', async (t) => {
  t.test('a lowercase slug of the name', async (t) => {
    const app = await build(t)
    for (const [name, handle] of [
      ['Finance Tools', 'finance-tools'],
      ['  Ünïcode Café — Server!! ', 'unicode-cafe-server'],
      ['ALL_CAPS__and   spaces', 'all-caps-and-spaces'],
      ['v2.0 Release', 'v2-0-release']
    ]) {
      const res = await call(app, 'POST', `${ACME}/mcp_servers`, { name, folder_id: 27180380 })
      t.equal(res.status, 200)
      t.equal(handleOf(res.body.data.mcp_url), handle, name)
      t.equal(res.body.data.name, name, 'the name itself is kept as sent')
      t.equal((await call(app, 'GET', `${ACME}/mcp_servers/${handle}`)).body.data.id, res.body.data.id)
    }
  })

  t.test('unique across the whole fake: -2, -3, also against other managed users', async (t) => {
    const app = await build(t)
    const create = async (base: string, name: string, folder: number) =>
      handleOf((await call(app, 'POST', `${base}/mcp_servers`, { name, folder_id: folder })).body.data.mcp_url)
    t.equal(await create(ACME, 'Sales Tools MCP Server', 27180380), 'sales-tools-mcp-server-2')
    t.equal(await create(ACME, 'Sales Tools MCP Server', 27180380), 'sales-tools-mcp-server-3')
    t.equal(await create(GLOBEX, 'Sales Tools MCP Server', 27190001), 'sales-tools-mcp-server-4')
    // globex-support-server belongs to 91830; Acme's server with the same name gets the next handle.
    t.equal(await create(ACME, 'Globex Support Server', 27180380), 'globex-support-server-2')
    const own = await call(app, 'GET', `${ACME}/mcp_servers/globex-support-server`)
    t.equal(own.status, 404, "91829 still can't see 91830's globex-support-server")
    const gx = await call(app, 'GET', `${GLOBEX}/mcp_servers/sales-tools-mcp-server-4`)
    t.equal(gx.body.data.name, 'Sales Tools MCP Server')
  })

  t.test('never changed by a rename', async (t) => {
    const app = await build(t)
    const res = await call(app, 'PUT', `${ACME}/mcp_servers/sales-tools-mcp-server`, { name: 'Completely Different' })
    t.equal(res.body.data.name, 'Completely Different')
    t.equal(handleOf(res.body.data.mcp_url), 'sales-tools-mcp-server')
    t.equal((await call(app, 'GET', `${ACME}/mcp_servers/sales-tools-mcp-server`)).body.data.name, 'Completely Different')
    t.equal((await call(app, 'GET', `${ACME}/mcp_servers/completely-different`)).status, 404)
    // The old slug stays taken; a new server with the new name slugs to the new slug.
    const next = await call(app, 'POST', `${ACME}/mcp_servers`, { name: 'Sales Tools MCP Server', folder_id: 27180380 })
    t.equal(handleOf(next.body.data.mcp_url), 'sales-tools-mcp-server-2')
  })

  t.test('names that slug to nothing still get a valid, unique handle', async (t) => {
    const app = await build(t)
    const handles: string[] = []
    for (const name of ['!!!', '日本語サーバー', '—', '🙂']) {
      const res = await call(app, 'POST', `${ACME}/mcp_servers`, { name, folder_id: 27180380 })
      t.equal(res.status, 200, name)
      const handle = handleOf(res.body.data.mcp_url)
      t.match(handle, HANDLE, name)
      handles.push(handle)
      t.equal((await call(app, 'GET', `${ACME}/mcp_servers/${handle}`)).body.data.name, name)
    }
    t.equal(new Set(handles).size, 4)
  })

  t.test('long names give handles of at most 60 characters, never ending in "-"', async (t) => {
    const app = await build(t)
    const res = await call(app, 'POST', `${ACME}/mcp_servers`, { name: 'word '.repeat(40), folder_id: 27180380 })
    const handle = handleOf(res.body.data.mcp_url)
    t.ok(handle.length <= 60)
    t.match(handle, HANDLE)
  })

  t.test("a deleted server's handle may be reused", async (t) => {
    const app = await build(t)
    t.equal((await call(app, 'DELETE', `${ACME}/mcp_servers/sales-tools-mcp-server`)).status, 204)
    const res = await call(app, 'POST', `${ACME}/mcp_servers`, { name: 'Sales Tools MCP Server', folder_id: 27180380 })
    t.equal(handleOf(res.body.data.mcp_url), 'sales-tools-mcp-server')
    t.equal(res.body.data.id, 1004, 'ids are never reused, handles are')
    t.equal(res.body.data.tools_count, 0, 'nothing of the deleted server carries over')
    const policy = await call(app, 'GET', `${ACME}/mcp_servers/sales-tools-mcp-server/server_policies`)
    t.same([policy.body.id, policy.body.mcp_server_id, policy.body.ip_allow_list], [504, 1004, []])
  })
})

t.test('create', async (t) => {
  t.test('answers 200 with the whole server; a default policy; sequential ids after the fixtures', async (t) => {
    const clock = frozenClock('2026-03-04T05:06:07.089Z')
    const app = await build(t, { clock, env: { FAKE_WORKATO_PUBLIC_URL: 'https://fake.example.test/base/' } })
    const res = await call(app, 'POST', `${ACME}/mcp_servers`, {
      name: 'Deal Desk',
      description: 'Deal desk tools',
      folder_id: 27180399,
      tools: [{ trigger_application: 'workato_recipe_function', id: 66870002 }]
    })
    t.equal(res.status, 200)
    const token = tokenOf(res.body.data.mcp_url)
    t.same(res.body, {
      data: {
        id: 1004,
        name: 'Deal Desk',
        description: 'Deal desk tools',
        asset_type: 'project_asset',
        logo_url: 'https://www.workato.com/images/mcp-server-logo.png',
        tools_count: 1,
        mcp_url: `https://fake.example.test/base/mcp/servers/deal-desk?token=${token}`,
        auth_type: 'token',
        idp_user_group_ids: [],
        api_collection: null,
        created_at: '2026-03-04T05:06:07.089+00:00',
        updated_at: '2026-03-04T05:06:07.089+00:00'
      }
    })
    const policy = await call(app, 'GET', `${ACME}/mcp_servers/deal-desk/server_policies`)
    t.same(policy.body, {
      id: 504,
      mcp_server_id: 1004,
      rate_limits: { per_minute: 60 },
      quota_limits: { per_day: 10000 },
      ip_allow_list: [],
      ip_deny_list: [],
      created_at: '2026-03-04T05:06:07.089+00:00',
      updated_at: '2026-03-04T05:06:07.089+00:00'
    })
    const tools = await call(app, 'GET', `${ACME}/mcp_servers/deal-desk/tools`)
    t.same(tools.body.data, [{
      id: 3008,
      name: 'Send Deal Notification',
      description: 'Sends a Slack notification when a deal stage changes',
      trigger_application: 'workato_recipe_function',
      action_applications: ['slack'],
      flow_id: 66870002,
      vua_required: true
    }])
    const list = await call(app, 'GET', `${ACME}/mcp_servers`)
    t.same(list.body.data[2], {
      id: 1004,
      name: 'Deal Desk',
      description: 'Deal desk tools',
      folder_id: 27180399,
      project_id: 13595198,
      authentication_method: 'token',
      tools_count: 1
    })
    const second = await call(app, 'POST', `${GLOBEX}/mcp_servers`, { name: 'Next', folder_id: 27190001 })
    t.equal(second.body.data.id, 1005, 'server ids are global and sequential')
  })

  t.test('mcp_url defaults to http://<HOST>:<PORT>/mcp/servers/<handle>?token=<token>', async (t) => {
    const app = await build(t)
    const res = await call(app, 'POST', `${ACME}/mcp_servers`, { name: 'Plain', folder_id: 27180380 })
    t.match(res.body.data.mcp_url, /^http:\/\/127\.0\.0\.1:4000\/mcp\/servers\/plain\?token=[A-Za-z0-9_-]+$/)
    const custom = await build(t, { env: { HOST: '0.0.0.0', PORT: '8080' } })
    const res2 = await call(custom, 'POST', `${ACME}/mcp_servers`, { name: 'Plain', folder_id: 27180380 })
    t.match(res2.body.data.mcp_url, /^http:\/\/0\.0\.0\.0:8080\/mcp\/servers\/plain\?token=/)
  })

  t.test('a fresh random token: URL-safe, at least 128 bits, different every time', async (t) => {
    const app = await build(t)
    const tokens = new Set<string>()
    for (let i = 0; i < 20; i++) {
      const res = await call(app, 'POST', `${ACME}/mcp_servers`, { name: 'Tok', folder_id: 27180380 })
      const token = tokenOf(res.body.data.mcp_url)
      t.match(token, /^[A-Za-z0-9_-]+$/)
      // base64url carries 6 bits a character.
      t.ok(token.length * 6 >= 128, `${token} has at least 128 bits`)
      tokens.add(token)
    }
    t.equal(tokens.size, 20)
  })

  t.test('name and folder_id are required (400 naming both)', async (t) => {
    const app = await build(t)
    const res = await call(app, 'POST', `${ACME}/mcp_servers`, { description: 'x' })
    t.same([res.status, res.body], [400, {
      message: 'Validation failed: name is required; folder_id is required',
      errors: { name: ['is required'], folder_id: ['is required'] }
    }])
    const blank = await call(app, 'POST', `${ACME}/mcp_servers`, { name: '   ', folder_id: 27180380 })
    t.same([blank.status, blank.body], [400, { message: "Validation failed: name can't be blank", errors: { name: ["can't be blank"] } }])
  })

  t.test('the folder must exist in that workspace (422) and nothing is created', async (t) => {
    const app = await build(t)
    const res = await call(app, 'POST', `${ACME}/mcp_servers`, { name: 'x', folder_id: 1 })
    t.same([res.status, res.body], [422, { message: 'folder_id folder 1 does not exist', errors: { folder_id: ['folder 1 does not exist'] } }])
    t.equal((await call(app, 'GET', `${ACME}/mcp_servers`)).body.count, 2)
    t.equal((await call(app, 'GET', `${ACME}/mcp_servers/x`)).status, 404)
    const next = await call(app, 'POST', `${ACME}/mcp_servers`, { name: 'x', folder_id: 27180380 })
    t.equal(next.body.data.id, 1004, 'a refused create consumes no id')
  })

  t.test('project_id comes from the folder', async (t) => {
    const app = await build(t, { fixtures: withSecondProject() })
    await call(app, 'POST', `${ACME}/mcp_servers`, { name: 'Finance', folder_id: 27180500 })
    const list = await call(app, 'GET', `${ACME}/mcp_servers?folder_id=27180500`)
    t.same(list.body.data.map((s: { id: number, folder_id: number, project_id: number }) => [s.id, s.folder_id, s.project_id]), [[1004, 27180500, 13595200]])
  })

  t.test('asset_id → api_collection (the collection must exist); omitted → project_asset', async (t) => {
    const app = await build(t)
    const withAsset = await call(app, 'POST', `${ACME}/mcp_servers`, { name: 'Api', folder_id: 27180380, asset_id: 4521 })
    t.equal(withAsset.status, 200)
    t.equal(withAsset.body.data.asset_type, 'api_collection')
    t.equal(withAsset.body.data.api_collection, null, 'every sample shows null')
    const without = await call(app, 'POST', `${ACME}/mcp_servers`, { name: 'Proj', folder_id: 27180380 })
    t.equal(without.body.data.asset_type, 'project_asset')
    const missing = await call(app, 'POST', `${ACME}/mcp_servers`, { name: 'Nope', folder_id: 27180380, asset_id: 4522 })
    t.same([missing.status, missing.body], [422, { message: 'asset_id API collection 4522 does not exist', errors: { asset_id: ['API collection 4522 does not exist'] } }])
  })

  t.test('tools at create follow the assign rules; an empty list is fine; a bad item creates nothing', async (t) => {
    const app = await build(t)
    const empty = await call(app, 'POST', `${ACME}/mcp_servers`, { name: 'Empty', folder_id: 27180380, tools: [] })
    t.same([empty.status, empty.body.data.tools_count], [200, 0])
    const dup = await call(app, 'POST', `${ACME}/mcp_servers`, {
      name: 'Dup',
      folder_id: 27180380,
      tools: [
        { trigger_application: 'workato_api_platform', id: '98231' },
        { trigger_application: 'workato_api_platform', id: 98231 },
        { trigger_application: 'workato_genie', id: 'my-genie-handle' }
      ]
    })
    t.equal(dup.body.data.tools_count, 2)
    const bad = await call(app, 'POST', `${ACME}/mcp_servers`, {
      name: 'Bad',
      folder_id: 27180380,
      tools: [{ trigger_application: 'workato_api_platform', id: 98231 }, { trigger_application: 'workato_genie', id: 'nope' }]
    })
    t.same([bad.status, bad.body], [422, {
      message: 'tools[1].id workato_genie "nope" does not exist in this workspace',
      errors: { 'tools[1].id': ['workato_genie "nope" does not exist in this workspace'] }
    }])
    t.equal((await call(app, 'GET', `${ACME}/mcp_servers`)).body.count, 4)
    await call(app, 'POST', `${ACME}/mcp_servers`, { name: 'After', folder_id: 27180380, tools: [{ trigger_application: 'workato_api_platform', id: 98232 }] })
    // Dup took 3008 and 3009; the refused create consumed no tool id.
    t.same((await call(app, 'GET', `${ACME}/mcp_servers/after/tools`)).body.data.map((x: { id: number }) => x.id), [3010])
  })

  t.test('description defaults to an empty string', async (t) => {
    const app = await build(t)
    const res = await call(app, 'POST', `${ACME}/mcp_servers`, { name: 'NoDesc', folder_id: 27180380 })
    t.equal(res.body.data.description, '')
  })
})

t.test('update (PUT)', async (t) => {
  t.test('partial: only the fields sent change; updated_at moves, created_at never does', async (t) => {
    const clock = frozenClock('2026-05-01T00:00:00.000Z')
    const app = await build(t, { clock })
    const before = (await call(app, 'GET', `${ACME}/mcp_servers/sales-tools-mcp-server`)).body.data
    const res = await call(app, 'PUT', `${ACME}/mcp_servers/sales-tools-mcp-server`, { description: 'Only this' })
    t.same(res.body, { data: { ...before, description: 'Only this', updated_at: '2026-05-01T00:00:00.000+00:00' } })
    clock.advance(1500)
    const renamed = await call(app, 'PUT', `${ACME}/mcp_servers/sales-tools-mcp-server`, { name: 'New Name' })
    t.same(renamed.body, { data: { ...before, name: 'New Name', description: 'Only this', updated_at: '2026-05-01T00:00:01.500+00:00' } })
    t.equal(renamed.body.data.created_at, before.created_at)
    t.same((await call(app, 'GET', `${ACME}/mcp_servers/sales-tools-mcp-server`)).body, renamed.body, 'the change persisted')
  })

  t.test('a PUT that changes nothing leaves updated_at alone', async (t) => {
    const app = await build(t, { clock: frozenClock() })
    const before = await call(app, 'GET', `${ACME}/mcp_servers/sales-tools-mcp-server`)
    const same = await call(app, 'PUT', `${ACME}/mcp_servers/sales-tools-mcp-server`, { name: before.body.data.name, auth_type: 'token' })
    t.same(same.body, before.body)
    const empty = await call(app, 'PUT', `${ACME}/mcp_servers/sales-tools-mcp-server`, {})
    t.same(empty.body, before.body)
  })

  t.test('idp_user_group_ids only when the resulting auth_type is workato_idp (else 400)', async (t) => {
    const app = await build(t)
    const before = await call(app, 'GET', `${ACME}/mcp_servers/sales-tools-mcp-server`)
    const res = await call(app, 'PUT', `${ACME}/mcp_servers/sales-tools-mcp-server`, { name: 'Changed', idp_user_group_ids: ['group-abc123'] })
    t.same([res.status, res.body], [400, {
      message: 'idp_user_group_ids is only applicable when auth_type is workato_idp',
      errors: { idp_user_group_ids: ['is only applicable when auth_type is workato_idp'] }
    }])
    const toToken = await call(app, 'PUT', `${ACME}/mcp_servers/hr-automation-server`, { auth_type: 'token', idp_user_group_ids: ['group-abc123'] })
    t.equal(toToken.status, 400, 'switching to token with groups is refused too')
    t.same((await call(app, 'GET', `${ACME}/mcp_servers/sales-tools-mcp-server`)).body, before.body, 'nothing changed (not even the name)')
  })

  t.test('switching to workato_idp with groups: new token, the groups set', async (t) => {
    const app = await build(t)
    const res = await call(app, 'PUT', `${ACME}/mcp_servers/sales-tools-mcp-server`, { auth_type: 'workato_idp', idp_user_group_ids: ['group-def456', 'group-abc123', 'group-def456'] })
    t.equal(res.status, 200)
    t.equal(res.body.data.auth_type, 'workato_idp')
    t.same(res.body.data.idp_user_group_ids, ['group-def456', 'group-abc123'], 'deduplicated, in the order sent')
    t.not(tokenOf(res.body.data.mcp_url), 'abc123xyz')
    t.match(tokenOf(res.body.data.mcp_url), /^[A-Za-z0-9_-]{22,}$/)
    const list = await call(app, 'GET', `${ACME}/mcp_servers?authentication_method=workato_idp`)
    t.same(list.body.data.map((s: { id: number }) => s.id), [1001, 1002])
  })

  t.test('idp_user_group_ids replaces the set; the groups must exist (422, nothing changes)', async (t) => {
    const app = await build(t)
    await call(app, 'PUT', `${ACME}/mcp_servers/hr-automation-server`, { idp_user_group_ids: ['group-abc123', 'group-def456'] })
    const replaced = await call(app, 'PUT', `${ACME}/mcp_servers/hr-automation-server`, { idp_user_group_ids: ['group-def456'] })
    t.same(replaced.body.data.idp_user_group_ids, ['group-def456'])
    t.equal(tokenOf(replaced.body.data.mcp_url), 'hrtoken456', 'no auth switch, no new token')
    const cleared = await call(app, 'PUT', `${ACME}/mcp_servers/hr-automation-server`, { idp_user_group_ids: [] })
    t.same(cleared.body.data.idp_user_group_ids, [])
    const missing = await call(app, 'PUT', `${ACME}/mcp_servers/hr-automation-server`, { description: 'x', idp_user_group_ids: ['group-abc123', 'group-zzz'] })
    t.same([missing.status, missing.body], [422, { message: 'idp_user_group_ids user groups not found: group-zzz', errors: { idp_user_group_ids: ['user groups not found: group-zzz'] } }])
    const now = await call(app, 'GET', `${ACME}/mcp_servers/hr-automation-server`)
    t.same([now.body.data.idp_user_group_ids, now.body.data.description], [[], 'HR onboarding and employee management tools'])
  })

  t.test('switching to token clears the groups and issues a new token', async (t) => {
    const app = await build(t)
    await call(app, 'POST', `${ACME}/mcp_servers/hr-automation-server/assign_user_groups`, { idp_user_group_ids: ['group-abc123'] })
    const res = await call(app, 'PUT', `${ACME}/mcp_servers/hr-automation-server`, { auth_type: 'token' })
    t.same([res.body.data.auth_type, res.body.data.idp_user_group_ids], ['token', []])
    t.not(tokenOf(res.body.data.mcp_url), 'hrtoken456')
  })

  t.test('folder_id moves the server (as update_folder does); an unknown folder is 422', async (t) => {
    const app = await build(t, { fixtures: withSecondProject() })
    const res = await call(app, 'PUT', `${ACME}/mcp_servers/sales-tools-mcp-server`, { folder_id: 27180500 })
    t.equal(res.status, 200)
    const list = await call(app, 'GET', `${ACME}/mcp_servers?folder_id=27180500`)
    t.same(list.body.data.map((s: { id: number, project_id: number }) => [s.id, s.project_id]), [[1001, 13595200]])
    const bad = await call(app, 'PUT', `${ACME}/mcp_servers/sales-tools-mcp-server`, { folder_id: 5 })
    t.same([bad.status, bad.body], [422, { message: 'folder_id folder 5 does not exist', errors: { folder_id: ['folder 5 does not exist'] } }])
  })

  t.test('unknown handle is 404', async (t) => {
    const app = await build(t)
    for (const [method, body] of [['GET', undefined], ['PUT', { name: 'x' }], ['DELETE', undefined]] as const) {
      const res = await call(app, method, `${ACME}/mcp_servers/no-such-server`, body)
      t.same([res.status, res.body], [404, { message: 'Not found' }], method)
    }
  })
})

t.test('delete: 204, empty body, gone from every route; tools and policy go with it', async (t) => {
  const app = await build(t)
  const res = await app.inject({ method: 'DELETE', url: `${ACME}/mcp_servers/hr-automation-server`, headers: { authorization: 'Bearer dev-token' } })
  t.equal(res.statusCode, 204)
  t.equal(res.body, '')
  for (const url of ['', '/tools', '/server_policies']) {
    t.equal((await call(app, 'GET', `${ACME}/mcp_servers/hr-automation-server${url}`)).status, 404)
  }
  t.same((await call(app, 'GET', `${ACME}/mcp_servers`)).body.data.map((s: { id: number }) => s.id), [1001])
  t.equal((await call(app, 'DELETE', `${ACME}/mcp_servers/hr-automation-server`)).status, 404, 'a second delete is 404')
})

t.test('list filters: project_id, folder_id, authentication_method, combined; count is the filtered total', async (t) => {
  const app = await build(t, { fixtures: withSecondProject() })
  await call(app, 'POST', `${ACME}/mcp_servers`, { name: 'Fin A', folder_id: 27180500 })
  await call(app, 'POST', `${ACME}/mcp_servers`, { name: 'Fin B', folder_id: 27180500 })
  await call(app, 'PUT', `${ACME}/mcp_servers/fin-b`, { auth_type: 'workato_idp' })
  await call(app, 'POST', `${ACME}/mcp_servers`, { name: 'Archived', folder_id: 27180399 })
  const ids = async (query: string) => {
    const res = await call(app, 'GET', `${ACME}/mcp_servers?${query}`)
    t.equal(res.status, 200, query)
    t.equal(res.body.count, res.body.data.length, `${query}: count`)
    return res.body.data.map((s: { id: number }) => s.id)
  }
  t.same(await ids(''), [1001, 1002, 1004, 1005, 1006])
  t.same(await ids('project_id=13595198'), [1001, 1002, 1006])
  t.same(await ids('project_id=13595200'), [1004, 1005])
  t.same(await ids('project_id=1'), [])
  t.same(await ids('folder_id=27180380'), [1001, 1002])
  t.same(await ids('folder_id=27180399'), [1006])
  t.same(await ids('authentication_method=token'), [1001, 1004, 1006])
  t.same(await ids('authentication_method=workato_idp'), [1002, 1005])
  t.same(await ids('project_id=13595200&authentication_method=workato_idp'), [1005])
  t.same(await ids('folder_id=27180380&authentication_method=token&project_id=13595198'), [1001])
  t.same(await ids('folder_id=27180500&project_id=13595198'), [])
  const paged = await call(app, 'GET', `${ACME}/mcp_servers?authentication_method=token&per_page=2&page=2`)
  t.same(paged.body, { data: [paged.body.data[0]], count: 3, page: 2, per_page: 2 })
  t.equal(paged.body.data[0].id, 1006)
  for (const [query, field, problem] of [
    ['authentication_method=oauth', 'authentication_method', 'must be one of: token, workato_idp'],
    ['folder_id=abc', 'folder_id', 'must be integer'],
    ['project_id=1.5', 'project_id', 'must be integer']
  ]) {
    const res = await call(app, 'GET', `${ACME}/mcp_servers?${query}`)
    t.same([res.status, res.body], [400, { message: `Validation failed: ${field} ${problem}`, errors: { [field]: [problem] } }], query)
  }
})
