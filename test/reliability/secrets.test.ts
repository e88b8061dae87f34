// Secrets: over a full run, no API, MCP or IdP token (nor any Authorization value) shows up in logs or responses, except in mcp_url.
import t from 'tap'
import { Writable } from 'node:stream'
import type { FastifyLoggerOptions } from 'fastify'
import type { Config } from '../../src/config.js'
import { loggerOptions, redactUrl } from '../../src/http/logging.js'
import { build } from '../helpers/app.js'
import { ROUTES } from '../helpers/routes.js'
import { send, type Answer } from '../helpers/reliability.js'

const ACCEPT = 'application/json, text/event-stream'
const ADMIN_TOKEN = 'admin-secret-token-77'
const WRONG = ['wrong-api-token-4242', 'wrong-mcp-token-4343', 'Zm9vOmJhcg==']

t.test('a full run: tokens never reach the log, and responses show them only inside mcp_url', async (t) => {
  const lines: string[] = []
  const stream = new Writable({
    write (chunk, _enc, done) { lines.push(String(chunk)); done() }
  })
  // The most verbose level: whatever Fastify or the app logs, at any level, is captured.
  const app = await build(t, {
    logger: { ...(loggerOptions('trace') as FastifyLoggerOptions), stream },
    config: { adminToken: ADMIN_TOKEN, publicUrl: 'http://fake.test' } as Partial<Config>
  })
  const answers: Array<{ what: string, res: Answer }> = []
  const secrets = new Set<string>(['dev-token', ADMIN_TOKEN, ...WRONG, 'abc123xyz', 'hrtoken456', 'globextoken001'])
  const run = async (what: string, options: Parameters<typeof send>[1]) => {
    const res = await send(app, options)
    answers.push({ what, res })
    const url = res.body?.data?.mcp_url
    if (typeof url === 'string') secrets.add(new URL(url).searchParams.get('token')!)
    return res
  }
  const json = { 'content-type': 'application/json' }
  const api = { authorization: 'Bearer dev-token' }

  // Every documented route, succeeding; then each once more with foreign credentials.
  for (const [method, url, body] of ROUTES) {
    await run(`${method} ${url}`, { method: method as 'GET', url, headers: { ...api, ...(body === undefined ? {} : json) }, ...(body === undefined ? {} : { payload: JSON.stringify(body) }) })
  }
  const created = await run('create', { method: 'POST', url: '/api/managed_users/91829/mcp_servers', headers: { ...api, ...json }, payload: JSON.stringify({ name: 'Secret Keeper', folder_id: 27180380, tools: [{ trigger_application: 'workato_recipe_function', id: 66870004 }] }) })
  const firstToken = new URL(created.body.data.mcp_url).searchParams.get('token')!
  await run('renew', { method: 'POST', url: '/api/managed_users/91829/mcp_servers/secret-keeper/token_renew', headers: api })
  const detail = await run('detail', { method: 'GET', url: '/api/managed_users/91829/mcp_servers/secret-keeper', headers: api })
  const token = new URL(detail.body.data.mcp_url).searchParams.get('token')!
  for (const bad of [...WRONG, ADMIN_TOKEN, token, 'globextoken001']) {
    await run(`api with ${bad}`, { method: 'GET', url: '/api/managed_users/91829/mcp_servers', headers: { authorization: `Bearer ${bad}` } })
    await run(`api with basic ${bad}`, { method: 'GET', url: '/api/managed_users/91829/mcp_servers', headers: { authorization: `Basic ${bad}` } })
  }
  const idp = await run('idp token', { method: 'POST', url: '/__admin/idp/tokens', headers: { ...json, authorization: `Bearer ${ADMIN_TOKEN}` }, payload: JSON.stringify({ user: 'dana', group_ids: ['group-abc123'] }) })
  const idpToken = idp.body.token as string
  secrets.add(idpToken)

  // The MCP endpoint: the token in every place a client may put it, right and wrong, old and new.
  const mcp = '/mcp/servers/secret-keeper'
  const rpc = (id: number, method: string, params?: unknown) => JSON.stringify({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) })
  const init = rpc(1, 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } })
  const mcpHeaders = { ...json, accept: ACCEPT }
  for (const [what, url, headers] of [
    ['query token', `${mcp}?token=${token}`, mcpHeaders],
    ['wkt_token', `${mcp}?wkt_token=${token}`, mcpHeaders],
    ['percent-encoded query key', `${mcp}?tok%65n=${token}`, mcpHeaders],
    ['upper-case query key', `${mcp}?TOKEN=${token}&x=1`, mcpHeaders],
    ['bearer header', mcp, { ...mcpHeaders, authorization: `Bearer ${token}` }],
    ['superseded token', `${mcp}?token=${firstToken}`, mcpHeaders],
    ['wrong token', `${mcp}?token=${WRONG[1]}`, mcpHeaders],
    ['wrong bearer', mcp, { ...mcpHeaders, authorization: `Bearer ${WRONG[1]}` }],
    ['API token as MCP token', mcp, { ...mcpHeaders, authorization: 'Bearer dev-token' }],
    ['IdP server with its URL token', '/mcp/servers/hr-automation-server?token=hrtoken456', mcpHeaders],
    ['IdP server with a user token', '/mcp/servers/hr-automation-server', { ...mcpHeaders, authorization: `Bearer ${idpToken}` }],
    ['IdP server with a wrong user token', '/mcp/servers/hr-automation-server', { ...mcpHeaders, authorization: `Bearer ${WRONG[2]}` }],
    ['IP-refused server', '/mcp/servers/sales-tools-mcp-server?token=abc123xyz', mcpHeaders]
  ] as Array<[string, string, Record<string, string>]>) {
    await run(`MCP initialize, ${what}`, { method: 'POST', url, headers, payload: init })
    await run(`MCP tools/list, ${what}`, { method: 'POST', url, headers, payload: rpc(2, 'tools/list') })
    await run(`MCP tools/call, ${what}`, { method: 'POST', url, headers, payload: rpc(3, 'tools/call', { name: 'onboard_new_employee', arguments: { full_name: 'Dana Scully', start_date: '2026-01-05' } }) })
    await run(`MCP bad JSON, ${what}`, { method: 'POST', url, headers, payload: `{"token": "${token}"` })
  }
  t.ok(answers.some(a => a.what.startsWith('MCP tools/list, query token') && a.res.status === 200), 'the MCP endpoint answered the right token')
  t.ok(answers.some(a => a.res.status === 401), 'and refused the wrong ones')

  // The request journal (the control API's GET /__admin/requests) is scanned like the log when this
  // build has one; it records headers, queries and bodies, so nothing secret may be left in it.
  const journal = await send(app, { method: 'GET', url: '/__admin/requests', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
  if (journal.status === 200) t.ok(journal.body.count >= answers.length - 1, `the journal recorded ${journal.body.count as number} requests`)
  else t.comment(`no request journal in this build (GET /__admin/requests → ${journal.status}): only the log is scanned`)
  const log = lines.join('') + (journal.status === 200 ? journal.text : '')
  t.ok(lines.length >= answers.length, `${lines.length} log lines captured`)
  t.ok(secrets.size >= 12, `${secrets.size} secrets looked for`)
  for (const secret of secrets) {
    t.notOk(log.includes(secret), `the log never contains ${secret.slice(0, 6)}…`, { found: lines.filter(l => l.includes(secret)).map(l => l.replaceAll(secret, '<SECRET>')) })
  }
  const leaks: string[] = []
  for (const { what, res } of answers) {
    // A token argument echoed by a tool's canned result is the caller's own input, not a leak.
    if (what.startsWith('MCP tools/call')) continue
    const bodyWithoutUrls = res.text.replace(/"mcp_url":"[^"]*"/g, '"mcp_url":""')
    const headers = JSON.stringify(res.headers)
    for (const secret of secrets) {
      // The control API's own answer is where an IdP token is issued.
      if (what === 'idp token' && secret === idpToken) continue
      if (bodyWithoutUrls.includes(secret) || headers.includes(secret)) leaks.push(`${what} (${res.status}) shows ${secret.slice(0, 6)}…`)
    }
  }
  t.same(leaks, [], 'no response shows a secret outside mcp_url')
})

t.test('regression: a token under a percent-encoded query key is a credential, so it is redacted too', async (t) => {
  t.equal(redactUrl('/mcp/servers/x?tok%65n=s3cret'), '/mcp/servers/x?tok%65n=[REDACTED]')
  t.equal(redactUrl('/mcp/servers/x?%77kt_token=s3cret&a=1'), '/mcp/servers/x?%77kt_token=[REDACTED]&a=1')
  t.equal(redactUrl('/mcp/servers/x?a=1&TOKEN=s3cret&token=again'), '/mcp/servers/x?a=1&TOKEN=[REDACTED]&token=[REDACTED]')
  t.equal(redactUrl('/mcp/servers/x?token'), '/mcp/servers/x?token=[REDACTED]')
  t.equal(redactUrl('/mcp/servers/x?tok%zzen=visible&mytoken=visible'), '/mcp/servers/x?tok%zzen=visible&mytoken=visible', 'only keys that read as token')
  t.equal(redactUrl('/api/x'), '/api/x')
})
