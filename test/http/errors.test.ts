// The error model: Workato-style bodies for 400 (malformed JSON), 404, 413 and 415; never a 5xx.
import t from 'tap'
import { ACME, AUTH, build, call } from '../helpers/app.js'

const json = { ...AUTH, 'content-type': 'application/json' }

t.test('unknown routes and methods are 404 {"message":"Not found"}', async (t) => {
  const app = await build(t)
  for (const [method, url] of [
    ['GET', '/api/nope'],
    ['GET', `${ACME}/nope`],
    ['GET', `${ACME}/mcp_servers/sales-tools-mcp-server/nope`],
    ['PATCH', `${ACME}/mcp_servers/sales-tools-mcp-server`],
    ['POST', `${ACME}/mcp_servers/sales-tools-mcp-server`],
    ['GET', `${ACME}/mcp_servers/sales-tools-mcp-server/tools/3001`],
    ['DELETE', `${ACME}/user_groups`],
    ['GET', '/']
  ] as const) {
    const res = await call(app, method, url)
    t.same([res.status, res.body], [404, { message: 'Not found' }], `${method} ${url}`)
    t.match(res.headers['content-type'], /^application\/json/)
  }
})

t.test('malformed JSON is 400 and changes nothing', async (t) => {
  const app = await build(t)
  for (const payload of ['{"name": ', '{name: "x"}', "{'a':1}", '{"a":1}}', '[1,]', 'nul']) {
    const res = await app.inject({ method: 'POST', url: `${ACME}/mcp_servers`, headers: json, payload })
    t.same([res.statusCode, JSON.parse(res.body)], [400, { message: 'Malformed JSON in request body' }], payload)
  }
  // Prototype poisoning attempts are refused as malformed too (Fastify's secure JSON parser).
  const proto = await app.inject({ method: 'POST', url: `${ACME}/mcp_servers`, headers: json, payload: '{"__proto__":{"admin":true},"name":"p","folder_id":27180380}' })
  t.same([proto.statusCode, JSON.parse(proto.body)], [400, { message: 'Malformed JSON in request body' }])
  t.equal((await call(app, 'GET', `${ACME}/mcp_servers`)).body.count, 2)
})

t.test('a JSON body that is not an object is 400', async (t) => {
  const app = await build(t)
  for (const payload of ['null', '[]', '"name"', '42', 'true']) {
    const res = await app.inject({ method: 'POST', url: `${ACME}/mcp_servers`, headers: json, payload })
    t.same([res.statusCode, JSON.parse(res.body)], [400, { message: 'Validation failed: body must be object', errors: { body: ['must be object'] } }], payload)
  }
})

t.test('bodies over 1 MiB are 413', async (t) => {
  const app = await build(t)
  const big = JSON.stringify({ name: 'x', folder_id: 27180380, description: 'd'.repeat(1024 * 1024) })
  const res = await app.inject({ method: 'POST', url: `${ACME}/mcp_servers`, headers: json, payload: big })
  t.same([res.statusCode, JSON.parse(res.body)], [413, { message: 'Request body is too large (limit 1 MiB)' }])
  // Just under the limit is parsed (and then refused by the schema's description limit, a 400).
  const under = JSON.stringify({ name: 'x', folder_id: 27180380, description: 'd'.repeat(1024 * 1024 - 100) })
  const res2 = await app.inject({ method: 'POST', url: `${ACME}/mcp_servers`, headers: json, payload: under })
  t.equal(res2.statusCode, 400)
  t.equal((await call(app, 'GET', `${ACME}/mcp_servers`)).body.count, 2)
})

t.test('non-JSON bodies are 415; JSON with a charset is fine', async (t) => {
  const app = await build(t)
  for (const type of ['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/json']) {
    const res = await app.inject({ method: 'POST', url: `${ACME}/mcp_servers`, headers: { ...AUTH, 'content-type': type }, payload: 'name=x&folder_id=27180380' })
    t.same([res.statusCode, JSON.parse(res.body)], [415, { message: 'Unsupported media type: send application/json' }], type)
  }
  const utf8 = await app.inject({ method: 'POST', url: `${ACME}/mcp_servers`, headers: { ...AUTH, 'content-type': 'application/json; charset=utf-8' }, payload: '{"name":"Utf","folder_id":27180380}' })
  t.equal(utf8.statusCode, 200)
})

t.test('an empty JSON body is "no body": fine where none is needed, 400 where one is', async (t) => {
  const app = await build(t)
  const renew = await app.inject({ method: 'POST', url: `${ACME}/mcp_servers/sales-tools-mcp-server/token_renew`, headers: json, payload: '' })
  t.equal(renew.statusCode, 200)
  const del = await app.inject({ method: 'DELETE', url: `${ACME}/mcp_servers/sales-tools-mcp-server/tools/3002`, headers: json, payload: '' })
  t.equal(del.statusCode, 204)
  const create = await app.inject({ method: 'POST', url: `${ACME}/mcp_servers`, headers: json, payload: '' })
  t.same([create.statusCode, JSON.parse(create.body)], [400, { message: 'Validation failed: body must be object', errors: { body: ['must be object'] } }])
})

t.test('broken percent-encoding is 400 and over-long path segments are 404, both Workato-style', async (t) => {
  const app = await build(t)
  for (const url of ['/api/managed_users/%E0%A4%A/mcp_servers', `${ACME}/mcp_servers/%ZZ`]) {
    const res = await call(app, 'GET', url)
    t.same([res.status, res.body], [400, { message: 'Malformed URL: invalid percent-encoding' }], url)
  }
  const long = await call(app, 'GET', `${ACME}/mcp_servers/${'h'.repeat(600)}`)
  t.same([long.status, long.body], [404, { message: 'Not found' }])
})
