// Rules 5-8: token_renew, assign_tools, assign/remove user groups, update_folder.
import t from 'tap'
import { ACME, build, call } from '../helpers/app.js'
import { frozenClock } from '../helpers/expect.js'
import { withSecondProject } from '../helpers/worlds.js'

const SALES = `${ACME}/mcp_servers/sales-tools-mcp-server`
const HR = `${ACME}/mcp_servers/hr-automation-server`
const tokenOf = (mcpUrl: string) => new URL(mcpUrl).searchParams.get('token') ?? ''
const toolIds = async (app: Parameters<typeof call>[0], server: string) =>
  (await call(app, 'GET', `${server}/tools`)).body.data.map((x: { id: number }) => x.id)

t.test('token_renew', async (t) => {
  t.test('a new token in mcp_url; updated_at moves; the rest stays', async (t) => {
    const clock = frozenClock('2026-07-01T12:00:00.000Z')
    const app = await build(t, { clock })
    const before = (await call(app, 'GET', SALES)).body.data
    const res = await call(app, 'POST', `${SALES}/token_renew`)
    t.equal(res.status, 200)
    const token = tokenOf(res.body.data.mcp_url)
    t.not(token, 'abc123xyz')
    t.match(token, /^[A-Za-z0-9_-]{22,}$/)
    t.same(res.body, {
      data: {
        ...before,
        mcp_url: `http://127.0.0.1:4000/mcp/servers/sales-tools-mcp-server?token=${token}`,
        updated_at: '2026-07-01T12:00:00.000+00:00'
      }
    })
  })

  t.test('the previous token is gone from that moment: every renew gives a token never seen before', async (t) => {
    const app = await build(t)
    const seen = new Set(['abc123xyz'])
    for (let i = 0; i < 5; i++) {
      const renewed = tokenOf((await call(app, 'POST', `${SALES}/token_renew`)).body.data.mcp_url)
      t.notOk(seen.has(renewed))
      seen.add(renewed)
      t.equal(tokenOf((await call(app, 'GET', SALES)).body.data.mcp_url), renewed, 'GET shows only the newest token')
    }
  })

  t.test('works for workato_idp servers too, and accepts an empty JSON body', async (t) => {
    const app = await build(t)
    const res = await app.inject({ method: 'POST', url: `${HR}/token_renew`, headers: { authorization: 'Bearer dev-token', 'content-type': 'application/json' }, payload: '' })
    t.equal(res.statusCode, 200)
    t.not(tokenOf(JSON.parse(res.body).data.mcp_url), 'hrtoken456')
  })

  t.test('unknown handle is 404', async (t) => {
    const app = await build(t)
    const res = await call(app, 'POST', `${ACME}/mcp_servers/nope/token_renew`)
    t.same([res.status, res.body], [404, { message: 'Not found' }])
  })
})

t.test('assign_tools', async (t) => {
  t.test('numeric-string ids, numbers and Genie handles; answers the server; ids continue after 3007', async (t) => {
    const clock = frozenClock('2026-07-02T00:00:00.000Z')
    const app = await build(t, { clock })
    const before = (await call(app, 'GET', SALES)).body.data
    const res = await call(app, 'POST', `${SALES}/assign_tools`, {
      tools: [
        { trigger_application: 'workato_api_platform', id: '98232' },
        { trigger_application: 'workato_recipe_function', id: 66870004 },
        { trigger_application: 'workato_genie', id: 'my-genie-handle' }
      ]
    })
    t.same([res.status, res.body], [200, { data: { ...before, tools_count: 5, updated_at: '2026-07-02T00:00:00.000+00:00' } }])
    const tools = await call(app, 'GET', `${SALES}/tools`)
    t.same(tools.body.data.slice(2), [
      { id: 3008, name: 'Get Salesforce Opportunity', description: 'Fetches an opportunity with its stage and amount', trigger_application: 'workato_api_platform', action_applications: ['salesforce'], flow_id: 66870003, vua_required: false },
      { id: 3009, name: 'Onboard New Employee', description: 'Creates accounts and sends a welcome message for a new hire', trigger_application: 'workato_recipe_function', action_applications: ['bamboohr', 'slack'], flow_id: 66870004, vua_required: false },
      { id: 3010, name: 'Ask Sales Genie', description: 'Answers questions about accounts, deals and pipeline', trigger_application: 'workato_genie', action_applications: ['salesforce', 'slack'], flow_id: 66870010, vua_required: false }
    ])
    t.equal(tools.body.count, 5)
  })

  t.test('already-assigned tools and repeats inside one request are not duplicated', async (t) => {
    const clock = frozenClock('2026-07-02T00:00:00.000Z')
    const app = await build(t, { clock })
    const before = await call(app, 'GET', SALES)
    // 98231 is tool 3001, 66870002 is tool 3002: both already on the server.
    const again = await call(app, 'POST', `${SALES}/assign_tools`, {
      tools: [{ trigger_application: 'workato_api_platform', id: '98231' }, { trigger_application: 'workato_recipe_function', id: 66870002 }]
    })
    t.same(again.body, before.body, 'nothing added: the same server, updated_at unchanged')
    const repeats = await call(app, 'POST', `${SALES}/assign_tools`, {
      tools: [
        { trigger_application: 'workato_api_platform', id: 98232 },
        { trigger_application: 'workato_api_platform', id: '98232' },
        { trigger_application: 'workato_genie', id: 'my-genie-handle' },
        { trigger_application: 'workato_genie', id: 'my-genie-handle' }
      ]
    })
    t.equal(repeats.body.data.tools_count, 4)
    t.same(await toolIds(app, SALES), [3001, 3002, 3008, 3009])
  })

  t.test('the same id under another trigger_application is another catalog item', async (t) => {
    const app = await build(t)
    // 66870002 is a recipe function, not an API endpoint.
    const res = await call(app, 'POST', `${SALES}/assign_tools`, { tools: [{ trigger_application: 'workato_api_platform', id: 66870002 }] })
    t.same([res.status, res.body], [422, {
      message: 'tools[0].id workato_api_platform 66870002 does not exist in this workspace',
      errors: { 'tools[0].id': ['workato_api_platform 66870002 does not exist in this workspace'] }
    }])
  })

  t.test('an unknown catalog item is 422 and nothing changes, not even the valid items before it', async (t) => {
    const app = await build(t)
    const before = await call(app, 'GET', SALES)
    const res = await call(app, 'POST', `${SALES}/assign_tools`, {
      tools: [{ trigger_application: 'workato_api_platform', id: 98232 }, { trigger_application: 'workato_recipe_function', id: '12345' }]
    })
    t.same([res.status, res.body], [422, {
      message: 'tools[1].id workato_recipe_function "12345" does not exist in this workspace',
      errors: { 'tools[1].id': ['workato_recipe_function "12345" does not exist in this workspace'] }
    }])
    t.same((await call(app, 'GET', SALES)).body, before.body)
    t.same(await toolIds(app, SALES), [3001, 3002])
    const next = await call(app, 'POST', `${SALES}/assign_tools`, { tools: [{ trigger_application: 'workato_api_platform', id: 98232 }] })
    t.equal(next.body.data.tools_count, 3)
    t.same(await toolIds(app, SALES), [3001, 3002, 3008], 'the refused request consumed no tool id')
  })

  t.test('an empty tools list is 400; so is a missing one', async (t) => {
    const app = await build(t)
    const empty = await call(app, 'POST', `${SALES}/assign_tools`, { tools: [] })
    t.same([empty.status, empty.body], [400, { message: 'Validation failed: tools must NOT have fewer than 1 items', errors: { tools: ['must NOT have fewer than 1 items'] } }])
    const missing = await call(app, 'POST', `${SALES}/assign_tools`, {})
    t.same([missing.status, missing.body], [400, { message: 'Validation failed: tools is required', errors: { tools: ['is required'] } }])
  })

  t.test('id types: numbers for recipe functions and API endpoints, string handles for Genie', async (t) => {
    const app = await build(t)
    const cases: Array<[unknown, string]> = [
      [{ trigger_application: 'workato_genie', id: 1 }, 'must be a string handle for workato_genie tools'],
      [{ trigger_application: 'workato_api_platform', id: 'my-genie-handle' }, 'must be a number for workato_api_platform tools'],
      [{ trigger_application: 'workato_api_platform', id: '0982' }, 'must be a number for workato_api_platform tools'],
      [{ trigger_application: 'workato_recipe_function', id: '66870002 ' }, 'must be a number for workato_recipe_function tools']
    ]
    for (const [item, problem] of cases) {
      const res = await call(app, 'POST', `${SALES}/assign_tools`, { tools: [item] })
      t.same([res.status, res.body], [400, { message: `tools[0].id ${problem}`, errors: { 'tools[0].id': [problem] } }], JSON.stringify(item))
    }
    for (const id of [1.5, true, null, { x: 1 }]) {
      const res = await call(app, 'POST', `${SALES}/assign_tools`, { tools: [{ trigger_application: 'workato_api_platform', id }] })
      t.same([res.status, res.body], [400, { message: 'Validation failed: tools[0].id must be integer or string', errors: { 'tools[0].id': ['must be integer or string'] } }], JSON.stringify(id))
    }
    const badApp = await call(app, 'POST', `${SALES}/assign_tools`, { tools: [{ trigger_application: 'zapier', id: 1 }] })
    t.same(badApp.body.errors, { 'tools[0].trigger_application': ['must be one of: workato_recipe_function, workato_api_platform, workato_genie'] })
    t.same(await toolIds(app, SALES), [3001, 3002])
  })

  t.test('tools_count always equals what the tools route lists', async (t) => {
    const app = await build(t)
    for (const body of [
      { tools: [{ trigger_application: 'workato_api_platform', id: 98232 }] },
      { tools: [{ trigger_application: 'workato_genie', id: 'my-genie-handle' }, { trigger_application: 'workato_api_platform', id: 98231 }] }
    ]) {
      const res = await call(app, 'POST', `${SALES}/assign_tools`, body)
      const listed = await call(app, 'GET', `${SALES}/tools`)
      t.equal(res.body.data.tools_count, listed.body.count)
      t.equal(listed.body.count, listed.body.data.length)
    }
    await call(app, 'DELETE', `${SALES}/tools/3002`)
    t.equal((await call(app, 'GET', SALES)).body.data.tools_count, (await call(app, 'GET', `${SALES}/tools`)).body.count)
  })
})

t.test('assign_user_groups / remove_user_groups', async (t) => {
  t.test('only when auth_type is workato_idp (else 400 saying so)', async (t) => {
    const app = await build(t)
    for (const action of ['assign_user_groups', 'remove_user_groups']) {
      const res = await call(app, 'POST', `${SALES}/${action}`, { idp_user_group_ids: ['group-abc123'] })
      t.same([res.status, res.body], [400, {
        message: 'User groups can only be managed when the server auth_type is workato_idp',
        errors: { auth_type: ['must be workato_idp to manage user groups'] }
      }], action)
    }
    t.same((await call(app, 'GET', SALES)).body.data.idp_user_group_ids, [])
  })

  t.test('assign dedupes, within the request and against what is assigned', async (t) => {
    const clock = frozenClock('2026-07-03T00:00:00.000Z')
    const app = await build(t, { clock })
    const first = await call(app, 'POST', `${HR}/assign_user_groups`, { idp_user_group_ids: ['group-def456', 'group-def456'] })
    t.same(first.body.data.idp_user_group_ids, ['group-def456'])
    t.equal(first.body.data.updated_at, '2026-07-03T00:00:00.000+00:00')
    clock.advance(60_000)
    const second = await call(app, 'POST', `${HR}/assign_user_groups`, { idp_user_group_ids: ['group-abc123', 'group-def456'] })
    t.same(second.body.data.idp_user_group_ids, ['group-def456', 'group-abc123'])
    t.equal(second.body.data.updated_at, '2026-07-03T00:01:00.000+00:00')
    clock.advance(60_000)
    const third = await call(app, 'POST', `${HR}/assign_user_groups`, { idp_user_group_ids: ['group-abc123'] })
    t.same(third.body, second.body, 'nothing new: unchanged, updated_at included')
  })

  t.test('unknown groups are 422 and nothing changes', async (t) => {
    const app = await build(t)
    await call(app, 'POST', `${HR}/assign_user_groups`, { idp_user_group_ids: ['group-def456'] })
    const before = await call(app, 'GET', HR)
    for (const action of ['assign_user_groups', 'remove_user_groups']) {
      const res = await call(app, 'POST', `${HR}/${action}`, { idp_user_group_ids: ['group-abc123', 'group-nope', 'group-def456', 'group-gx-support'] })
      t.same([res.status, res.body], [422, {
        message: 'idp_user_group_ids user groups not found: group-nope, group-gx-support',
        errors: { idp_user_group_ids: ['user groups not found: group-nope, group-gx-support'] }
      }], action)
      t.same((await call(app, 'GET', HR)).body, before.body)
    }
  })

  t.test('remove: removes the named groups; an existing group that is not assigned is a no-op', async (t) => {
    const clock = frozenClock('2026-07-04T00:00:00.000Z')
    const app = await build(t, { clock })
    await call(app, 'POST', `${HR}/assign_user_groups`, { idp_user_group_ids: ['group-abc123', 'group-def456'] })
    clock.advance(1000)
    const removed = await call(app, 'POST', `${HR}/remove_user_groups`, { idp_user_group_ids: ['group-abc123'] })
    t.same([removed.status, removed.body.data.idp_user_group_ids, removed.body.data.updated_at], [200, ['group-def456'], '2026-07-04T00:00:01.000+00:00'])
    clock.advance(1000)
    const noop = await call(app, 'POST', `${HR}/remove_user_groups`, { idp_user_group_ids: ['group-abc123', 'group-abc123'] })
    t.same([noop.status, noop.body], [200, removed.body])
    const all = await call(app, 'POST', `${HR}/remove_user_groups`, { idp_user_group_ids: ['group-def456'] })
    t.same(all.body.data.idp_user_group_ids, [])
  })

  t.test('the body must hold at least one string id', async (t) => {
    const app = await build(t)
    const cases: Array<[unknown, Record<string, string[]>]> = [
      [{}, { idp_user_group_ids: ['is required'] }],
      [{ idp_user_group_ids: [] }, { idp_user_group_ids: ['must NOT have fewer than 1 items'] }],
      [{ idp_user_group_ids: 'group-abc123' }, { idp_user_group_ids: ['must be array'] }],
      [{ idp_user_group_ids: [1] }, { 'idp_user_group_ids[0]': ['must be string'] }]
    ]
    for (const [body, errors] of cases) {
      const res = await call(app, 'POST', `${HR}/assign_user_groups`, body)
      t.equal(res.status, 400, JSON.stringify(body))
      t.same(res.body.errors, errors)
    }
  })
})

t.test('update_folder', async (t) => {
  t.test('moves the server: folder_id and project_id follow', async (t) => {
    const clock = frozenClock('2026-07-05T00:00:00.000Z')
    const app = await build(t, { clock, fixtures: withSecondProject() })
    const before = (await call(app, 'GET', HR)).body.data
    const res = await call(app, 'PUT', `${HR}/update_folder`, { folder_id: 27180500 })
    t.same([res.status, res.body], [200, { data: { ...before, updated_at: '2026-07-05T00:00:00.000+00:00' } }])
    const list = await call(app, 'GET', `${ACME}/mcp_servers`)
    t.same(list.body.data[1], {
      id: 1002,
      name: 'HR Automation Server',
      description: 'HR onboarding and employee management tools',
      folder_id: 27180500,
      project_id: 13595200,
      authentication_method: 'workato_idp',
      tools_count: 3
    })
    clock.advance(5000)
    const same = await call(app, 'PUT', `${HR}/update_folder`, { folder_id: 27180500 })
    t.same(same.body, res.body, 'moving to the folder it is in changes nothing')
  })

  t.test('unknown folder is 422; folder_id is required and never coerced', async (t) => {
    const app = await build(t)
    const before = await call(app, 'GET', `${ACME}/mcp_servers`)
    const unknown = await call(app, 'PUT', `${HR}/update_folder`, { folder_id: 42 })
    t.same([unknown.status, unknown.body], [422, { message: 'folder_id folder 42 does not exist', errors: { folder_id: ['folder 42 does not exist'] } }])
    const missing = await call(app, 'PUT', `${HR}/update_folder`, {})
    t.same([missing.status, missing.body], [400, { message: 'Validation failed: folder_id is required', errors: { folder_id: ['is required'] } }])
    const text = await call(app, 'PUT', `${HR}/update_folder`, { folder_id: '27180399' })
    t.same([text.status, text.body], [400, { message: 'Validation failed: folder_id must be integer', errors: { folder_id: ['must be integer'] } }])
    t.same((await call(app, 'GET', `${ACME}/mcp_servers`)).body, before.body)
  })
})
