// Input fuzzing generated from the OpenAPI document: every operation, every invalid input → a Workato 4xx, no change, no hang.
import t from 'tap'
import fc from 'fast-check'
import { connect } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { build } from '../helpers/app.js'
import { errorBodyProblem, fcSettings, prototypeFingerprint, send, within } from '../helpers/reliability.js'
import { loadFixtures } from '../../src/fixtures.js'
import { createMemoryStore } from '../../src/store/memory-store.js'

type Schema = Record<string, any>
interface Operation { method: string, path: string, operationId: string, parameters: Array<{ name: string, in: string, schema: Schema, description?: string }>, body?: Schema }
interface Case { label: string, url: string, method: string, payload?: string, contentType?: string, headers?: Record<string, string>, exact?: number }

const FIXTURES = loadFixtures()
const MIB = 1024 * 1024

/** Valid path values on the default fixtures; a tool that may be deleted (recipe function 3002). */
const PATH_VALUES: Record<string, string> = {
  managed_user_id: '91829', handle: 'sales-tools-mcp-server', mcp_server_handle: 'sales-tools-mcp-server', id: '3002'
}

function operations (doc: Schema): Operation[] {
  const ops: Operation[] = []
  for (const [path, item] of Object.entries(doc.paths as Record<string, Schema>)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'delete', 'patch'].includes(method)) continue
      ops.push({
        method: method.toUpperCase(),
        path,
        operationId: op.operationId,
        parameters: op.parameters ?? [],
        body: op.requestBody?.content?.['application/json']?.schema
      })
    }
  }
  return ops
}

function deref (doc: Schema, schema: Schema): Schema {
  if (typeof schema.$ref !== 'string') return schema
  return deref(doc, doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')])
}

/** The smallest value the schema accepts (the document's own example or default first). */
function sample (doc: Schema, schema: Schema): unknown {
  const s = deref(doc, schema)
  if (s.default !== undefined) return s.default
  if (Array.isArray(s.enum)) return s.enum[0]
  if (Array.isArray(s.anyOf)) return sample(doc, s.anyOf[0])
  switch (s.type) {
    case 'object': {
      const out: Record<string, unknown> = {}
      for (const k of s.required ?? []) out[k] = sample(doc, s.properties[k])
      return out
    }
    case 'array': return s.minItems > 0 ? [sample(doc, s.items)] : []
    case 'string': return 'x'.repeat(Math.max(1, s.minLength ?? 1))
    case 'integer':
    case 'number': return s.minimum ?? 1
    case 'boolean': return true
    default: return null
  }
}

/** A JSON number JSON.stringify cannot write (1e400 parses to Infinity); spliced into the text. */
class Raw { constructor (readonly text: string) {} }

function stringify (value: unknown): string {
  const raws: string[] = []
  const text = JSON.stringify(value, (_k, v) => {
    if (v instanceof Raw) { raws.push(v.text); return `\u0000raw${raws.length - 1}\u0000` }
    return v
  })
  return text.replace(/"\\u0000raw(\d+)\\u0000"/g, (_m, i) => raws[Number(i)])
}

/** Values the schema certainly refuses, each with a name. */
function invalidValues (doc: Schema, schema: Schema, depth = 0): Array<[string, unknown]> {
  const s = deref(doc, schema)
  const out: Array<[string, unknown]> = []
  if (Array.isArray(s.anyOf)) {
    const branches = s.anyOf.map((b: Schema) => deref(doc, b))
    if (!branches.some((b: Schema) => b.type === 'null' || b.nullable === true)) out.push(['null', null])
    out.push(['boolean', true], ['object', {}], ['array', []], ['fraction', 1.5])
    for (const branch of branches) {
      if (branch.type === 'string' && branch.minLength > 0) out.push(['empty string', ''])
      if (branch.type === 'string' && branch.maxLength !== undefined) out.push(['too long', 'x'.repeat(branch.maxLength + 1)])
      if (branch.type === 'integer') out.push(['Infinity', new Raw('1e400')])
    }
    return out
  }
  const nullable = s.nullable === true || (Array.isArray(s.type) && s.type.includes('null'))
  const type = Array.isArray(s.type) ? s.type.find((x: string) => x !== 'null') : s.type
  switch (type) {
    case 'string':
      out.push(['number', 42], ['null', null], ['boolean', false], ['array', ['x']], ['object', { a: 'x' }])
      if (Array.isArray(s.enum)) out.push(['not in enum', 'not-a-value'], ['enum in capitals', String(s.enum[0]).toUpperCase()], ['enum with NUL', `${s.enum[0]}\u0000`])
      if (s.minLength > 0) out.push(['empty string', ''])
      if (s.pattern === '\\S') out.push(['blank', ' \t\n\u00a0'])
      if (s.maxLength !== undefined) {
        out.push(['one over maxLength', 'x'.repeat(s.maxLength + 1)])
        out.push(['astral chars over maxLength', '🚀'.repeat(s.maxLength + 1)])
      }
      break
    case 'integer':
    case 'number':
      out.push(['numeric string', '1'], ['fraction', 1.5], ['null', null], ['boolean', true], ['array', [1]], ['object', {}],
        ['1e400 (Infinity)', new Raw('1e400')], ['-1e400', new Raw('-1e400')], ['string NaN', 'NaN'])
      if (s.minimum !== undefined) out.push(['below minimum', s.minimum - 1], ['huge negative', -Number.MAX_VALUE])
      if (s.maximum !== undefined && s.maximum < Number.MAX_SAFE_INTEGER) out.push(['above maximum', s.maximum + 1])
      break
    case 'boolean':
      out.push(['string', 'true'], ['number', 1], ['null', null])
      break
    case 'array': {
      out.push(['object', {}], ['string', 'x'], ['null', null])
      if (s.minItems > 0) out.push(['empty array', []])
      const item = sample(doc, s.items)
      if (s.maxItems !== undefined) out.push(['one over maxItems', Array.from({ length: s.maxItems + 1 }, () => item)])
      out.push(['10,000 invalid items', Array.from({ length: 10_000 }, () => ({ nested: [null] }))])
      if (depth < 3) for (const [label, bad] of invalidValues(doc, s.items, depth + 1)) out.push([`item ${label}`, [item, bad]])
      break
    }
    case 'object': {
      out.push(['array', []], ['string', 'x'], ['number', 42], ['null', null])
      const valid = sample(doc, s) as Record<string, unknown>
      for (const k of s.required ?? []) {
        const copy = { ...valid }
        delete copy[k]
        out.push([`missing ${k}`, copy])
      }
      if (s.additionalProperties === false) out.push(['extra field', { ...valid, zzz_extra: 1 }])
      if (depth < 4) {
        for (const [k, prop] of Object.entries(s.properties ?? {})) {
          for (const [label, bad] of invalidValues(doc, prop as Schema, depth + 1)) out.push([`${k}: ${label}`, { ...valid, [k]: bad }])
        }
      }
      break
    }
  }
  return nullable ? out.filter(([, v]) => v !== null) : out
}

/** Nasty but legal decorations, added to an already invalid body: they must not change the outcome. */
function decorate (body: unknown, i: number, nasty: string[]): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body
  const extra: Record<string, unknown> = [
    { unknown_field: nasty[i % nasty.length] },
    { [nasty[i % nasty.length]]: nasty[(i + 1) % nasty.length] },
    { constructor: { name: 'x' } },
    { toString: 'x', hasOwnProperty: 1, valueOf: [] },
    { nested: JSON.parse('{"__proto__": {"polluted": "yes"}}') }
  ][i % 5]
  return { ...body, ...extra }
}

function url (op: Operation, values: Record<string, string> = {}): string {
  return op.path.replace(/\{(\w+)\}/g, (_m, name: string) => values[name] ?? PATH_VALUES[name] ?? 'x')
}

/**
 * Path values that can name nothing: malformed encoding, traversal, control characters, prototype names.
 * A bare `%2e%2e` segment goes over a raw socket below instead: URL parsers (app.inject's, fetch's,
 * curl's) remove it as a dot segment before the request leaves the client.
 */
const BAD_SEGMENTS = [
  '%', '%zz', '%E0%A4%A', '%C0%AF', '..%2F..%2Fetc%2Fpasswd', '%2E%2E%2F%2E%2E%2F', '....%2F%2F', '%00', '%0A%0D',
  'a%20b', '%F0%9F%92%A9', 'x'.repeat(501), '__proto__', 'constructor', 'hasOwnProperty', 'E', 'E..%2F', '-1', '0', 'NaN',
  'Infinity', '1e400', '9007199254740993', '3002.5', '%2F', 'E%00'
]
const INT_QUERY_BAD = ['abc', '1.5', '', 'NaN', 'Infinity', '-Infinity', '1e400', '0x', '%zz']

function cases (doc: Schema, op: Operation, nasty: string[]): Case[] {
  const out: Case[] = []
  const base = url(op)
  const validBody = op.body === undefined ? undefined : sample(doc, op.body)
  const withBody = (c: Omit<Case, 'method' | 'url'> & { url?: string }): Case => ({ method: op.method, url: base, contentType: 'application/json', ...c })

  if (op.body !== undefined) {
    invalidValues(doc, op.body).forEach(([label, bad], i) => {
      out.push(withBody({ label: `body ${label}`, payload: stringify(bad), exact: 400 }))
      // Every other invalid body again, decorated: the decorations must not change the outcome.
      if (i % 2 === 0) out.push(withBody({ label: `body ${label} + decorations`, payload: stringify(decorate(bad, i / 2, nasty)), exact: 400 }))
    })
    const v = validBody as Record<string, unknown>
    // Deep nesting inside an array where a known field is: no field of this API takes nested arrays
    // (an unknown key, or one inside a free-form object, would just be ignored).
    const field = Object.keys(deref(doc, op.body).properties ?? {})[0] ?? 'a'
    const raw = [
      ['malformed JSON', '{"name": '], ['NaN literal', '{"a": NaN}'], ['trailing comma', '{"a": 1,}'], ['single quotes', "{'a': 1}"],
      ['BOM then garbage', '\ufeff{"a"'], ['only whitespace then garbage', '   x'], ['deep nesting', '['.repeat(100_000) + ']'.repeat(100_000)],
      ['deep array nesting in a field', `{"${field}":` + '['.repeat(100_000) + ']'.repeat(100_000) + '}'],
      ['deep object nesting in a field', `{"${field}":[` + '{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000) + ']}'],
      ['__proto__ key', stringify({ ...v, ...JSON.parse('{"__proto__": {"polluted": "yes"}}') })],
      ['constructor.prototype key', stringify({ ...v, constructor: { prototype: { polluted: 'yes' } } })],
      ['1 MiB+ string', stringify({ ...v, description: 'x'.repeat(MIB + 1) })],
      ['1 MiB+ of unicode', stringify({ ...v, name: 'Ω'.repeat(MIB) })]
    ]
    for (const [label, payload] of raw) out.push(withBody({ label, payload }))
    out.push(withBody({ label: 'text/plain body', payload: stringify(v), contentType: 'text/plain' }))
    out.push(withBody({ label: 'form body', payload: 'name=x&folder_id=1', contentType: 'application/x-www-form-urlencoded' }))
    out.push(withBody({ label: 'content-length lies', payload: '{}', headers: { 'content-length': '10' } }))
  }

  for (const p of op.parameters) {
    if (p.in === 'path') {
      for (const bad of BAD_SEGMENTS) {
        out.push({ label: `path ${p.name}=${bad.slice(0, 30)}`, method: op.method, url: url(op, { [p.name]: bad }), ...(validBody === undefined ? {} : { payload: stringify(validBody), contentType: 'application/json' }) })
      }
      // Another tenant's server and tool.
      // (Another managed user with no handle in the path is just another valid workspace.)
      const hasHandle = op.parameters.some(q => q.name === 'handle' || q.name === 'mcp_server_handle')
      if (hasHandle && ['managed_user_id', 'handle', 'mcp_server_handle', 'id'].includes(p.name)) {
        const values: Record<string, string> = p.name === 'managed_user_id' ? { managed_user_id: '91830' } : p.name === 'id' ? { id: '3007' } : { [p.name]: 'globex-support-server' }
        out.push({ label: `path ${p.name} of another tenant`, method: op.method, url: url(op, values), exact: 404, ...(validBody === undefined ? {} : { payload: stringify(validBody), contentType: 'application/json' }) })
      }
    } else if (p.in === 'query') {
      const s = p.schema
      const bad: string[] = s.type === 'integer' ? [...INT_QUERY_BAD] : s.type === 'boolean' ? ['yes', '2', '', 'TRUE1'] : []
      if (s.enum !== undefined) bad.push('TOKEN', '', 'token%00')
      if (s.type === 'integer' && s.minimum !== undefined) bad.push(String(s.minimum - 1), '-99999999999999999999')
      // per_page above its maximum is clamped, not refused (a documented fidelity choice): only page's bound is a refusal.
      if (s.type === 'integer' && s.maximum !== undefined && !/clamped/.test(p.description ?? s.description ?? '') && p.name !== 'per_page') bad.push('9007199254740992')
      if (s.maxLength !== undefined) bad.push('x'.repeat(s.maxLength + 1))
      for (const b of bad) out.push({ label: `query ${p.name}=${b.slice(0, 20)}`, method: op.method, url: `${base}?${p.name}=${b.includes('%') ? b : encodeURIComponent(b)}`, exact: 400 })
      out.push({ label: `query ${p.name} twice`, method: op.method, url: `${base}?${p.name}=1&${p.name}=2`, exact: 400 })
    }
  }
  return out
}

async function run (app: FastifyInstance, c: Case) {
  const headers: Record<string, string> = { authorization: 'Bearer dev-token', ...(c.contentType === undefined ? {} : { 'content-type': c.contentType }), ...c.headers }
  return await send(app, { method: c.method as 'GET', url: c.url, headers, ...(c.payload === undefined ? {} : { payload: c.payload }) }, 10_000)
}

t.test('every operation of the document refuses invalid input with a Workato 4xx and changes nothing', async (t) => {
  const store = createMemoryStore(FIXTURES, 0)
  const app = await build(t, { store })
  const doc = (await send(app, { method: 'GET', url: '/openapi.json' })).body as Schema
  const ops = operations(doc)
  t.ok(ops.filter(o => o.path.startsWith('/api/')).length >= 16, 'the document lists every /api operation')
  const { seed } = fcSettings(1)
  const nasty = fc.sample(fc.oneof(fc.string({ unit: 'binary', maxLength: 24 }), fc.constantFrom('\u0000', '\u202e', '\ud800', '\u0007\u001b[31m', '../../etc/passwd', '%00', '$' + '{jndi:x}', '<script>')), { seed, numRuns: 40 })

  const protoBefore = prototypeFingerprint()
  const stateBefore = JSON.stringify(store.snapshot())
  const problems: string[] = []
  const seen = new Map<number, number>()
  let total = 0
  for (const op of ops) {
    // The fake's own control API (reset, import, clock…) changes state by design and judges some
    // bodies itself (422): there only "no 5xx, no hang, a Workato error body" is required.
    const control = !op.path.startsWith('/api/')
    for (const c of cases(doc, op, nasty)) {
      total++
      const res = await run(app, c)
      seen.set(res.status, (seen.get(res.status) ?? 0) + 1)
      const what = `${op.operationId} ${c.label}`
      if (res.status >= 500 || (!control && res.status < 400)) problems.push(`${what}: ${res.status} ${res.text.slice(0, 200)}`)
      else if (!control && c.exact !== undefined && res.status !== c.exact) problems.push(`${what}: ${res.status}, expected ${c.exact}: ${res.text.slice(0, 200)}`)
      else if (res.status >= 400) {
        const p = errorBodyProblem(res.body)
        if (p !== undefined) problems.push(`${what}: error body ${p}`)
        // A schema violation names its field; a decorated body may be refused earlier, by the JSON parser.
        if (!control && c.exact === 400 && res.body?.errors === undefined && c.label.startsWith('body ') && !c.label.endsWith('+ decorations')) problems.push(`${what}: a validation 400 without errors`)
      }
      const after = JSON.stringify(store.snapshot())
      if (after !== stateBefore) {
        if (!control) problems.push(`${what}: the state changed`)
        await store.replace(FIXTURES)
      }
      if (({} as Record<string, unknown>).polluted !== undefined || prototypeFingerprint() !== protoBefore) problems.push(`${what}: Object.prototype changed`)
    }
  }
  t.same(problems, [], `${total} invalid requests over ${ops.length} operations`)
  t.ok(total > 1000, `${total} cases`)
  t.comment(`statuses: ${JSON.stringify(Object.fromEntries(seen))}`)
  // The app still serves a valid request normally afterwards.
  t.equal((await send(app, { method: 'GET', url: '/api/managed_users/91829/mcp_servers' })).status, 200)
})

/** One raw HTTP/1.1 request: the path goes out exactly as written (no client-side dot-segment removal). */
async function rawRequest (port: number, method: string, path: string): Promise<{ status: number, body: string }> {
  return await within(5000, `${method} ${path}`, new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let data = ''
    socket.on('data', chunk => { data += chunk.toString('latin1') })
    socket.on('error', reject)
    socket.on('end', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0)
      resolve({ status, body: data.slice(data.indexOf('\r\n\r\n') + 4) })
    })
    socket.write(`${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer dev-token\r\nConnection: close\r\n\r\n`)
  }))
}

t.test('path traversal sent verbatim over a socket names nothing and changes nothing', async (t) => {
  const store = createMemoryStore(FIXTURES, 0)
  const app = await build(t, { store })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const port = (app.server.address() as { port: number }).port
  const before = JSON.stringify(store.snapshot())
  const A = '/api/managed_users/91829/mcp_servers'
  const paths: Array<[string, string]> = [
    ['GET', `${A}/../../../../etc/passwd`],
    ['DELETE', `${A}/sales-tools-mcp-server/tools/..`],
    ['DELETE', `${A}/sales-tools-mcp-server/tools/../../hr-automation-server`],
    ['DELETE', `${A}/./sales-tools-mcp-server/..`],
    ['GET', '/api/managed_users/91829/../91830/mcp_servers/globex-support-server'],
    ['GET', '/api/managed_users/E..%2F..%2F91830/mcp_servers'],
    ['POST', `${A}/..%2Fhr-automation-server/token_renew`],
    ['GET', `${A}/%2e%2e/%2e%2e/user_groups`],
    ['DELETE', `${A}/sales-tools-mcp-server/tools/%2e%2e`],
    ['PUT', `${A}/sales-tools-mcp-server/tools/%2E%2E`],
    ['GET', `${A}\\..\\..\\etc\\passwd`]
  ]
  for (const [method, path] of paths) {
    const res = await rawRequest(port, method, path)
    t.ok(res.status >= 400 && res.status < 500, `${method} ${path} → ${res.status}`)
    if (res.status !== 400 || res.body.startsWith('{')) t.equal(errorBodyProblem(JSON.parse(res.body)), undefined, `${path}: error body`)
  }
  t.equal(JSON.stringify(store.snapshot()), before, 'nothing changed')
})
