// Property-based tests: tool and count invariants under random operation sequences, and no 5xx for any input.
import t from 'tap'
import fc from 'fast-check'
import type { FastifyInstance } from 'fastify'
import { ACME, AUTH, GLOBEX, build, call } from './helpers/app.js'
import { ROUTES } from './helpers/routes.js'
import { loadFixtures } from '../src/fixtures.js'
import { createMemoryStore } from '../src/store/memory-store.js'

// Fixed seeds: a failure reproduces; bounded runs keep the file well under 20 s.
const SEED = 20261204
const FIXTURES = loadFixtures()

/**
 * Building an app compiles every route's schemas, so each property reuses one app and puts the
 * default fixtures back before every run (as the control API's reset will).
 */
async function reusableApp (t: Parameters<typeof build>[0]) {
  const store = createMemoryStore(FIXTURES, 0)
  const app = await build(t, { store })
  return { app, reset: () => store.replace(FIXTURES) }
}

const CATALOG = [
  { trigger_application: 'workato_api_platform', id: 98231 },
  { trigger_application: 'workato_api_platform', id: 98232 },
  { trigger_application: 'workato_recipe_function', id: 66870002 },
  { trigger_application: 'workato_recipe_function', id: 66870004 },
  { trigger_application: 'workato_recipe_function', id: 66870005 },
  { trigger_application: 'workato_recipe_function', id: 66870006 },
  { trigger_application: 'workato_genie', id: 'my-genie-handle' }
] as const

/** A catalog reference as a client may send it: numeric ids sometimes as strings. */
const toolRef = fc.tuple(fc.constantFrom(...CATALOG), fc.boolean()).map(([item, asString]) =>
  ({ trigger_application: item.trigger_application, id: asString && typeof item.id === 'number' ? String(item.id) : item.id }))

const handleArb = fc.constantFrom('sales-tools-mcp-server', 'hr-automation-server', 'prop-a', 'prop-b')

type Op =
  | { kind: 'assign', handle: string, tools: Array<{ trigger_application: string, id: number | string }> }
  | { kind: 'create', name: string, tools: Array<{ trigger_application: string, id: number | string }> }
  | { kind: 'deleteTool', handle: string, pick: number }
  | { kind: 'deleteServer', handle: string }
  | { kind: 'auth', handle: string, authType: 'token' | 'workato_idp' }
  | { kind: 'groups', handle: string, remove: boolean, ids: string[] }

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('assign' as const), handle: handleArb, tools: fc.array(toolRef, { minLength: 1, maxLength: 6 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('create' as const), name: fc.constantFrom('Prop A', 'Prop B'), tools: fc.array(toolRef, { maxLength: 4 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('deleteTool' as const), handle: handleArb, pick: fc.nat(20) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteServer' as const), handle: handleArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('auth' as const), handle: handleArb, authType: fc.constantFrom('token' as const, 'workato_idp' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('groups' as const), handle: handleArb, remove: fc.boolean(), ids: fc.array(fc.constantFrom('group-abc123', 'group-def456'), { minLength: 1, maxLength: 3 }) }) }
)

async function apply (app: FastifyInstance, op: Op): Promise<number> {
  const s = `${ACME}/mcp_servers/${'handle' in op ? op.handle : ''}`
  switch (op.kind) {
    case 'assign': return (await call(app, 'POST', `${s}/assign_tools`, { tools: op.tools })).status
    case 'create': return (await call(app, 'POST', `${ACME}/mcp_servers`, { name: op.name, folder_id: 27180380, tools: op.tools })).status
    case 'deleteTool': {
      const tools = await call(app, 'GET', `${s}/tools`)
      const ids = tools.status === 200 ? tools.body.data.map((x: { id: number }) => x.id) : [3001]
      return (await call(app, 'DELETE', `${s}/tools/${ids.length > 0 ? ids[op.pick % ids.length] : 1}`)).status
    }
    case 'deleteServer': return (await call(app, 'DELETE', s)).status
    case 'auth': return (await call(app, 'PUT', s, { auth_type: op.authType })).status
    case 'groups': return (await call(app, 'POST', `${s}/${op.remove ? 'remove' : 'assign'}_user_groups`, { idp_user_group_ids: op.ids })).status
  }
}

async function checkInvariants (app: FastifyInstance): Promise<string[]> {
  const problems: string[] = []
  const list = await call(app, 'GET', `${ACME}/mcp_servers`)
  if (list.body.count !== list.body.data.length) problems.push(`list count ${list.body.count} ≠ ${list.body.data.length} items`)
  const ids = list.body.data.map((s: { id: number }) => s.id)
  if (JSON.stringify(ids) !== JSON.stringify([...ids].sort((a: number, b: number) => a - b))) problems.push(`list not in id order: ${ids}`)
  for (const handle of ['sales-tools-mcp-server', 'hr-automation-server', 'prop-a', 'prop-b', 'prop-a-2', 'prop-b-2']) {
    const detail = await call(app, 'GET', `${ACME}/mcp_servers/${handle}`)
    if (detail.status === 404) continue
    const tools = await call(app, 'GET', `${ACME}/mcp_servers/${handle}/tools`)
    const summary = list.body.data.find((s: { id: number }) => s.id === detail.body.data.id)
    const names = tools.body.data.map((x: { name: string }) => x.name)
    const toolIds = tools.body.data.map((x: { id: number }) => x.id)
    if (detail.body.data.tools_count !== tools.body.count) problems.push(`${handle}: tools_count ${detail.body.data.tools_count} ≠ listed ${tools.body.count}`)
    if (tools.body.count !== tools.body.data.length) problems.push(`${handle}: tools count ${tools.body.count} ≠ ${tools.body.data.length} items`)
    if (summary?.tools_count !== tools.body.count) problems.push(`${handle}: summary tools_count ${summary?.tools_count} ≠ ${tools.body.count}`)
    if (new Set(names).size !== names.length) problems.push(`${handle}: duplicate tools ${names}`)
    if (new Set(toolIds).size !== toolIds.length) problems.push(`${handle}: duplicate tool ids ${toolIds}`)
    const groups = detail.body.data.idp_user_group_ids
    if (new Set(groups).size !== groups.length) problems.push(`${handle}: duplicate groups ${groups}`)
    if (detail.body.data.auth_type === 'token' && groups.length > 0) problems.push(`${handle}: token server with groups`)
  }
  return problems
}

async function globexView (app: FastifyInstance) {
  const base = `${GLOBEX}/mcp_servers/globex-support-server`
  return {
    list: (await call(app, 'GET', `${GLOBEX}/mcp_servers`)).body,
    detail: (await call(app, 'GET', base)).body,
    tools: (await call(app, 'GET', `${base}/tools`)).body,
    policy: (await call(app, 'GET', `${base}/server_policies`)).body,
    groups: (await call(app, 'GET', `${GLOBEX}/user_groups`)).body
  }
}

t.test('any sequence of operations: no duplicate tools, tools_count = tools listed, counts match, Globex untouched', async (t) => {
  let runs = 0
  const { app, reset } = await reusableApp(t)
  await fc.assert(fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 12 }), async (ops) => {
    runs++
    await reset()
    const globexBefore = await globexView(app)
    for (const op of ops) {
      const status = await apply(app, op)
      if (status >= 500) throw new Error(`${JSON.stringify(op)} → ${status}`)
      const problems = await checkInvariants(app)
      if (problems.length > 0) throw new Error(`after ${JSON.stringify(op)}: ${problems.join('; ')}`)
    }
    const globexAfter = await globexView(app)
    if (JSON.stringify(globexAfter) !== JSON.stringify(globexBefore)) throw new Error('Globex changed through Acme operations')
  }), { seed: SEED, numRuns: 40 })
  t.equal(runs, 40)
})

t.test('assigning the same references twice equals assigning them once', async (t) => {
  const { app: once, reset: resetOnce } = await reusableApp(t)
  const { app: twice, reset: resetTwice } = await reusableApp(t)
  await fc.assert(fc.asyncProperty(fc.array(toolRef, { minLength: 1, maxLength: 10 }), async (refs) => {
    await resetOnce()
    await resetTwice()
    const url = `${ACME}/mcp_servers/hr-automation-server`
    await call(once, 'POST', `${url}/assign_tools`, { tools: refs })
    await call(twice, 'POST', `${url}/assign_tools`, { tools: refs })
    await call(twice, 'POST', `${url}/assign_tools`, { tools: [...refs].reverse() })
    const a = (await call(once, 'GET', `${url}/tools`)).body
    const b = (await call(twice, 'GET', `${url}/tools`)).body
    const distinct = new Set(refs.map(r => `${r.trigger_application}:${r.id}`)).size
    // hr-automation-server starts with 66870004, 66870005, 66870006.
    const already = new Set(refs.filter(r => ['66870004', '66870005', '66870006'].includes(String(r.id))).map(r => String(r.id))).size
    if (a.count !== 3 + distinct - already) throw new Error(`expected ${3 + distinct - already} tools, got ${a.count}`)
    if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error('a repeated assign changed the tools')
  }), { seed: SEED, numRuns: 30 })
  t.pass('assign is idempotent')
})

// ---- Bad input never yields a 5xx ----

const scalar = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('', '0', '-1', '1e3', '98231', 'my-genie-handle', 'group-abc123', 'token', 'workato_idp', '203.0.113.0/24', '::1',
    'Infinity', '-Infinity', 'NaN', '1e400', '9007199254740993')
)
const jsonish = fc.letrec(tie => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 8 }), tie('value'), { maxKeys: 4 }))
})).value

const KEYS = ['name', 'folder_id', 'description', 'asset_id', 'tools', 'auth_type', 'idp_user_group_ids', 'mcp_server_policy',
  'rate_limits', 'quota_limits', 'per_minute', 'per_day', 'ip_allow_list', 'ip_deny_list', 'trigger_application', 'id', '__proto__', 'constructor']
const knownKeyed = fc.dictionary(fc.constantFrom(...KEYS), jsonish, { maxKeys: 5 })

/** A valid body with some values (at any depth) replaced by arbitrary JSON. */
function mutate (body: unknown, replacement: unknown, at: number): unknown {
  if (body === null || typeof body !== 'object') return replacement
  const entries = Object.entries(body as Record<string, unknown>)
  if (entries.length === 0) return replacement
  const [k, v] = entries[at % entries.length]
  const copy: Record<string, unknown> = Array.isArray(body) ? [...body] as never : { ...body }
  copy[k] = at % 3 === 0 ? replacement : mutate(v, replacement, Math.floor(at / 3))
  return copy
}

const segment = fc.oneof(
  fc.constantFrom('91829', '91830', 'EA2300', 'Eglobex%2Feu%207', 'E', '0', '-1', 'sales-tools-mcp-server', 'hr-automation-server', '3001', '3002', 'abc', '%20', '..', '%00', 'x'.repeat(300)),
  fc.string({ maxLength: 20 }).map(encodeURIComponent)
)
const QUERY_KEYS = ['page', 'per_page', 'folder_id', 'project_id', 'authentication_method', 'vua_required', 'search', 'token']
const numberish = fc.constantFrom('0', '-1', '1.5', '1e3', '1e23', 'Infinity', '-Infinity', 'NaN', '1e400', '9007199254740993', '', ' 1', '0x10')
const query = fc.array(fc.tuple(fc.constantFrom(...QUERY_KEYS, 'x'), fc.oneof(numberish, scalar.map(String), fc.string({ maxLength: 12 }))), { maxLength: 4 })
  .map(pairs => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'))

/** `arb` once in `every` draws, else undefined (fc.option draws its value 4 times in 5). */
const sometimes = <T>(arb: fc.Arbitrary<T>, every: number) =>
  fc.oneof({ weight: every - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb })

t.test('bad bodies, queries and path segments never yield a 5xx; errors are Workato-style', async (t) => {
  const { app } = await reusableApp(t)
  let requests = 0
  const input = fc.record({
    route: fc.nat(ROUTES.length - 1),
    body: fc.oneof(knownKeyed, jsonish, fc.tuple(jsonish, fc.nat()).map(([r, at]) => ({ mutateWith: r, at }))),
    query,
    swap: sometimes(fc.tuple(fc.nat(6), segment), 3),
    raw: sometimes(fc.constantFrom('{', '{"a":', '[1,]', 'null', '"x"', '{"__proto__":{"a":1}}', ''), 6),
    hugeNumbers: fc.boolean()
  })
  await fc.assert(fc.asyncProperty(input, async ({ route, body, query, swap, raw, hugeNumbers }) => {
    const [method, validUrl, validBody] = ROUTES[route]
    let url = validUrl
    if (swap !== undefined) {
      const parts = url.split('/')
      // Path segments after /api/managed_users/: the managed user, the handle, the tool id.
      const slots = [3, 5, 7].filter(i => i < parts.length)
      parts[slots[swap[0] % slots.length]] = swap[1]
      url = parts.join('/')
    }
    if (query !== '') url += `?${query}`
    let payload: string | undefined
    if (raw !== undefined) payload = raw
    else if (method !== 'GET') {
      const b = body as { mutateWith?: unknown, at?: number }
      payload = JSON.stringify(b !== null && typeof b === 'object' && 'mutateWith' in b ? mutate(validBody ?? {}, b.mutateWith, b.at ?? 0) : body)
      // JSON numbers JSON.stringify never writes: 1e400 parses to Infinity.
      if (hugeNumbers) payload = payload.replace(/(?<=[:[,])-?\d+(\.\d+)?(?=[,}\]])/g, m => `${m.startsWith('-') ? '-' : ''}1e400`)
    }
    requests++
    const res = await app.inject({
      method: method as 'GET',
      url,
      headers: { ...AUTH, ...(payload !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(payload !== undefined ? { payload } : {})
    })
    if (res.statusCode >= 500) throw new Error(`${method} ${url} ${payload} → ${res.statusCode} ${res.body}`)
    if (res.statusCode >= 400) {
      const parsed = JSON.parse(res.body)
      if (typeof parsed.message !== 'string') throw new Error(`${method} ${url} → ${res.statusCode} without a message: ${res.body}`)
      const extra = Object.keys(parsed).filter(k => k !== 'message' && k !== 'errors')
      if (extra.length > 0) throw new Error(`${method} ${url} → ${res.statusCode} with keys ${extra}: ${res.body}`)
    }
  }), { seed: SEED, numRuns: 600 })
  t.equal(requests, 600)
  // The workspace is still consistent after all that.
  t.same(await checkInvariants(app), [])
})
