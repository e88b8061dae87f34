// Cached read bodies (list, detail, tools) never go stale: every write path shows in the next read.
import t, { type Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { ACME, build, call } from '../helpers/app.js'
import { createBodyCache } from '../../src/http/body-cache.js'
import { createMemoryStore } from '../../src/store/memory-store.js'
import { loadFixtures } from '../../src/fixtures.js'

const SALES = `${ACME}/mcp_servers/sales-tools-mcp-server`
const HR = `${ACME}/mcp_servers/hr-automation-server`

/** Reads every cached view twice (a miss, then a hit) and checks both answers are the same bytes. */
async function readAll (t: Test, app: FastifyInstance) {
  const views: Record<string, unknown> = {}
  for (const url of [`${ACME}/mcp_servers`, `${ACME}/mcp_servers?page=1&per_page=1`, SALES, HR, `${SALES}/tools`, `${HR}/tools?search=hr`]) {
    const first = await app.inject({ method: 'GET', url, headers: { authorization: 'Bearer dev-token' } })
    const again = await app.inject({ method: 'GET', url, headers: { authorization: 'Bearer dev-token' } })
    t.equal(again.statusCode, first.statusCode, `${url}: same status`)
    t.equal(again.body, first.body, `${url}: same bytes`)
    t.equal(again.headers['content-type'], first.headers['content-type'], `${url}: same content type`)
    views[url] = first.statusCode === 200 ? JSON.parse(first.body) : first.statusCode
  }
  return views
}

t.test('cached bodies answer with the content type and bytes of a fresh one', async (t) => {
  const app = await build(t)
  const res = await app.inject({ method: 'GET', url: SALES, headers: { authorization: 'Bearer dev-token' } })
  t.equal(res.headers['content-type'], 'application/json; charset=utf-8')
  t.equal(res.headers['content-length'], String(Buffer.byteLength(res.body)))
  t.match(JSON.parse(res.body), { data: { id: 1001, name: 'Sales Tools MCP Server', tools_count: 2 } })
})

t.test('every write shows in the next read of list, detail and tools', async (t) => {
  const app = await build(t)
  await readAll(t, app)

  const created = await call(app, 'POST', `${ACME}/mcp_servers`, { name: 'Cache Probe', folder_id: 27180380 })
  t.equal(created.status, 200)
  let v = await readAll(t, app)
  t.same((v[`${ACME}/mcp_servers`] as { data: Array<{ name: string }> }).data.map(s => s.name), ['Sales Tools MCP Server', 'HR Automation Server', 'Cache Probe'])
  t.equal((v[`${ACME}/mcp_servers?page=1&per_page=1`] as { count: number }).count, 3)

  t.equal((await call(app, 'PUT', SALES, { name: 'Renamed Sales' })).status, 200)
  v = await readAll(t, app)
  t.equal((v[SALES] as { data: { name: string } }).data.name, 'Renamed Sales')
  t.equal((v[`${ACME}/mcp_servers`] as { data: Array<{ name: string }> }).data[0].name, 'Renamed Sales')

  const before = (v[SALES] as { data: { mcp_url: string } }).data.mcp_url
  t.equal((await call(app, 'POST', `${SALES}/token_renew`)).status, 200)
  v = await readAll(t, app)
  t.not((v[SALES] as { data: { mcp_url: string } }).data.mcp_url, before)

  t.equal((await call(app, 'POST', `${SALES}/assign_tools`, { tools: [{ trigger_application: 'workato_recipe_function', id: 66870005 }] })).status, 200)
  v = await readAll(t, app)
  t.equal((v[SALES] as { data: { tools_count: number } }).data.tools_count, 3)
  t.equal((v[`${ACME}/mcp_servers`] as { data: Array<{ tools_count: number }> }).data[0].tools_count, 3)
  t.equal((v[`${SALES}/tools`] as { count: number }).count, 3)

  t.equal((await call(app, 'PUT', `${SALES}/update_folder`, { folder_id: 27180399 })).status, 200)
  v = await readAll(t, app)
  t.equal((v[`${ACME}/mcp_servers`] as { data: Array<{ folder_id: number }> }).data[0].folder_id, 27180399)

  t.equal((await call(app, 'PUT', `${SALES}/tools/3001`, { description: 'A new description' })).status, 200)
  v = await readAll(t, app)
  t.equal((v[`${SALES}/tools`] as { data: Array<{ id: number, description: string }> }).data.find(x => x.id === 3001)?.description, 'A new description')

  t.equal((await call(app, 'DELETE', `${SALES}/tools/3002`)).status, 204)
  v = await readAll(t, app)
  t.same((v[`${SALES}/tools`] as { data: Array<{ id: number }> }).data.map(x => x.id).includes(3002), false)
  t.equal((v[SALES] as { data: { tools_count: number } }).data.tools_count, 2)

  t.equal((await call(app, 'POST', `${HR}/assign_user_groups`, { idp_user_group_ids: ['group-abc123'] })).status, 200)
  v = await readAll(t, app)
  t.same((v[HR] as { data: { idp_user_group_ids: string[] } }).data.idp_user_group_ids, ['group-abc123'])

  t.equal((await call(app, 'POST', `${HR}/remove_user_groups`, { idp_user_group_ids: ['group-abc123'] })).status, 200)
  v = await readAll(t, app)
  t.same((v[HR] as { data: { idp_user_group_ids: string[] } }).data.idp_user_group_ids, [])

  t.equal((await call(app, 'DELETE', SALES)).status, 204)
  v = await readAll(t, app)
  t.equal(v[SALES], 404)
  t.equal((v[`${ACME}/mcp_servers?page=1&per_page=1`] as { count: number }).count, 2)
})

t.test('a replaced world is read afresh, even at the same version number', async (t) => {
  const fixtures = loadFixtures()
  const store = createMemoryStore(fixtures, 0)
  const app = await build(t, { store })
  await readAll(t, app)
  const changed = structuredClone(fixtures)
  changed.managed_users[0].mcp_servers[0].name = 'Replaced Name'
  await store.replace(changed)
  t.equal(store.world.version, 0)
  const v = await readAll(t, app)
  t.equal((v[SALES] as { data: { name: string } }).data.name, 'Replaced Name')
  t.equal((v[`${ACME}/mcp_servers`] as { data: Array<{ name: string }> }).data[0].name, 'Replaced Name')
})

t.test('the cache keeps a bounded number of variants per key and follows the version', async (t) => {
  const cache = createBodyCache<object>(2)
  const key = {}
  let made = 0
  const make = (body: string) => () => { made++; return body }
  t.equal(cache.get(key, 'a', 1, make('A1')), 'A1')
  t.equal(cache.get(key, 'a', 1, make('never')), 'A1')
  t.equal(made, 1)
  cache.get(key, 'b', 1, make('B1'))
  cache.get(key, 'c', 1, make('C1'))
  t.equal(cache.get(key, 'a', 1, make('A1 again')), 'A1 again', 'evicted once the bound was reached')
  t.equal(cache.get(key, 'a', 2, make('A2')), 'A2', 'a new version makes a new body')
})
