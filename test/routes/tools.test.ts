// Rule 10: a server's tools — filters, description-only updates, deletes (not API endpoints).
import t from 'tap'
import { ACME, build, call } from '../helpers/app.js'
import { frozenClock } from '../helpers/expect.js'

const SALES = `${ACME}/mcp_servers/sales-tools-mcp-server`
const HR = `${ACME}/mcp_servers/hr-automation-server`
const TOOL_3001 = {
  id: 3001,
  name: 'Create Salesforce Lead',
  description: 'Creates a new lead record in Salesforce CRM',
  trigger_application: 'workato_api_platform',
  action_applications: ['salesforce'],
  flow_id: 66870001,
  vua_required: false
}

t.test('filters: vua_required and a case-insensitive search of the name; count follows the filter', async (t) => {
  const app = await build(t)
  const ids = async (server: string, query: string) => {
    const res = await call(app, 'GET', `${server}/tools?${query}`)
    t.equal(res.status, 200, query)
    t.equal(res.body.count, res.body.data.length)
    return res.body.data.map((x: { id: number }) => x.id)
  }
  t.same(await ids(SALES, 'vua_required=true'), [3002])
  t.same(await ids(SALES, 'vua_required=false'), [3001])
  t.same(await ids(SALES, 'search=salesforce'), [3001])
  t.same(await ids(SALES, 'search=DEAL'), [3002])
  t.same(await ids(SALES, 'search=e'), [3001, 3002])
  t.same(await ids(SALES, 'search=Lead%20'), [], 'a substring, spaces included')
  t.same(await ids(SALES, 'search='), [3001, 3002], 'an empty search matches everything')
  t.same(await ids(SALES, 'search=ticket'), [], 'descriptions are not searched')
  t.same(await ids(HR, 'search=employee&vua_required=false'), [3003, 3004])
  t.same(await ids(HR, 'search=employee&vua_required=true'), [])
  t.same(await ids(HR, 'vua_required=true'), [3005])
  for (const value of ['maybe', '1', 'yes']) {
    const bad = await call(app, 'GET', `${SALES}/tools?vua_required=${value}`)
    t.same([bad.status, bad.body], [400, { message: 'Validation failed: vua_required must be boolean', errors: { vua_required: ['must be boolean'] } }], value)
  }
})

t.test('PUT changes only the description; answers the bare tool', async (t) => {
  const clock = frozenClock('2026-09-01T00:00:00.000Z')
  const app = await build(t, { clock })
  const server = await call(app, 'GET', SALES)
  const res = await call(app, 'PUT', `${SALES}/tools/3001`, {
    description: 'New words',
    name: 'Renamed?',
    vua_required: true,
    trigger_application: 'workato_genie',
    flow_id: 1
  })
  t.same([res.status, res.body], [200, { ...TOOL_3001, description: 'New words' }])
  const listed = await call(app, 'GET', `${SALES}/tools`)
  t.same(listed.body.data[0], { ...TOOL_3001, description: 'New words' })
  t.same((await call(app, 'GET', SALES)).body, server.body, 'the server record is not touched')
  const none = await call(app, 'PUT', `${SALES}/tools/3001`, {})
  t.same(none.body, { ...TOOL_3001, description: 'New words' }, 'no description, no change')
  const emptied = await call(app, 'PUT', `${SALES}/tools/3001`, { description: '' })
  t.equal(emptied.body.description, '')
  const wrong = await call(app, 'PUT', `${SALES}/tools/3001`, { description: 5 })
  t.same([wrong.status, wrong.body], [400, { message: 'Validation failed: description must be string', errors: { description: ['must be string'] } }])
})

t.test('a tool description is per server: the catalog and other servers keep theirs', async (t) => {
  const app = await build(t)
  await call(app, 'PUT', `${SALES}/tools/3001`, { description: 'Changed on sales' })
  const created = await call(app, 'POST', `${ACME}/mcp_servers`, { name: 'Other', folder_id: 27180380, tools: [{ trigger_application: 'workato_api_platform', id: 98231 }] })
  t.equal(created.status, 200)
  const other = await call(app, 'GET', `${ACME}/mcp_servers/other/tools`)
  t.equal(other.body.data[0].description, 'Creates a new lead record in Salesforce CRM')
})

t.test("DELETE of an API endpoint tool is 400 (API endpoints can't be deleted) and nothing changes", async (t) => {
  const app = await build(t)
  const before = await call(app, 'GET', SALES)
  const res = await call(app, 'DELETE', `${SALES}/tools/3001`)
  t.same([res.status, res.body], [400, { message: "API endpoints can't be deleted. Only tools backed by recipe functions or Genie agents can be deleted." }])
  t.same((await call(app, 'GET', SALES)).body, before.body)
  t.same((await call(app, 'GET', `${SALES}/tools`)).body.data[0], TOOL_3001)
})

t.test('DELETE of a recipe function or Genie tool is 204; tools_count follows; it can be assigned again', async (t) => {
  const clock = frozenClock('2026-09-02T00:00:00.000Z')
  const app = await build(t, { clock })
  await call(app, 'POST', `${SALES}/assign_tools`, { tools: [{ trigger_application: 'workato_genie', id: 'my-genie-handle' }] })
  const recipe = await app.inject({ method: 'DELETE', url: `${SALES}/tools/3002`, headers: { authorization: 'Bearer dev-token' } })
  t.same([recipe.statusCode, recipe.body], [204, ''])
  const genie = await call(app, 'DELETE', `${SALES}/tools/3008`)
  t.equal(genie.status, 204)
  const server = await call(app, 'GET', SALES)
  t.same([server.body.data.tools_count, server.body.data.updated_at], [1, '2026-09-02T00:00:00.000+00:00'])
  t.same((await call(app, 'GET', `${SALES}/tools`)).body, { data: [TOOL_3001], count: 1, page: 1, per_page: 100 })
  t.equal((await call(app, 'DELETE', `${SALES}/tools/3002`)).status, 404, 'a second delete is 404')
  const again = await call(app, 'POST', `${SALES}/assign_tools`, { tools: [{ trigger_application: 'workato_recipe_function', id: '66870002' }] })
  t.equal(again.body.data.tools_count, 2)
  t.same((await call(app, 'GET', `${SALES}/tools`)).body.data.map((x: { id: number }) => x.id), [3001, 3009], 'a new tool id')
})

t.test('a tool not on that server is 404 (PUT and DELETE); a non-numeric id is 400', async (t) => {
  const app = await build(t)
  for (const id of [3003, 9999, 0]) {
    for (const [method, body] of [['PUT', { description: 'x' }], ['DELETE', undefined]] as const) {
      const res = await call(app, method, `${SALES}/tools/${id}`, body)
      t.same([res.status, res.body], [404, { message: 'Not found' }], `${method} ${id}`)
    }
  }
  t.equal((await call(app, 'GET', `${HR}/tools`)).body.data[0].description, 'Creates accounts and sends a welcome message for a new hire')
  const text = await call(app, 'DELETE', `${SALES}/tools/abc`)
  t.same([text.status, text.body], [400, { message: 'Validation failed: id must be integer', errors: { id: ['must be integer'] } }])
  const unknownServer = await call(app, 'GET', `${ACME}/mcp_servers/nope/tools`)
  t.same([unknownServer.status, unknownServer.body], [404, { message: 'Not found' }])
})
