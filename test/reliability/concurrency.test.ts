// 200 parallel mixed requests over real sockets, memory and file store: invariants hold and the file survives a restart unchanged.
import t, { type Test } from 'tap'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from '../helpers/app.js'
import { within } from '../helpers/reliability.js'
import { loadFixtures } from '../../src/fixtures.js'
import { createFileStore, readDurableState } from '../../src/store/file-store.js'
import { createMemoryStore } from '../../src/store/memory-store.js'
import type { Store } from '../../src/store/store.js'
import type { WorldData } from '../../src/schemas/state.js'

const FIXTURES = loadFixtures()
const A = '/api/managed_users/91829/mcp_servers'
const G = '/api/managed_users/91830/mcp_servers'
const AUTH = { authorization: 'Bearer dev-token', 'content-type': 'application/json' }

type Req = { kind: string, method: string, url: string, body?: unknown, headers?: Record<string, string>, expect: number }

const REFS = [
  { trigger_application: 'workato_api_platform', id: 98231 }, { trigger_application: 'workato_api_platform', id: '98232' },
  { trigger_application: 'workato_recipe_function', id: 66870002 }, { trigger_application: 'workato_genie', id: 'my-genie-handle' },
  { trigger_application: 'workato_recipe_function', id: 66870004 }
]

/** The 200 requests: their final effect does not depend on the order they are served in. */
function mix (): Req[] {
  const reqs: Req[] = []
  for (let i = 0; i < 40; i++) {
    reqs.push({ kind: 'create', method: 'POST', url: A, body: { name: `Conc ${i}`, folder_id: 27180380, tools: [REFS[i % 5], REFS[(i + 2) % 5]] }, expect: 200 })
    // Overlapping assignments to one server: each catalog tool must end up there exactly once.
    reqs.push({ kind: 'assign', method: 'POST', url: `${A}/hr-automation-server/assign_tools`, body: { tools: [REFS[i % 5], REFS[(i * 3) % 5]] }, expect: 200 })
  }
  for (let i = 0; i < 30; i++) {
    reqs.push({ kind: 'renew', method: 'POST', url: `${G}/globex-support-server/token_renew`, expect: 200 })
    reqs.push({ kind: 'read', method: 'GET', url: [A, `${A}/hr-automation-server`, `${A}/hr-automation-server/tools`, `${G}/globex-support-server/server_policies`][i % 4], expect: 200 })
  }
  for (let i = 0; i < 20; i++) {
    reqs.push({ kind: 'policy', method: 'PUT', url: `${A}/sales-tools-mcp-server/server_policies`, body: { mcp_server_policy: { rate_limits: { per_minute: 30 }, ip_allow_list: ['127.0.0.1'] } }, expect: 200 })
    reqs.push({ kind: 'tool', method: 'PUT', url: `${A}/sales-tools-mcp-server/tools/3002`, body: { description: 'concurrent' }, expect: 200 })
    reqs.push(i % 2 === 0
      ? { kind: 'intruder', method: 'DELETE', url: `${A}/sales-tools-mcp-server`, headers: { authorization: 'Bearer globextoken001' }, expect: 401 }
      : { kind: 'cross-tenant', method: 'DELETE', url: `${G}/hr-automation-server`, expect: 404 })
  }
  return reqs
}

interface Outcome { snapshot: WorldData, canonical: unknown, tokens: string[] }

/** The state without what depends on arrival order (ids, tokens, timestamps): equal across runs. */
function canonical (data: WorldData): unknown {
  return data.managed_users.map(mu => ({
    id: mu.id,
    servers: mu.mcp_servers.map(s => ({
      handle: s.handle,
      name: s.name,
      folder_id: s.folder_id,
      description: s.description,
      groups: s.idp_user_group_ids,
      tools: s.tools.map(x => `${x.trigger_application}:${x.asset_id}:${x.description}`).sort(),
      policy: { rate: s.policy.rate_limits, quota: s.policy.quota_limits, allow: s.policy.ip_allow_list, deny: s.policy.ip_deny_list }
    })).sort((a, b) => a.handle.localeCompare(b.handle))
  }))
}

async function runMix (t: Test, store: Store): Promise<Outcome & { close: () => Promise<void> }> {
  const app = await build(t, { store })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
  const reqs = mix()
  const answers = await within(30_000, '200 parallel requests', Promise.all(reqs.map(async r => {
    const res = await fetch(`${base}${r.url}`, { method: r.method, headers: r.headers ?? AUTH, ...(r.body === undefined ? {} : { body: JSON.stringify(r.body) }) })
    return { r, status: res.status, body: await res.json().catch(() => undefined) as any }
  })))
  t.equal(answers.length, 200)
  const wrong = answers.filter(a => a.status !== a.r.expect).map(a => `${a.r.kind} ${a.r.method} ${a.r.url} → ${a.status} ${JSON.stringify(a.body)}`)
  t.same(wrong, [], 'every request got its expected status (none 5xx)')

  // Invariants, read back through the API.
  const get = async (url: string) => (await (await fetch(`${base}${url}`, { headers: AUTH })).json()) as any
  const list = await get(A)
  t.equal(list.count, 42, '40 servers created, none lost')
  const handles = new Set<string>()
  const ids = new Set<number>()
  // The list has no handles: the store names them, the API must agree on everything else.
  for (const mu of store.snapshot().managed_users) {
    // The own workspace is served under /api/mcp only.
    const path = mu.own === true ? '/api/mcp/mcp_servers' : `/api/managed_users/${mu.id}/mcp_servers`
    const listed = (await get(path)).data as Array<{ id: number, tools_count: number }>
    t.same(listed.map(x => x.id), mu.mcp_servers.map(x => x.id), `managed user ${mu.id}: the list shows every stored server`)
    for (const { handle } of mu.mcp_servers) {
      t.notOk(handles.has(handle), `handle ${handle} is unique`)
      handles.add(handle)
      const detail = (await get(`${path}/${handle}`)).data
      const tools = await get(`${path}/${handle}/tools`)
      t.equal(detail.tools_count, tools.count, `${handle}: tools_count = tools listed`)
      t.equal(listed.find(x => x.id === detail.id)?.tools_count, tools.count, `${handle}: the list's tools_count agrees`)
      const keys = tools.data.map((x: { trigger_application: string, flow_id: number }) => `${x.trigger_application}:${x.flow_id}`)
      t.equal(new Set(keys).size, keys.length, `${handle}: no duplicate tools`)
      for (const x of tools.data as Array<{ id: number }>) {
        t.notOk(ids.has(x.id), `tool id ${x.id} is unique`)
        ids.add(x.id)
      }
    }
  }
  const hr = await get(`${A}/hr-automation-server/tools`)
  t.equal(hr.count, 3 + 4, 'hr-automation-server: its 3 tools plus each of the 4 new catalog tools once')

  // 30 renewals: each handed out a new token; only the last one served still opens the MCP endpoint.
  const tokens = answers.filter(a => a.r.kind === 'renew').map(a => new URL(a.body.data.mcp_url).searchParams.get('token')!)
  t.equal(new Set(tokens).size, 30, '30 distinct tokens')
  const current = new URL((await get(`${G}/globex-support-server`)).data.mcp_url).searchParams.get('token')!
  t.ok(tokens.includes(current), 'the current token is one of those handed out')
  let opens = 0
  for (const token of [...tokens, 'globextoken001']) {
    const res = await fetch(`${base}/mcp/servers/globex-support-server?token=${token}`)
    await res.arrayBuffer()
    if (res.status === 405) opens++
    else t.equal(res.status, 401)
  }
  t.equal(opens, 1, 'exactly one token is valid')

  const snapshot = store.snapshot()
  return {
    snapshot,
    canonical: canonical(snapshot),
    tokens,
    close: () => app.close()
  }
}

t.test('200 parallel requests: memory store and file store end in the same state; the file survives a restart', async (t) => {
  const memoryStore = createMemoryStore(FIXTURES, 0)
  const memory = await runMix(t, memoryStore)

  const dir = mkdtempSync(join(tmpdir(), 'fake-workato-concurrency-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const file = join(dir, 'state.json')
  const fileStore = await createFileStore(file, FIXTURES, 0)
  const onFile = await runMix(t, fileStore)
  t.same(onFile.canonical, memory.canonical, 'the same requests leave the file store in the memory store\'s state')

  const before = JSON.stringify(fileStore.snapshot())
  t.equal(JSON.stringify(await readDurableState(file)), before, 'every answered change is durable while the store still runs')
  await onFile.close()
  const reopened = await createFileStore(file, FIXTURES, 0)
  t.equal(JSON.stringify(reopened.snapshot()), before, 'after a restart the file holds exactly the state served before')
  t.same(canonical(reopened.snapshot()), memory.canonical, 'and it equals the memory run')
  await reopened.close()
})

t.test('regression: a reply shows its own request\'s result, not a change another request made while the write was in flight', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'fake-workato-reply-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const file = join(dir, 'state.json')
  // Slow appends keep each commit in flight while the next request runs.
  const store = await createFileStore(file, FIXTURES, 0, {
    io: real => ({ ...real, append: async (log, text) => { await new Promise(resolve => setTimeout(resolve, 30)); await real.append(log, text) } })
  })
  const app = await build(t, { store })
  const renew = () => app.inject({ method: 'POST', url: `${G}/globex-support-server/token_renew`, headers: { authorization: 'Bearer dev-token' } })
  const replies = await Promise.all([renew(), renew(), renew(), renew()])
  const tokens = replies.map(r => new URL(JSON.parse(r.body).data.mcp_url as string).searchParams.get('token'))
  t.equal(new Set(tokens).size, 4, 'four renewals, four different tokens')
  const policies = await Promise.all([1, 2, 3].map(n => app.inject({
    method: 'PUT',
    url: `${A}/sales-tools-mcp-server/server_policies`,
    headers: AUTH,
    payload: JSON.stringify({ mcp_server_policy: { rate_limits: { per_minute: n } } })
  })))
  t.same(policies.map(r => JSON.parse(r.body).rate_limits.per_minute), [1, 2, 3], 'each policy reply shows the limit it set')
})
