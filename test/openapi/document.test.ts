// The OpenAPI document: valid, committed in sync, served, complete, and its examples real.
import { readFileSync } from 'node:fs'
import t from 'tap'
import { validate } from '@readme/openapi-parser'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { parse } from 'yaml'
import type { FastifyInstance } from 'fastify'
import { renderOpenApi, WORKATO_URL } from '../../src/http/openapi.js'
import { ERROR_SAMPLES, OPERATION_ERROR_SAMPLES, SPEC_SAMPLES } from '../../src/http/openapi-samples.js'
import { AUTH, build } from '../helpers/app.js'

type Json = Record<string, any>
interface Operation { path: string, method: string, op: Json }

const readCommitted = (base: string) => ({
  json: readFileSync(new URL(`../../openapi/${base}.json`, import.meta.url), 'utf8'),
  yaml: readFileSync(new URL(`../../openapi/${base}.yaml`, import.meta.url), 'utf8')
})
const committed = readCommitted('openapi')
const committedLive = readCommitted('openapi-live')
const LIVE = { config: { profile: 'live' as const } }

async function documentOf (app: FastifyInstance): Promise<Json> {
  await app.ready()
  return structuredClone(app.swagger()) as Json
}

function operations (doc: Json): Operation[] {
  const out: Operation[] = []
  for (const [path, item] of Object.entries<Json>(doc.paths)) {
    for (const [method, op] of Object.entries<Json>(item)) out.push({ path, method, op })
  }
  return out
}

/** The 16 documented routes, for customer workspaces; their own-workspace copies are under /api/mcp. */
const apiOperations = (doc: Json) => operations(doc).filter(o => o.path.startsWith('/api/managed_users/'))
const ownOperations = (doc: Json) => operations(doc).filter(o => o.path.startsWith('/api/mcp/'))
const allApiOperations = (doc: Json) => operations(doc).filter(o => o.path.startsWith('/api/'))
/** listMcpServers → listOwnMcpServers: the operationId of a route's own-workspace copy. */
const ownId = (id: string) => id.replace(/^([a-z]+)/, '$1Own')
const BODY_METHODS = new Set(['post', 'put', 'delete'])

/** A URL for an operation from its parameters' examples (path and query). */
function sampleUrl ({ path, op }: Operation): string {
  let url = path
  const query = new URLSearchParams()
  for (const p of op.parameters ?? []) {
    if (p.example === undefined) continue
    if (p.in === 'path') url = url.replace(`{${p.name as string}}`, encodeURIComponent(String(p.example)))
    else if (p.in === 'query') query.set(p.name, String(p.example))
  }
  const qs = query.toString()
  return qs === '' ? url : `${url}?${qs}`
}

function requestExample (op: Json): unknown {
  return op.requestBody?.content?.['application/json']?.examples?.sample?.value
}

t.test('the generated document is valid OpenAPI 3.1 for an independent validator', async (t) => {
  const doc = await documentOf(await build(t))
  t.equal(doc.openapi, '3.1.0')
  const result = await validate(structuredClone(doc) as never)
  t.same(result, { valid: true, warnings: [], specification: 'OpenAPI' })
  const live = await documentOf(await build(t, LIVE))
  t.same(await validate(structuredClone(live) as never), { valid: true, warnings: [], specification: 'OpenAPI' }, 'the live profile\'s too')

  // The validator is not a rubber stamp: a document with a dangling $ref fails it.
  const broken = structuredClone(doc)
  broken.paths['/api/managed_users/{managed_user_id}/mcp_servers'].get.responses['200'].content['application/json'].schema = { $ref: '#/components/schemas/Nope' }
  const rejected = await validate(broken as never)
  t.equal(rejected.valid, false)
})

t.test('openapi/openapi.json and openapi/openapi.yaml are exactly what the code generates', async (t) => {
  const app = await build(t)
  await app.ready()
  const generated = renderOpenApi(app)
  const hint = 'the committed OpenAPI document is stale: run `npm run openapi` and commit openapi/'
  t.equal(committed.json, generated.json, hint)
  t.equal(committed.yaml, generated.yaml, hint)
  t.same(parse(committed.yaml), JSON.parse(committed.json), 'the YAML says what the JSON says')
  t.notMatch(committed.yaml, /^\s*[^#\n]*: [&*][A-Za-z]/m, 'no YAML anchors or aliases')

  const live = await build(t, LIVE)
  await live.ready()
  const generatedLive = renderOpenApi(live)
  t.equal(committedLive.json, generatedLive.json, hint.replace('document', 'live-profile document'))
  t.equal(committedLive.yaml, generatedLive.yaml, hint.replace('document', 'live-profile document'))
  t.same(parse(committedLive.yaml), JSON.parse(committedLive.json))
  t.not(committedLive.json, committed.json, 'the two profiles document different shapes')
})

t.test('a live-profile fake serves the live document', async (t) => {
  const app = await build(t, LIVE)
  t.equal((await app.inject({ method: 'GET', url: '/openapi.json' })).body, committedLive.json)
  t.equal((await app.inject({ method: 'GET', url: '/openapi.yaml' })).body, committedLive.yaml)
  const doc = JSON.parse(committedLive.json)
  const server = doc.components.schemas.McpServer
  t.same(server.properties.id.type, 'string', 'string server ids')
  t.same(doc.components.schemas.McpToolPage.required, ['items', 'count', 'page', 'per_page'], 'tools under items')
  t.same(doc.components.schemas.McpServerPolicy.properties.rate_limits.required, ['limit', 'interval'])
  t.same(Object.keys(doc.components.schemas).sort(), ['Error', 'McpServer', 'McpServerEnvelope', 'McpServerPage', 'McpServerPolicy', 'McpTool', 'McpToolPage', 'UserGroup', 'UserGroupPage', 'WorldState'])
  t.equal(doc.paths['/api/managed_users/{managed_user_id}/mcp_servers'].get.responses['200'].content['application/json'].examples, undefined,
    'the spec\'s samples (docs shapes) are left out of the live document')
})

t.test('the running fake serves the document, without auth, and the interactive reference', async (t) => {
  const app = await build(t)
  const json = await app.inject({ method: 'GET', url: '/openapi.json' })
  t.equal(json.statusCode, 200)
  t.match(json.headers['content-type'], /^application\/json/)
  t.equal(json.body, committed.json, 'with the default config it serves the committed bytes')
  const yaml = await app.inject({ method: 'GET', url: '/openapi.yaml' })
  t.equal(yaml.statusCode, 200)
  t.match(yaml.headers['content-type'], /^application\/yaml/)
  t.equal(yaml.body, committed.yaml)

  const docs = await app.inject({ method: 'GET', url: '/docs' })
  t.equal(docs.statusCode, 200)
  t.match(docs.headers['content-type'], /^text\/html/)
  // Every asset comes from the package, none from a CDN.
  const assets = [...docs.body.matchAll(/(?:src|href)="([^"]+)"/g)].map(m => m[1])
  t.ok(assets.length >= 4)
  for (const asset of assets) {
    t.notMatch(asset, /^(https?:)?\/\//, `${asset} is local`)
    const res = await app.inject({ method: 'GET', url: new URL(asset, 'http://x/docs/').pathname })
    t.equal(res.statusCode, 200, `${asset} is served`)
  }
  const bundle = await app.inject({ method: 'GET', url: '/docs/static/swagger-ui-bundle.js' })
  const shipped = readFileSync(new URL('../../node_modules/@fastify/swagger-ui/static/swagger-ui-bundle.js', import.meta.url), 'utf8')
  t.equal(bundle.body.length, shipped.length, 'the bundle is the one shipped in @fastify/swagger-ui')
})

t.test('servers: the running fake\'s public URL and Workato, each described', async (t) => {
  const doc = await documentOf(await build(t))
  t.same(doc.servers.map((s: Json) => s.url), ['http://127.0.0.1:4000', WORKATO_URL])
  for (const s of doc.servers) t.ok(typeof s.description === 'string' && s.description.length > 10, `${s.url as string} has a description`)

  const moved = await build(t, { env: { FAKE_WORKATO_PUBLIC_URL: 'https://fake.example.test/' } })
  const res = await moved.inject({ method: 'GET', url: '/openapi.json' })
  t.same(JSON.parse(res.body).servers.map((s: Json) => s.url), ['https://fake.example.test', WORKATO_URL])
})

t.test('every operation is named, described and tagged; every /api one needs the bearer token', async (t) => {
  const doc = await documentOf(await build(t))
  t.same(doc.components.securitySchemes, {
    bearerAuth: { type: 'http', scheme: 'bearer', description: doc.components.securitySchemes.bearerAuth.description }
  })
  const ops = operations(doc)
  t.equal(apiOperations(doc).length, 16, 'all 16 Workato routes')
  t.same(ownOperations(doc).map(o => `${o.method} ${o.path}`), apiOperations(doc).map(o => `${o.method} ${o.path.replace('/managed_users/{managed_user_id}/', '/mcp/')}`),
    'the same 16 for the own workspace under /api/mcp')
  t.same(ownOperations(doc).map(o => o.op.operationId), apiOperations(doc).map(o => ownId(o.op.operationId)))
  const ids = ops.map(o => o.op.operationId)
  t.equal(new Set(ids).size, ids.length, 'operationIds are unique')
  const declaredTags = new Set(doc.tags.map((tag: Json) => tag.name))
  for (const { path, method, op } of ops) {
    const name = `${method.toUpperCase()} ${path}`
    t.type(op.operationId, 'string', `${name} has an operationId`)
    t.ok(op.summary?.length > 0 && op.description?.length > 0, `${name} has a summary and a description`)
    t.ok(op.tags?.length > 0 && op.tags.every((tag: string) => declaredTags.has(tag)), `${name} has declared tags`)
    for (const p of op.parameters ?? []) t.ok(p.description?.length > 0, `${name} parameter ${p.name as string} is described`)
    for (const [status, r] of Object.entries<Json>(op.responses)) t.ok(r.description?.length > 0, `${name} ${status} is described`)
  }
  for (const { path, method, op } of allApiOperations(doc)) {
    const name = `${method.toUpperCase()} ${path}`
    t.same(op.security, [{ bearerAuth: [] }], `${name} requires the bearer token`)
    const errors = [401, 404, 429, 500, 503, ...(BODY_METHODS.has(method) ? [400, 413, 415] : [])]
    for (const status of errors) {
      t.same(op.responses[status]?.content?.['application/json']?.schema, { $ref: '#/components/schemas/Error' }, `${name} documents ${status} with Error`)
    }
    const success = Object.keys(op.responses).filter(s => s.startsWith('2'))
    t.equal(success.length, 1, `${name} has one success status`)
    if (success[0] === '204') t.equal(op.responses['204'].content, undefined, `${name} 204 has no body`)
    else t.match(op.responses[success[0]].content['application/json'].schema, { $ref: /^#\/components\/schemas\// }, `${name} answers a named component`)
  }
  // The spec's 422s: the routes that take names of things in the workspace.
  const with422 = apiOperations(doc).filter(o => o.op.responses['422'] !== undefined).map(o => o.op.operationId).sort()
  t.same(with422, ['assignMcpServerTools', 'assignMcpServerUserGroups', 'createMcpServer', 'moveMcpServer', 'removeMcpServerUserGroups', 'updateMcpServer'])
  // Request bodies: exactly the routes that take one.
  const withBody = apiOperations(doc).filter(o => o.op.requestBody !== undefined).map(o => o.op.operationId).sort()
  t.same(withBody, ['assignMcpServerTools', 'assignMcpServerUserGroups', 'createMcpServer', 'moveMcpServer', 'removeMcpServerUserGroups', 'updateMcpServer', 'updateMcpServerPolicies', 'updateMcpServerTool'])
  for (const o of ownOperations(doc)) {
    const customer = apiOperations(doc).find(c => ownId(c.op.operationId) === o.op.operationId)!
    t.same(Object.keys(o.op.responses), Object.keys(customer.op.responses), `${o.op.operationId as string} answers what ${customer.op.operationId as string} does`)
    t.equal(o.op.requestBody === undefined, customer.op.requestBody === undefined)
  }
})

t.test('reusable schemas are named components, referenced rather than copied', async (t) => {
  const doc = await documentOf(await build(t))
  const names = ['Error', 'McpServerSummary', 'McpServer', 'McpTool', 'McpServerPolicy', 'UserGroup', 'McpServerEnvelope', 'McpServerPage', 'McpToolPage', 'UserGroupPage', 'WorldState']
  t.same(Object.keys(doc.components.schemas).sort(), [...names].sort())
  // A copy would repeat a component's property list somewhere in the paths.
  const signatures = new Map(names.map(n => [Object.keys(doc.components.schemas[n].properties).join(','), n]))
  const copies: string[] = []
  const walk = (node: unknown, where: string): void => {
    if (typeof node !== 'object' || node === null) return
    const props = (node as Json).properties
    if (props !== undefined && signatures.has(Object.keys(props).join(','))) copies.push(`${where}: ${signatures.get(Object.keys(props).join(','))!}`)
    for (const [k, v] of Object.entries(node)) if (k !== 'examples' && k !== 'example') walk(v, `${where}/${k}`)
  }
  walk(doc.paths, '#/paths')
  t.same(copies, [], 'no inlined copies of a component')
  t.same(doc.components.schemas.McpServerEnvelope.properties.data, { $ref: '#/components/schemas/McpServer' })
})

t.test('pagination parameters carry their defaults and maxima; above the maximum is clamped', async (t) => {
  const app = await build(t)
  const doc = await documentOf(app)
  const byId = new Map(apiOperations(doc).map(o => [o.op.operationId, o.op]))
  for (const [id, max] of [['listMcpServers', 50], ['listMcpServerTools', 100], ['listUserGroups', 100]] as const) {
    const params = new Map((byId.get(id)!.parameters as Json[]).map(p => [p.name, p]))
    t.same(params.get('page')!.schema, { minimum: 1, maximum: Number.MAX_SAFE_INTEGER, default: 1, type: 'integer' }, `${id} page`)
    t.same(params.get('per_page')!.schema, { minimum: 1, default: max, type: 'integer', maximum: max }, `${id} per_page`)
    t.match(params.get('per_page')!.description, `Maximum is ${max}; larger values are clamped`)
  }
  // The document states the maximum; the fake clamps rather than refuses (a fidelity note).
  const res = await app.inject({ method: 'GET', url: '/api/managed_users/91829/mcp_servers?per_page=51', headers: AUTH })
  t.equal(res.statusCode, 200)
  t.equal(JSON.parse(res.body).per_page, 50)
})

t.test('the fake\'s own routes: /health and the document routes are hidden; control and mcp get their tags', async (t) => {
  const app = await build(t)
  // Routes the other issues add show up by prefix alone.
  app.get('/__admin/probe', { schema: { operationId: 'probeControl', summary: 'Probe', description: 'A control route.' } }, async () => ({}))
  app.post('/mcp/probe/:handle', { schema: { operationId: 'probeMcp', summary: 'Probe', description: 'An MCP route.' } }, async () => ({}))
  const doc = await documentOf(app)
  const paths = Object.keys(doc.paths)
  for (const hidden of ['/health', '/openapi.json', '/openapi.yaml', '/docs', '/docs/json']) t.notOk(paths.includes(hidden), `${hidden} is not in the document`)
  t.same(doc.paths['/__admin/probe'].get.tags, ['control'])
  t.equal(doc.paths['/__admin/probe'].get['x-fake-only'], true)
  t.equal(doc.paths['/__admin/probe'].get.security, undefined, 'control routes do not take the Workato token')
  t.same(doc.paths['/mcp/probe/{handle}'].post.tags, ['mcp'])
  t.notOk(doc.paths['/mcp/servers/{handle}'], 'the MCP transport route itself is hidden')
  t.same(doc.tags.map((tag: Json) => tag.name), ['MCP servers', 'Tools', 'Server policies', 'User groups', 'control', 'mcp'])
  const plain = await documentOf(await build(t))
  t.notOk(plain.tags.some((tag: Json) => tag.name === 'mcp'), 'tags without operations are left out')
  const health = await app.inject({ method: 'GET', url: '/health' })
  t.equal(health.statusCode, 200)
})

t.test('every example in the document matches its schema', async (t) => {
  const doc = await documentOf(await build(t))
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false })
  ajv.addSchema(doc, 'doc')
  const esc = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1')
  let checked = 0
  const check = (pointer: string, value: unknown, name: string) => {
    const v = ajv.compile({ $ref: `doc#${pointer}` })
    t.ok(v(value), `${name} matches its schema`, { errors: v.errors })
    checked++
  }
  for (const { path, method, op } of operations(doc)) {
    const base = `/paths/${esc(path)}/${method}`
    ;(op.parameters ?? []).forEach((p: Json, i: number) => {
      if (p.example !== undefined) check(`${base}/parameters/${i}/schema`, p.example, `${op.operationId as string} ${p.name as string}`)
    })
    for (const [name, ex] of Object.entries<Json>(op.requestBody?.content?.['application/json']?.examples ?? {})) {
      check(`${base}/requestBody/content/application~1json/schema`, ex.value, `${op.operationId as string} request ${name}`)
    }
    for (const [status, r] of Object.entries<Json>(op.responses)) {
      for (const [name, ex] of Object.entries<Json>(r.content?.['application/json']?.examples ?? {})) {
        check(`${base}/responses/${status}/content/application~1json/schema`, ex.value, `${op.operationId as string} ${status} ${name}`)
      }
    }
  }
  t.ok(checked > 150, `${checked} examples checked`)
  // Every operation shows the spec's sample for its success status (204s have no body).
  for (const { op } of apiOperations(doc)) {
    const sample = SPEC_SAMPLES[op.operationId]
    t.ok(sample !== undefined, `${op.operationId as string} has the spec's samples`)
    if (op.responses['200'] !== undefined) t.same(op.responses['200'].content['application/json'].examples.sample.value, sample.responses?.[200])
  }
})

t.test('each spec sample request, replayed against the default fixtures, gets its documented success', async (t) => {
  const doc = await documentOf(await build(t))
  for (const operation of apiOperations(doc)) {
    const { method, op } = operation
    // A fresh world each time: the samples include deletes.
    const app = await build(t)
    const body = requestExample(op)
    const res = await app.inject({
      method: method.toUpperCase() as 'GET',
      url: sampleUrl(operation),
      headers: AUTH,
      ...(body === undefined ? {} : { payload: body as object })
    })
    const success = Object.keys(op.responses).find(s => s.startsWith('2'))
    t.equal(String(res.statusCode), success, `${op.operationId as string} → ${success!}`)
  }
})

t.test('each documented error example is what the fake answers', async (t) => {
  const doc = await documentOf(await build(t))
  const app = await build(t)
  let replayed = 0
  for (const { method, op } of apiOperations(doc)) {
    for (const [status, sample] of Object.entries(OPERATION_ERROR_SAMPLES[op.operationId] ?? {})) {
      const res = await app.inject({
        method: method.toUpperCase() as 'GET',
        url: sample.url,
        headers: sample.raw !== undefined ? { ...AUTH, 'content-type': 'application/json' } : AUTH,
        ...(sample.raw !== undefined ? { payload: sample.raw } : sample.request === undefined ? {} : { payload: sample.request as object })
      })
      t.equal(res.statusCode, Number(status), `${op.operationId as string} ${sample.summary}`)
      t.same(JSON.parse(res.body), sample.response)
      t.same(op.responses[status].content['application/json'].examples.sample, { summary: sample.summary, value: sample.response })
      replayed++
    }
  }
  t.equal(replayed, Object.values(OPERATION_ERROR_SAMPLES).flatMap(Object.values).length, 'every sample names a real operation')
})

t.test('401, 404, 413 and 415 on every operation answer the documented bodies', async (t) => {
  const app = await build(t)
  const doc = await documentOf(app)
  for (const operation of apiOperations(doc)) {
    const { method, op } = operation
    const name = op.operationId as string
    const m = method.toUpperCase() as 'GET'
    const url = sampleUrl(operation)
    const body = requestExample(op)
    const withBody = body === undefined ? {} : { payload: body as object }

    const noAuth = await app.inject({ method: m, url, ...withBody })
    t.equal(noAuth.statusCode, 401, `${name} without a token`)
    t.same(JSON.parse(noAuth.body), ERROR_SAMPLES[401])

    const stranger = await app.inject({ method: m, url: url.replace('/managed_users/91829/', '/managed_users/Enobody/'), headers: AUTH, ...withBody })
    t.equal(stranger.statusCode, 404, `${name} for an unknown managed user`)
    t.same(JSON.parse(stranger.body), ERROR_SAMPLES[404])

    if (!BODY_METHODS.has(method)) continue
    const text = await app.inject({ method: m, url, headers: { ...AUTH, 'content-type': 'text/plain' }, payload: 'hello' })
    t.equal(text.statusCode, 415, `${name} with a text body`)
    t.same(JSON.parse(text.body), ERROR_SAMPLES[415])
    const huge = await app.inject({ method: m, url, headers: { ...AUTH, 'content-type': 'application/json' }, payload: JSON.stringify({ name: 'x'.repeat(1024 * 1024) }) })
    t.equal(huge.statusCode, 413, `${name} with a body over 1 MiB`)
    t.same(JSON.parse(huge.body), ERROR_SAMPLES[413])
    const malformed = await app.inject({ method: m, url, headers: { ...AUTH, 'content-type': 'application/json' }, payload: '{"name":' })
    t.equal(malformed.statusCode, 400, `${name} with malformed JSON`)
    t.same(JSON.parse(malformed.body), { message: 'Malformed JSON in request body' })
  }
})
