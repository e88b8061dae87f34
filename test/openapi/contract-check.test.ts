// The contract self-check itself: it passes true responses and catches each kind of broken contract.
import t from 'tap'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { buildApp } from '../../src/app.js'
import { createContractCheck, openApiPath, type CheckedResponse, type ContractMismatch, type OpenApiDocument } from '../../src/http/contract-check.js'
import { ACME, AUTH, build } from '../helpers/app.js'

type Json = Record<string, any>

/** An app whose every response goes through a check that records instead of failing the test. */
async function checkedApp (t: { teardown(fn: () => unknown): void }, breakDocument?: (doc: Json) => void) {
  const mismatches: ContractMismatch[] = []
  const checked: CheckedResponse[] = []
  let broken: OpenApiDocument | undefined
  const document = breakDocument === undefined
    ? undefined
    : (request: FastifyRequest) => {
        if (broken === undefined) {
          const copy = structuredClone(request.server.swagger()) as Json
          breakDocument(copy)
          broken = copy
        }
        return broken
      }
  const onSend = createContractCheck({ onMismatch: m => mismatches.push(m), onChecked: c => checked.push(c), document })
  const app = await buildApp({ logger: false, env: {}, onSend })
  t.teardown(() => app.close())
  return { app, mismatches, checked }
}

/** A status the route's schema does not list (its typed reply would not allow it). */
const conflict = (reply: unknown) => (reply as FastifyReply).code(409).send({ message: 'Conflict' })

const get = (app: FastifyInstance, url: string) => app.inject({ method: 'GET', url, headers: AUTH })

t.test('true responses pass and are recorded by operation and status', async (t) => {
  const { app, mismatches, checked } = await checkedApp(t)
  await get(app, `${ACME}/mcp_servers`)
  await get(app, `${ACME}/mcp_servers/sales-tools-mcp-server`)
  await get(app, `${ACME}/mcp_servers/nope`)
  await app.inject({ method: 'DELETE', url: `${ACME}/mcp_servers/sales-tools-mcp-server/tools/3002`, headers: AUTH })
  await app.inject({ method: 'GET', url: '/health' })
  await app.inject({ method: 'GET', url: '/no/such/route' })
  t.same(mismatches, [])
  t.same(checked.map(c => `${c.operationId} ${c.status}`), [
    'listMcpServers 200', 'getMcpServer 200', 'getMcpServer 404', 'deleteMcpServerTool 204'
  ], 'only /api routes are checked')
})

t.test('a response schema broken on purpose in the document is caught', async (t) => {
  const { app, mismatches } = await checkedApp(t, (doc) => {
    doc.components.schemas.McpServer.properties.tools_count = { type: 'string' }
    doc.components.schemas.McpServerPage.required.push('total_pages')
  })
  const detail = await get(app, `${ACME}/mcp_servers/sales-tools-mcp-server`)
  t.equal(detail.statusCode, 200, 'the response itself is unchanged')
  await get(app, `${ACME}/mcp_servers`)
  await get(app, `${ACME}/user_groups`)
  t.same(mismatches.map(m => [m.operationId, m.status, m.problem]), [
    ['getMcpServer', 200, 'the body does not match the schema: /data/tools_count must be string'],
    ['listMcpServers', 200, "the body does not match the schema: (body) must have required property 'total_pages'"]
  ])
  t.equal(mismatches[0].url, `${ACME}/mcp_servers/sales-tools-mcp-server`)
})

t.test('an undocumented status, a wrong content type and an undocumented route are caught', async (t) => {
  const { app, mismatches } = await checkedApp(t)
  const ok = Type.Object({ ok: Type.Boolean() })
  const schema = (operationId: string) => ({ operationId, summary: 'x', description: 'x', tags: ['MCP servers'], response: { 200: ok } })
  app.get('/api/self-check/conflict', { schema: schema('selfCheckConflict') }, async (_req, reply) => conflict(reply))
  app.get('/api/self-check/text', { schema: schema('selfCheckText') }, async (_req, reply) => reply.type('text/plain').send('{"ok":true}'))
  app.get('/api/self-check/hidden', { schema: { hide: true, response: { 200: ok } } }, async () => ({ ok: true }))
  app.get('/api/self-check/fine', { schema: schema('selfCheckFine') }, async () => ({ ok: true }))
  await app.ready()
  for (const url of ['/api/self-check/conflict', '/api/self-check/text', '/api/self-check/hidden', '/api/self-check/fine']) {
    await app.inject({ method: 'GET', url })
  }
  t.same(mismatches.map(m => [m.operationId, m.status, m.problem]), [
    ['selfCheckConflict', 409, 'status 409 is not documented (documented: 200)'],
    ['selfCheckText', 200, 'content-type is "text/plain", the document says application/json'],
    ['get /api/self-check/hidden', 200, 'the operation is not in the OpenAPI document']
  ])
})

t.test('build() turns the check on for every test: a mismatch fails the test that received it', async (t) => {
  const failures: string[] = []
  const app = await build({ teardown: fn => t.teardown(fn), fail: (message: string) => failures.push(message) })
  app.get('/api/self-check/conflict', {
    schema: { operationId: 'selfCheckConflict', summary: 'x', description: 'x', tags: ['MCP servers'], response: { 200: Type.Object({}) } }
  }, async (_req, reply) => conflict(reply))
  await get(app, `${ACME}/mcp_servers`)
  t.same(failures, [], 'a true response fails nothing')
  await get(app, '/api/self-check/conflict')
  t.same(failures, [
    'contract self-check: GET /api/self-check/conflict answered 409: status 409 is not documented (documented: 200) (selfCheckConflict)'
  ])
})

t.test('route URLs map to OpenAPI paths', async (t) => {
  t.equal(openApiPath('/api/managed_users/:managed_user_id/mcp_servers/:handle/tools/:id'), '/api/managed_users/{managed_user_id}/mcp_servers/{handle}/tools/{id}')
  t.equal(openApiPath('/health'), '/health')
})
