// Rule 11: pagination on every list — defaults, clamping, 400s, total counts, stable order.
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { ACME, build, call } from '../helpers/app.js'
import { loadFixtures } from '../../src/fixtures.js'

const SALES = `${ACME}/mcp_servers/sales-tools-mcp-server`

/** Default fixtures plus 120 user groups in Acme, listed in shuffled id order. */
function manyGroups () {
  const data = loadFixtures()
  const acme = data.managed_users.find(mu => mu.id === 91829)!
  for (let i = 120; i >= 1; i--) {
    const id = `group-${String(i).padStart(3, '0')}`
    acme.user_groups.push({ id, name: `Group ${i}`, users_count: i, created_at: '2025-01-01T00:00:00.000Z', updated_at: '2025-01-01T00:00:00.000Z' })
  }
  return data
}

async function manyServers (app: FastifyInstance, n: number) {
  for (let i = 0; i < n; i++) await call(app, 'POST', `${ACME}/mcp_servers`, { name: `Server ${i}`, folder_id: 27180380 })
}

t.test('servers: default 50 per page, maximum 50 (clamped), count is the total, order by id', async (t) => {
  const app = await build(t)
  await manyServers(app, 58) // 60 in all: 1001, 1002, 1004…1061
  const first = await call(app, 'GET', `${ACME}/mcp_servers`)
  t.same([first.body.count, first.body.page, first.body.per_page, first.body.data.length], [60, 1, 50, 50])
  const ids = first.body.data.map((s: { id: number }) => s.id)
  t.same(ids.slice(0, 3), [1001, 1002, 1004])
  t.same(ids, [...ids].sort((a: number, b: number) => a - b))
  const second = await call(app, 'GET', `${ACME}/mcp_servers?page=2`)
  t.same([second.body.count, second.body.page, second.body.per_page, second.body.data.length], [60, 2, 50, 10])
  t.equal(second.body.data[9].id, 1061)
  const clamped = await call(app, 'GET', `${ACME}/mcp_servers?per_page=500`)
  t.same([clamped.status, clamped.body.per_page, clamped.body.data.length], [200, 50, 50])
  const small = await call(app, 'GET', `${ACME}/mcp_servers?per_page=7&page=3`)
  t.same([small.body.count, small.body.page, small.body.per_page], [60, 3, 7])
  t.same(small.body.data.map((s: { id: number }) => s.id), ids.slice(14, 21))
  const past = await call(app, 'GET', `${ACME}/mcp_servers?page=99`)
  t.same(past.body, { data: [], count: 60, page: 99, per_page: 50 })
  // Walking every page yields every server once, in order.
  const walked: number[] = []
  for (let page = 1; page <= 9; page++) {
    walked.push(...(await call(app, 'GET', `${ACME}/mcp_servers?per_page=7&page=${page}`)).body.data.map((s: { id: number }) => s.id))
  }
  t.same(walked, [...ids, ...second.body.data.map((s: { id: number }) => s.id)])
})

t.test('tools: default and maximum 100; filters count before paging', async (t) => {
  const app = await build(t)
  await call(app, 'POST', `${SALES}/assign_tools`, {
    tools: [
      { trigger_application: 'workato_api_platform', id: 98232 },
      { trigger_application: 'workato_recipe_function', id: 66870004 },
      { trigger_application: 'workato_recipe_function', id: 66870005 },
      { trigger_application: 'workato_recipe_function', id: 66870006 },
      { trigger_application: 'workato_genie', id: 'my-genie-handle' }
    ]
  })
  const all = await call(app, 'GET', `${SALES}/tools`)
  t.same([all.body.count, all.body.page, all.body.per_page, all.body.data.length], [7, 1, 100, 7])
  t.same(all.body.data.map((x: { id: number }) => x.id), [3001, 3002, 3008, 3009, 3010, 3011, 3012])
  const clamped = await call(app, 'GET', `${SALES}/tools?per_page=1000`)
  t.equal(clamped.body.per_page, 100)
  const page = await call(app, 'GET', `${SALES}/tools?per_page=2&page=2`)
  t.same([page.body.count, page.body.data.map((x: { id: number }) => x.id)], [7, [3008, 3009]])
  const filtered = await call(app, 'GET', `${SALES}/tools?vua_required=false&per_page=2&page=2`)
  t.same([filtered.body.count, filtered.body.data.map((x: { id: number }) => x.id)], [5, [3009, 3010]])
})

t.test('user groups: default and maximum 100; in id order', async (t) => {
  const app = await build(t, { fixtures: manyGroups() })
  const first = await call(app, 'GET', `${ACME}/user_groups`)
  t.same([first.body.count, first.body.page, first.body.per_page, first.body.data.length], [122, 1, 100, 100])
  const clamped = await call(app, 'GET', `${ACME}/user_groups?per_page=101&page=2`)
  t.same([clamped.body.per_page, clamped.body.data.length], [100, 22])
  const page = await call(app, 'GET', `${ACME}/user_groups?per_page=3`)
  t.same(page.body.data.map((g: { id: string }) => g.id), ['group-001', 'group-002', 'group-003'])
  t.same(clamped.body.data.slice(-2).map((g: { id: string }) => g.id), ['group-abc123', 'group-def456'])
})

t.test('page or per_page below 1 or not a number is 400, on every list', async (t) => {
  const app = await build(t)
  for (const list of [`${ACME}/mcp_servers`, `${SALES}/tools`, `${ACME}/user_groups`]) {
    for (const [query, field, problem] of [
      ['page=0', 'page', 'must be >= 1'],
      ['page=-1', 'page', 'must be >= 1'],
      ['per_page=0', 'per_page', 'must be >= 1'],
      ['per_page=-20', 'per_page', 'must be >= 1'],
      ['page=abc', 'page', 'must be integer'],
      ['per_page=ten', 'per_page', 'must be integer'],
      ['page=1.5', 'page', 'must be integer'],
      ['page=', 'page', 'must be integer'],
      ['per_page=1e', 'per_page', 'must be integer']
    ]) {
      const res = await call(app, 'GET', `${list}?${query}`)
      t.same([res.status, res.body], [400, { message: `Validation failed: ${field} ${problem}`, errors: { [field]: [problem] } }], `${list}?${query}`)
    }
    const twice = await call(app, 'GET', `${list}?page=1&page=2`)
    t.same([twice.status, twice.body.errors], [400, { page: ['must be integer'] }], 'a repeated parameter')
    const both = await call(app, 'GET', `${list}?page=0&per_page=x`)
    t.same(both.body.errors, { page: ['must be >= 1'], per_page: ['must be integer'] })
  }
})

t.test('fixture order does not matter: tools list by id', async (t) => {
  const data = loadFixtures()
  const hr = data.managed_users.find(mu => mu.id === 91829)!.mcp_servers.find(s => s.id === 1002)!
  hr.tools.reverse()
  const app = await build(t, { fixtures: data })
  const res = await call(app, 'GET', `${ACME}/mcp_servers/hr-automation-server/tools`)
  t.same(res.body.data.map((x: { id: number }) => x.id), [3003, 3004, 3005])
})
