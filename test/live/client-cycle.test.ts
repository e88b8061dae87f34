// "Done when" of issue 9: a client written to the live shapes runs its whole cycle under /api/mcp and /api/managed_users/:id.
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import type { TSchema, Static } from '@sinclair/typebox'
import { build, callAs } from '../helpers/app.js'
import { ACCEPT } from '../helpers/mcp.js'
import { frozenClock } from '../helpers/expect.js'
import { admin } from '../helpers/admin.js'
import { decode, ErrorBody, Policy, ServerEnvelope, ServerPage, ToolPage, Tool, UserGroupPage } from '../helpers/live-shapes.js'

/** A tiny client as one would write it from the notes: every answer decoded, errors read from `message`. */
function liveClient (app: FastifyInstance, base: string) {
  async function req<T extends TSchema> (schema: T | null, method: string, path: string, body?: unknown): Promise<Static<T>> {
    const res = await callAs(app, method as 'GET', `${base}${path}`, body)
    if (res.status >= 400) {
      const err = decode(ErrorBody, res.body, `${method} ${path}`)
      throw new Error(`${res.status} ${err.message}`)
    }
    if (schema === null) {
      if (res.status !== 204 || res.body !== undefined) throw new Error(`${method} ${path}: expected 204 without a body`)
      return undefined as Static<T>
    }
    return decode(schema, res.body, `${method} ${path}`)
  }
  return {
    list: async () => (await req(ServerPage, 'GET', '/mcp_servers')).data,
    create: async (body: unknown) => (await req(ServerEnvelope, 'POST', '/mcp_servers', body)).data,
    get: async (id: string) => (await req(ServerEnvelope, 'GET', `/mcp_servers/${id}`)).data,
    update: async (id: string, body: unknown) => (await req(ServerEnvelope, 'PUT', `/mcp_servers/${id}`, body)).data,
    renew: async (id: string) => (await req(ServerEnvelope, 'POST', `/mcp_servers/${id}/token_renew`)).data,
    tools: async (id: string) => (await req(ToolPage, 'GET', `/mcp_servers/${id}/tools`)).items,
    assignTools: async (id: string, tools: Array<{ trigger_application: string, id: string }>) =>
      (await req(ServerEnvelope, 'POST', `/mcp_servers/${id}/assign_tools`, { tools })).data,
    updateTool: async (id: string, toolId: number, description: string) =>
      await req(Tool, 'PUT', `/mcp_servers/${id}/tools/${toolId}`, { description }),
    deleteTool: async (id: string, toolId: number) => await req(null, 'DELETE', `/mcp_servers/${id}/tools/${toolId}`),
    policy: async (id: string) => await req(Policy, 'GET', `/mcp_servers/${id}/server_policies`),
    setPolicy: async (id: string, policy: unknown) => await req(Policy, 'PUT', `/mcp_servers/${id}/server_policies`, { mcp_server_policy: policy }),
    assignGroups: async (id: string, ids: string[]) => (await req(ServerEnvelope, 'POST', `/mcp_servers/${id}/assign_user_groups`, { idp_user_group_ids: ids })).data,
    removeGroups: async (id: string, ids: string[]) => (await req(ServerEnvelope, 'POST', `/mcp_servers/${id}/remove_user_groups`, { idp_user_group_ids: ids })).data,
    groups: async () => (await req(UserGroupPage, 'GET', '/user_groups')).data,
    delete: async (id: string) => await req(null, 'DELETE', `/mcp_servers/${id}`)
  }
}

/** An MCP initialize at a server's mcp_url (path and query), answered with its HTTP status. */
async function mcpInitialize (app: FastifyInstance, mcpUrl: string): Promise<number> {
  const u = new URL(mcpUrl)
  const res = await app.inject({
    method: 'POST',
    url: `${u.pathname}${u.search}`,
    headers: { accept: ACCEPT, 'content-type': 'application/json' },
    payload: { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'live-client', version: '1.0.0' } } }
  })
  return res.statusCode
}

const WORKSPACES = [
  {
    base: '/api/mcp',
    folder: 27170001,
    otherFolder: 27170002,
    collection: 4400,
    tools: [{ trigger_application: 'workato_api_platform', id: '97001' }, { trigger_application: 'workato_recipe_function', id: '66860002' }],
    vuaTool: { trigger_application: 'workato_recipe_function', id: '66860003' },
    groups: ['group-ops001', 'group-ops002'],
    existing: 'Platform Ops Server'
  },
  {
    base: '/api/managed_users/91829',
    folder: 27180380,
    otherFolder: 27180399,
    collection: 4521,
    tools: [{ trigger_application: 'workato_api_platform', id: '98232' }, { trigger_application: 'workato_recipe_function', id: '66870004' }],
    vuaTool: { trigger_application: 'workato_recipe_function', id: '66870002' },
    groups: ['group-abc123', 'group-def456'],
    existing: 'Sales Tools MCP Server'
  }
]

for (const w of WORKSPACES) {
  t.test(`the full cycle under ${w.base}`, async (t) => {
    const app = await build(t, { config: { profile: 'live' } })
    const api = liveClient(app, w.base)

    const before = await api.list()
    t.ok(before.some(s => s.name === w.existing), 'list: the fixture server is there, in full')
    t.ok(before.every(s => s.id.startsWith('mcps-')))

    const created = await api.create({ name: 'Live Client Server', folder_id: w.folder, asset_id: w.collection, description: 'made by the live client' })
    t.match(created.id, /^mcps-[A-Za-z0-9_-]+$/)
    t.equal(created.asset_type, 'api_collection')
    t.equal(created.api_collection?.id, w.collection, 'api_collection is the object for an API-collection server')
    t.same(created.folders.map(f => f.id), [w.folder])
    t.equal(created.tools_count, 0)
    t.equal(created.has_vua_dependent_tools, false)
    const token = new URL(created.mcp_url).searchParams.get('wkt_token')
    t.ok(token, 'mcp_url carries wkt_token')
    t.equal(await mcpInitialize(app, created.mcp_url), 200, 'the MCP endpoint admits the wkt_token of the live mcp_url')

    const listed = (await api.list()).find(s => s.id === created.id)
    t.same(listed, created, 'list items carry the same full object as the detail, same id')
    t.same(await api.get(created.id), created, 'get by the string id')

    const updated = await api.update(created.id, { name: 'Live Client Server (renamed)', folder_id: w.otherFolder })
    t.equal(updated.id, created.id, 'the id survives a rename and a move')
    t.equal(updated.name, 'Live Client Server (renamed)')
    t.equal(updated.folder_id, w.otherFolder)

    const renewed = await api.renew(created.id)
    const newToken = new URL(renewed.mcp_url).searchParams.get('wkt_token')
    t.not(newToken, token, 'token_renew gives a new token')
    t.equal(await mcpInitialize(app, created.mcp_url), 401, 'the previous token is refused at once')
    t.equal(await mcpInitialize(app, renewed.mcp_url), 200)

    t.same(await api.tools(created.id), [], 'tools list: empty, under items')
    const assigned = await api.assignTools(created.id, [...w.tools, w.vuaTool])
    t.equal(assigned.tools_count, 3, 'assign_tools with string ids')
    t.equal(assigned.has_vua_dependent_tools, true)
    const tools = await api.tools(created.id)
    t.equal(tools.length, 3)
    const vua = tools.find(x => x.vua_required)!
    t.equal(vua.enabled, false, 'a VUA tool is not enabled on a token server')
    t.ok(vua.incompatibility_reasons.length > 0)
    const plain = tools.find(x => x.trigger_application === 'workato_recipe_function' && !x.vua_required)!
    t.equal(plain.enabled, true)
    t.same(plain.incompatibility_reasons, [])
    t.equal(plain.active, true)

    const edited = await api.updateTool(created.id, plain.id, 'Described by the live client')
    t.equal(edited.description, 'Described by the live client', 'tool update answers the bare tool')
    t.equal(edited.original_description, plain.original_description, 'original_description keeps the catalog text')
    t.not(edited.original_description, edited.description)
    await api.deleteTool(created.id, plain.id)
    t.equal((await api.tools(created.id)).length, 2, 'tool delete')

    const policy = await api.policy(created.id)
    t.equal(policy.mcp_server_id, created.id, "the policy's mcp_server_id is the string server id")
    t.same(policy.rate_limits, { limit: 60, interval: 'minute' })
    const set = await api.setPolicy(created.id, {
      rate_limits: { limit: 30, interval: 'minute' },
      quota_limits: { limit: 5000, interval: '30 days' },
      ip_allow_list: ['0.0.0.0/0']
    })
    t.same(set.rate_limits, { limit: 30, interval: 'minute' })
    t.same(set.quota_limits, { limit: 5000, interval: '30 days' })
    t.same(await api.policy(created.id), set, 'policy get answers what was set')
    await t.rejects(api.setPolicy(created.id, { rate_limits: { limit: 30 } }), /^400 Validation failed: /, 'interval is required')
    await t.rejects(api.setPolicy(created.id, { quota_limits: { interval: 'year' } }), /^400 Validation failed: /, 'limit is required')
    await t.rejects(api.setPolicy(created.id, { rate_limits: { per_minute: 30 } }), /^400 Validation failed: /, 'the docs shape is refused')

    const idp = await api.update(created.id, { auth_type: 'workato_idp' })
    t.equal(idp.auth_type, 'workato_idp', 'switch to workato_idp')
    t.equal(idp.authentication_method, 'workato_idp')
    t.equal(await mcpInitialize(app, renewed.mcp_url), 401, "the switch revokes the server's token")
    t.equal((await api.tools(created.id)).find(x => x.vua_required)?.enabled, true, 'the VUA tool is enabled under Workato Identity')

    const groups = await api.groups()
    t.same(groups.map(g => g.id).sort(), [...w.groups].sort(), 'list groups')
    const withGroups = await api.assignGroups(created.id, w.groups)
    t.same(withGroups.idp_user_group_ids, w.groups, 'assign groups')
    const fewer = await api.removeGroups(created.id, [w.groups[0]])
    t.same(fewer.idp_user_group_ids, [w.groups[1]], 'remove groups')

    await api.delete(created.id)
    await t.rejects(api.get(created.id), /^404 Not found$/, 'deleted')
    t.notOk((await api.list()).some(s => s.id === created.id))
  })
}

t.test('the own workspace is only under /api/mcp, in both profiles', async (t) => {
  for (const profile of ['docs', 'live'] as const) {
    const app = await build(t, { config: { profile } })
    t.equal((await callAs(app, 'GET', '/api/managed_users/91800/mcp_servers')).status, 404, `${profile}: not a managed user`)
    t.equal((await callAs(app, 'GET', '/api/mcp/mcp_servers/sales-tools-mcp-server')).status, 404, `${profile}: customer servers are not the own workspace's`)
    t.equal((await callAs(app, 'GET', '/api/managed_users/91829/mcp_servers/platform-ops-server')).status, 404)
    t.equal((await callAs(app, 'GET', '/api/mcp/mcp_servers')).body.data[0].name, 'Platform Ops Server')
    const viaAdmin = await admin(app, 'GET', '/managed_users/91800')
    t.equal(viaAdmin.status, 200, 'the control API still addresses it')
    const idp = await admin(app, 'POST', '/idp/tokens', { user: 'ops@example.test', group_ids: ['group-ops001'], managed_user_id: 91800 })
    t.equal(idp.status, 201, 'and IdP tokens can be issued for its users')
  }
})

t.test('without an own workspace in the fixtures, /api/mcp routes answer 404', async (t) => {
  const { loadFixtures } = await import('../../src/fixtures.js')
  const data = loadFixtures()
  data.managed_users = data.managed_users.filter(mu => mu.own !== true)
  const app = await build(t, { fixtures: data, config: { profile: 'live' } })
  const res = await callAs(app, 'GET', '/api/mcp/mcp_servers')
  t.equal(res.status, 404)
  t.same(res.body, { message: 'Not found' })
})

t.test('limits set through the live REST shape are enforced by the MCP endpoint, which takes token and wkt_token', async (t) => {
  const clock = frozenClock('2026-03-02T10:30:00.000Z')
  const app = await build(t, { clock, config: { profile: 'live' } })
  const S = '/api/mcp/mcp_servers/platform-ops-server'
  const set = await callAs(app, 'PUT', `${S}/server_policies`, { mcp_server_policy: { rate_limits: { limit: 2, interval: 'hour' }, quota_limits: { limit: 1000, interval: 'year' } } })
  t.equal(set.status, 200)
  const mcpUrl = (await callAs(app, 'GET', S)).body.data.mcp_url as string
  t.equal(await mcpInitialize(app, mcpUrl), 200, 'wkt_token')
  t.equal(await mcpInitialize(app, mcpUrl.replace('wkt_token=', 'token=')), 200, 'token, as in docs mcp_urls')
  t.equal(await mcpInitialize(app, mcpUrl), 429, 'the third request in the hour is refused')
  clock.advance(30 * 60_000)
  t.equal(await mcpInitialize(app, mcpUrl), 200, 'a new hour')
})
