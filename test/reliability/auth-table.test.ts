// The auth table, generated from the OpenAPI document: who is refused (401) and what is not found (404) on every /api operation.
import t from 'tap'
import { createRequire, syncBuiltinESMExports } from 'node:module'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../src/config.js'
import { bearerChecker, sameSecret } from '../../src/http/auth.js'
import { build } from '../helpers/app.js'
import { errorBodyProblem, send } from '../helpers/reliability.js'
import { loadFixtures } from '../../src/fixtures.js'
import { createMemoryStore } from '../../src/store/memory-store.js'

type Schema = Record<string, any>
interface Op { method: string, path: string, operationId: string, body?: Schema, params: string[] }

const FIXTURES = loadFixtures()
const ADMIN_TOKEN = 'admin-secret-for-tests'

function apiOperations (doc: Schema): Op[] {
  const ops: Op[] = []
  for (const [path, item] of Object.entries(doc.paths as Record<string, Schema>)) {
    if (!path.startsWith('/api/')) continue
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'delete'].includes(method)) continue
      ops.push({
        method: method.toUpperCase(),
        path,
        operationId: op.operationId,
        body: op.requestBody?.content?.['application/json']?.schema,
        params: [...path.matchAll(/\{(\w+)\}/g)].map(m => m[1])
      })
    }
  }
  return ops
}

/** A body the schema accepts: the required fields with plain values (auth is judged before the body anyway). */
function sample (s: Schema): unknown {
  if (Array.isArray(s.enum)) return s.enum[0]
  if (Array.isArray(s.anyOf)) return sample(s.anyOf[0])
  switch (s.type) {
    case 'object': return Object.fromEntries((s.required ?? []).map((k: string) => [k, sample(s.properties[k])]))
    case 'array': return s.minItems > 0 ? [sample(s.items)] : []
    case 'string': return 'x'
    case 'integer': return s.minimum ?? 27180399
    case 'boolean': return true
    default: return null
  }
}

const path = (op: Op, values: Record<string, string>) => op.path.replace(/\{(\w+)\}/g, (_m, n: string) => values[n])
const OWN = { managed_user_id: '91829', handle: 'hr-automation-server', mcp_server_handle: 'hr-automation-server', id: '3004' }

async function setup (t: Parameters<typeof build>[0]) {
  const store = createMemoryStore(FIXTURES, 0)
  // The control API's admin token guards /__admin; it must not open /api.
  const app = await build(t, { store, config: { adminToken: ADMIN_TOKEN } as Partial<Config> })
  const doc = (await send(app, { method: 'GET', url: '/openapi.json' })).body as Schema
  return { app, store, ops: apiOperations(doc) }
}

async function request (app: FastifyInstance, op: Op, url: string, headers: Record<string, string>) {
  const body = op.body === undefined ? {} : { payload: JSON.stringify(sample(op.body)), headers: { ...headers, 'content-type': 'application/json' } }
  return await send(app, { method: op.method as 'GET', url, headers, ...body })
}

t.test('every /api operation: 401 for no token, a wrong one, the admin token, MCP and IdP tokens', async (t) => {
  const { app, store, ops } = await setup(t)
  t.equal(ops.length, 32, 'the 16 documented operations, under /api/managed_users/:id and under /api/mcp')
  const idp = await send(app, { method: 'POST', url: '/__admin/idp/tokens', headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` }, payload: JSON.stringify({ user: 'dana', group_ids: ['group-abc123'] }) })
  t.equal(idp.status, 201, 'an IdP user token is issued')
  const credentials: Array<[string, Record<string, string>]> = [
    ['no Authorization', {}],
    ['a wrong token', { authorization: 'Bearer wrong-token' }],
    ['an empty bearer', { authorization: 'Bearer ' }],
    ['the API token with a suffix', { authorization: 'Bearer dev-token-x' }],
    ['a prefix of the API token', { authorization: 'Bearer dev-toke' }],
    ['the API token in a Basic header', { authorization: `Basic ${Buffer.from('dev-token:').toString('base64')}` }],
    ['the API token without a scheme', { authorization: 'dev-token' }],
    ['the admin token', { authorization: `Bearer ${ADMIN_TOKEN}` }],
    ['server 1001\'s MCP token', { authorization: 'Bearer abc123xyz' }],
    ['server 1002\'s MCP token', { authorization: 'Bearer hrtoken456' }],
    ['another tenant\'s MCP token', { authorization: 'Bearer globextoken001' }],
    ['an IdP user token', { authorization: `Bearer ${idp.body.token as string}` }],
    ['legacy x-user-token headers', { 'x-user-email': 'admin@example.com', 'x-user-token': 'dev-token' }]
  ]
  const before = JSON.stringify(store.snapshot())
  let checked = 0
  for (const op of ops) {
    for (const [what, headers] of credentials) {
      const res = await request(app, op, path(op, OWN), headers)
      t.same([res.status, res.body], [401, { message: 'Unauthorized' }], `${op.operationId} with ${what}`)
      checked++
    }
    // A token in the query string is never a credential for /api.
    const q = await request(app, op, `${path(op, OWN)}?token=dev-token&api_token=dev-token`, {})
    t.equal(q.status, 401, `${op.operationId} with the API token in the query`)
  }
  t.equal(JSON.stringify(store.snapshot()), before, `${checked} refusals changed nothing`)
})

t.test('every /api operation on another tenant\'s handle or tool: 404, nothing changes', async (t) => {
  const { app, store, ops } = await setup(t)
  const before = JSON.stringify(store.snapshot())
  const auth = { authorization: 'Bearer dev-token' }
  for (const op of ops) {
    if (!op.params.some(p => p === 'handle' || p === 'mcp_server_handle')) continue
    const variants: Array<[string, Record<string, string>]> = [
      ['Globex names Acme\'s server', { ...OWN, managed_user_id: '91830' }],
      ['Globex (external id) names Acme\'s server', { ...OWN, managed_user_id: 'Eglobex%2Feu%207' }],
      ['Acme names Globex\'s server', { ...OWN, handle: 'globex-support-server', mcp_server_handle: 'globex-support-server', id: '3007' }],
      ['Acme (external id) names Globex\'s server', { ...OWN, managed_user_id: 'EA2300', handle: 'globex-support-server', mcp_server_handle: 'globex-support-server', id: '3007' }]
    ]
    if (op.params.includes('id')) {
      variants.push(['Acme\'s server, Globex\'s tool', { ...OWN, id: '3007' }])
      variants.push(['one Acme server, another\'s tool', { ...OWN, id: '3002' }])
    }
    for (const [what, values] of variants) {
      const res = await request(app, op, path(op, values), auth)
      t.same([res.status, res.body], [404, { message: 'Not found' }], `${op.operationId}: ${what}`)
      t.equal(errorBodyProblem(res.body), undefined)
    }
  }
  t.equal(JSON.stringify(store.snapshot()), before, 'nothing changed')
})

t.test('token comparison: constant-time by construction, exact in behaviour', async (t) => {
  // Count what the checkers hand to timingSafeEqual: always 32-byte digests, every accepted token
  // every time. The builtin's live ESM binding is swapped for a counting wrapper (syncBuiltinESMExports).
  const require = createRequire(import.meta.url)
  const cryptoExports = require('node:crypto') as typeof import('node:crypto')
  const original = cryptoExports.timingSafeEqual
  const calls: Array<[number, number]> = []
  cryptoExports.timingSafeEqual = (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
    calls.push([a.byteLength, b.byteLength])
    return original(a, b)
  }
  syncBuiltinESMExports()
  t.teardown(() => {
    cryptoExports.timingSafeEqual = original
    syncBuiltinESMExports()
  })
  const check = bearerChecker(['first-token', 'second', 'ünïcödé-✓'])
  const inputs: Array<[string | undefined, boolean]> = [
    ['Bearer first-token', true], ['Bearer second', true], ['Bearer ünïcödé-✓', true], ['bearer second', true],
    ['Bearer   second  ', true], ['Bearer secon', false], ['Bearer second2', false], ['Bearer ' + 'x'.repeat(10_000), false],
    ['Bearer FIRST-TOKEN', false], ['Bearer unicode-✓', false], [undefined, false], ['', false], ['Basic second', false], ['Bearer', false]
  ]
  for (const [header, expected] of inputs) {
    calls.length = 0
    t.equal(check(header), expected, `${JSON.stringify(header?.slice(0, 30))} → ${expected}`)
    const wellFormed = header !== undefined && /^Bearer[ ]+\S+\s*$/i.test(header)
    // A match on the first token does not stop the loop: all three are compared, whatever the input's length.
    t.same(calls, wellFormed ? [[32, 32], [32, 32], [32, 32]] : [], 'compared digests')
  }
  calls.length = 0
  t.equal(sameSecret('abc', 'abc'), true)
  t.equal(sameSecret('abc', 'abd'), false)
  t.equal(sameSecret('abc', 'abc'.repeat(1000)), false, 'different lengths compare without throwing')
  t.equal(sameSecret('', ''), true)
  t.same(calls, [[32, 32], [32, 32], [32, 32], [32, 32]], 'sameSecret compares fixed-size digests')
})
