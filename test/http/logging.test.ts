// pino logs one line per request, with the Authorization header and every token query value redacted.
import t from 'tap'
import { Writable } from 'node:stream'
import { ACME, build } from '../helpers/app.js'
import type { FastifyLoggerOptions } from 'fastify'
import { loggerOptions } from '../../src/http/logging.js'

/** The app's own logger options (redaction, serializers), writing to `stream`. */
const logTo = (level: string, stream: Writable) => ({ ...(loggerOptions(level) as FastifyLoggerOptions), stream })

function capture () {
  const lines: string[] = []
  const stream = new Writable({
    write (chunk, _enc, done) {
      for (const line of String(chunk).split('\n')) if (line !== '') lines.push(line)
      done()
    }
  })
  return { lines, stream }
}

const SECRETS = ['dev-token', 'abc123xyz', 's3cr3t-query', 'wkt-secret', 'wrong-secret-123', 'UPPER-SECRET']

t.test('one JSON line per request; tokens never reach the log', async (t) => {
  const { lines, stream } = capture()
  const app = await build(t, { logger: logTo('info', stream) })
  const requests: Array<[string, string, Record<string, string>]> = [
    ['GET', `${ACME}/mcp_servers?token=s3cr3t-query&page=1`, { authorization: 'Bearer dev-token' }],
    ['GET', '/mcp/servers/sales-tools-mcp-server?token=abc123xyz', {}],
    ['GET', `${ACME}/mcp_servers?folder_id=27180380&wkt_token=wkt-secret`, { authorization: 'Bearer dev-token' }],
    ['GET', `${ACME}/mcp_servers?TOKEN=UPPER-SECRET`, { authorization: 'Bearer dev-token' }],
    ['GET', `${ACME}/mcp_servers`, { authorization: 'Bearer wrong-secret-123' }],
    ['POST', `${ACME}/mcp_servers/sales-tools-mcp-server/token_renew`, { authorization: 'Bearer dev-token' }]
  ]
  for (const [method, url, headers] of requests) await app.inject({ method: method as 'GET', url, headers })
  t.equal(lines.length, requests.length, 'exactly one line per request')
  const entries = lines.map(l => JSON.parse(l))
  t.same(entries.map(e => [e.msg, e.method, e.statusCode]), [
    ['request', 'GET', 200],
    // Server 1001's policy admits only 203.0.113.0/24, so the MCP endpoint refuses 127.0.0.1.
    ['request', 'GET', 403],
    ['request', 'GET', 200],
    ['request', 'GET', 200],
    ['request', 'GET', 401],
    ['request', 'POST', 200]
  ])
  t.same(entries.map(e => e.url), [
    `${ACME}/mcp_servers?token=[REDACTED]&page=1`,
    '/mcp/servers/sales-tools-mcp-server?token=[REDACTED]',
    `${ACME}/mcp_servers?folder_id=27180380&wkt_token=[REDACTED]`,
    `${ACME}/mcp_servers?TOKEN=[REDACTED]`,
    `${ACME}/mcp_servers`,
    `${ACME}/mcp_servers/sales-tools-mcp-server/token_renew`
  ])
  for (const e of entries) t.type(e.responseTime, 'number')
  const all = lines.join('\n')
  for (const secret of SECRETS) t.notOk(all.includes(secret), `${secret} is not logged`)
  // The renewed token is in the response body only, never in the log.
  t.notMatch(all, /mcp_url/)
})

t.test('anything else that logs a request or headers gets tokens redacted', async (t) => {
  const { lines, stream } = capture()
  const app = await build(t, { logger: logTo('info', stream) })
  // Fastify itself logs `{ req }` on some error paths; its default serializer prints the raw URL.
  app.log.info({ req: { method: 'GET', url: '/mcp/servers/x?token=abc123xyz', headers: { authorization: 'Bearer dev-token' } } }, 'with req')
  app.log.info({ headers: { authorization: 'Bearer dev-token' } }, 'with headers')
  t.equal(lines.length, 2)
  t.notOk(lines.join('\n').includes('dev-token'))
  t.notOk(lines.join('\n').includes('abc123xyz'))
  const [withReq, withHeaders] = lines.map(l => JSON.parse(l))
  t.same(withReq.req, { method: 'GET', url: '/mcp/servers/x?token=[REDACTED]' })
  t.same(withHeaders.headers, { authorization: '[REDACTED]' })
})

t.test('LOG_LEVEL silences request lines', async (t) => {
  const { lines, stream } = capture()
  const app = await build(t, { logger: logTo('warn', stream) })
  await app.inject({ method: 'GET', url: `${ACME}/mcp_servers`, headers: { authorization: 'Bearer dev-token' } })
  t.equal(lines.length, 0)
})

t.test('at warn and above an unhandled error is still logged, once, without tokens', async (t) => {
  for (const level of ['info', 'warn']) {
    const { lines, stream } = capture()
    // No contract self-check: the failing route below is not an operation of the document.
    const app = await build(t, { logger: logTo(level, stream), onSend: undefined })
    app.get('/api/managed_users/:id/boom', async () => { throw new Error('kaboom') })
    const api = await app.inject({ method: 'GET', url: `${ACME}/boom?token=abc123xyz`, headers: { authorization: 'Bearer dev-token' } })
    t.same([api.statusCode, api.json()], [500, { message: 'Internal server error' }])
    const errors = lines.map(l => JSON.parse(l)).filter(e => e.level >= 50)
    t.same(errors.map(e => [e.msg, e.err.message, e.url]), [['unhandled error', 'kaboom', `${ACME}/boom?token=[REDACTED]`]], `${level}: logged`)
    t.equal(lines.length, level === 'info' ? 2 : 1, `${level}: ${level === 'info' ? 'plus the request line' : 'no request line'}`)
    t.notOk(lines.join('\n').includes('abc123xyz'), `${level}: no token`)
    t.notOk(lines.join('\n').includes('dev-token'), `${level}: no API token`)
  }
})
