// The live MCP endpoint driven by the SDK's own Client over Streamable HTTP against a listening fake.
import t from 'tap'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { createClock } from '../../src/domain/clock.js'
import { ACME, GLOBEX, call, listen } from '../helpers/app.js'
import { connect, connectRefusal, GLOBEX_MCP, GLOBEX_TOKEN, mcpUrlOf, refusedWith } from '../helpers/mcp.js'

const GLOBEX_SERVER = `${GLOBEX}/mcp_servers/globex-support-server`
const SALES_SERVER = `${ACME}/mcp_servers/sales-tools-mcp-server`
const HR_SERVER = `${ACME}/mcp_servers/hr-automation-server`

async function idpToken (app: Parameters<typeof call>[0], user: string, groupIds: string[]): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/__admin/idp/tokens', payload: { user, group_ids: groupIds } })
  if (res.statusCode !== 201) throw new Error(`idp token: ${res.statusCode} ${res.body}`)
  return res.json().token
}

t.test('lists and calls the tools of a token server through its mcp_url', async (t) => {
  const { app, base } = await listen(t)
  const url = await mcpUrlOf(app, base, GLOBEX, 'globex-support-server')
  t.equal(url, `${base}${GLOBEX_MCP}?token=${GLOBEX_TOKEN}`)
  const client = await connect(t, url)

  t.same(client.getServerVersion(), { name: 'globex-support-server', title: 'Globex Support Server', version: '0.1.0' })
  t.equal(client.getInstructions(), 'Support ticketing tools for Globex agents')
  t.same(client.getServerCapabilities(), { tools: { listChanged: false } })

  const { tools } = await client.listTools()
  t.same(tools, [
    {
      name: 'create_zendesk_ticket',
      title: 'Create Zendesk Ticket',
      description: 'Opens a support ticket in Zendesk',
      inputSchema: {
        type: 'object',
        properties: {
          subject: { type: 'string' },
          body: { type: 'string' },
          priority: { type: 'string', enum: ['low', 'normal', 'high', 'urgent'] }
        },
        required: ['subject']
      }
    },
    {
      name: 'escalate_ticket',
      title: 'Escalate Ticket',
      description: 'Escalates a ticket to the on-call engineer',
      inputSchema: {
        type: 'object',
        properties: { ticket_id: { type: 'integer' }, reason: { type: 'string' } },
        required: ['ticket_id']
      }
    }
  ])

  // The catalog's canned result, as text and as structured content.
  t.same(await client.callTool({ name: 'create_zendesk_ticket', arguments: { subject: 'Printer on fire', priority: 'urgent' } }), {
    content: [{ type: 'text', text: '{"ticket_id":48213,"status":"new"}' }],
    structuredContent: { ticket_id: 48213, status: 'new' }
  })
  // No canned result: an echo of the call.
  t.same(await client.callTool({ name: 'escalate_ticket', arguments: { ticket_id: 48213, reason: 'VIP' } }), {
    content: [{ type: 'text', text: '{"tool":"Escalate Ticket","arguments":{"ticket_id":48213,"reason":"VIP"}}' }],
    structuredContent: { tool: 'Escalate Ticket', arguments: { ticket_id: 48213, reason: 'VIP' } }
  })
  // Arguments that break the inputSchema: a tool result with isError, not a protocol error.
  const invalid = await client.callTool({ name: 'escalate_ticket', arguments: { ticket_id: 'forty-two' } })
  t.equal(invalid.isError, true)
  t.same(invalid.content, [{ type: 'text', text: 'Invalid arguments for tool escalate_ticket: ticket_id must be integer' }])
  const missing = await client.callTool({ name: 'create_zendesk_ticket', arguments: {} })
  t.equal(missing.isError, true)
  t.same(missing.content, [{ type: 'text', text: "Invalid arguments for tool create_zendesk_ticket: arguments must have required property 'subject'" }])
  // An unknown tool is a protocol error, -32602, as the MCP spec has it.
  await t.rejects(client.callTool({ name: 'no_such_tool', arguments: {} }), { code: -32602, message: /Unknown tool: no_such_tool/ })
  t.same(await client.ping(), {})
})

t.test('a client that expects a session still works: its session header is ignored, its DELETE gets 405', async (t) => {
  const { base } = await listen(t)
  const seen: string[] = []
  const recording: typeof fetch = async (input, init) => {
    const res = await fetch(input, init)
    seen.push(`${init?.method ?? 'GET'} ${res.status} ${new Headers(init?.headers).get('mcp-session-id')}`)
    return res
  }
  const client = new Client({ name: 'session-minded', version: '1.0.0' })
  const transport = new StreamableHTTPClientTransport(new URL(`${base}${GLOBEX_MCP}?token=${GLOBEX_TOKEN}`), { sessionId: 'from-an-earlier-run', fetch: recording })
  await client.connect(transport)
  t.equal((await client.listTools()).tools.length, 2)
  // terminateSession sends DELETE with the session id; the SDK takes 405 as "no session to end".
  await transport.terminateSession()
  t.equal(transport.sessionId, undefined)
  await client.close()
  // A client resuming a session skips initialize and goes straight to its requests.
  t.same(seen, ['POST 200 from-an-earlier-run', 'DELETE 405 from-an-earlier-run'])
})

t.test('a tool without input_schema or result gets an object schema and an echo', async (t) => {
  const { app, base } = await listen(t)
  const assigned = await call(app, 'POST', `${GLOBEX_SERVER}/assign_tools`, { tools: [{ trigger_application: 'workato_genie', id: 'support-genie' }] })
  t.equal(assigned.status, 200)
  const client = await connect(t, `${base}${GLOBEX_MCP}?token=${GLOBEX_TOKEN}`)
  const genie = (await client.listTools()).tools.find(tool => tool.name === 'support_genie')
  t.same(genie, { name: 'support_genie', title: 'Support Genie', description: 'Answers product questions from the knowledge base', inputSchema: { type: 'object' } })
  t.same(await client.callTool({ name: 'support_genie', arguments: { question: 'Why?' } }), {
    content: [{ type: 'text', text: '{"tool":"Support Genie","arguments":{"question":"Why?"}}' }],
    structuredContent: { tool: 'Support Genie', arguments: { question: 'Why?' } }
  })
  t.same((await client.callTool({ name: 'support_genie' })).structuredContent, { tool: 'Support Genie', arguments: {} })
})

t.test('a description PUT through the API shows on the next tools/list; a deleted tool vanishes', async (t) => {
  const { app, base } = await listen(t)
  const client = await connect(t, `${base}${GLOBEX_MCP}?token=${GLOBEX_TOKEN}`)
  t.same((await client.listTools()).tools.map(tool => tool.name), ['create_zendesk_ticket', 'escalate_ticket'])

  t.equal((await call(app, 'PUT', `${GLOBEX_SERVER}/tools/3007`, { description: 'Pages the on-call engineer' })).status, 200)
  const after = (await client.listTools()).tools.find(tool => tool.name === 'escalate_ticket')
  t.equal(after?.description, 'Pages the on-call engineer')

  t.equal((await call(app, 'DELETE', `${GLOBEX_SERVER}/tools/3007`)).status, 204)
  t.same((await client.listTools()).tools.map(tool => tool.name), ['create_zendesk_ticket'])
  await t.rejects(client.callTool({ name: 'escalate_ticket', arguments: { ticket_id: 1 } }), { code: -32602 })
})

t.test('token_renew: the old transport is refused at once, the new mcp_url works', async (t) => {
  const { app, base } = await listen(t)
  const old = await connect(t, `${base}${GLOBEX_MCP}?token=${GLOBEX_TOKEN}`)
  t.equal((await old.listTools()).tools.length, 2)

  const renewed = await call(app, 'POST', `${GLOBEX_SERVER}/token_renew`)
  t.equal(renewed.status, 200)
  t.equal(await refusedWith(old.listTools()), 401)
  t.equal(await refusedWith(old.callTool({ name: 'create_zendesk_ticket', arguments: { subject: 'x' } })), 401)

  const fresh = await connect(t, await mcpUrlOf(app, base, GLOBEX, 'globex-support-server'))
  t.equal((await fresh.listTools()).tools.length, 2)
  // The token also works as a Bearer header, and as wkt_token (the live mcp_url's parameter).
  const token = new URL(renewed.body.data.mcp_url).searchParams.get('token') as string
  t.equal((await (await connect(t, `${base}${GLOBEX_MCP}`, { authorization: `Bearer ${token}` })).listTools()).tools.length, 2)
  t.equal((await (await connect(t, `${base}${GLOBEX_MCP}?wkt_token=${token}`)).listTools()).tools.length, 2)
})

t.test('switching auth type refuses the old token; deleting the server answers 404', async (t) => {
  const { app, base } = await listen(t)
  const client = await connect(t, `${base}${GLOBEX_MCP}?token=${GLOBEX_TOKEN}`)
  t.equal((await call(app, 'PUT', GLOBEX_SERVER, { auth_type: 'workato_idp' })).status, 200)
  t.equal(await refusedWith(client.listTools()), 401)

  t.equal((await call(app, 'DELETE', GLOBEX_SERVER)).status, 204)
  t.equal(await refusedWith(client.listTools()), 404)
})

t.test('VUA tools are offered on workato_idp servers only', async (t) => {
  const { app, base } = await listen(t)
  // Fixture server 1001 admits only 203.0.113.0/24; let the test's 127.0.0.1 in first.
  t.equal((await call(app, 'PUT', `${SALES_SERVER}/server_policies`, { mcp_server_policy: { ip_allow_list: ['127.0.0.1'] } })).status, 200)
  const sales = await connect(t, `${base}/mcp/servers/sales-tools-mcp-server?token=abc123xyz`)
  // Tool 3002 "Send Deal Notification" needs Verified User Access: the tools route lists it, MCP does not offer it.
  t.equal((await call(app, 'GET', `${SALES_SERVER}/tools`)).body.count, 2)
  t.same((await sales.listTools()).tools.map(tool => tool.name), ['create_salesforce_lead'])
  await t.rejects(sales.callTool({ name: 'send_deal_notification', arguments: { deal_name: 'A', stage: 'won' } }), { code: -32602 })

  t.equal((await call(app, 'POST', `${HR_SERVER}/assign_user_groups`, { idp_user_group_ids: ['group-def456'] })).status, 200)
  const token = await idpToken(app, 'dana', ['group-def456'])
  const hr = await connect(t, `${base}/mcp/servers/hr-automation-server`, { authorization: `Bearer ${token}` })
  t.same((await hr.listTools()).tools.map(tool => tool.name), ['onboard_new_employee', 'look_up_employee', 'request_time_off'])
  t.same((await hr.callTool({ name: 'request_time_off', arguments: { from: '2026-01-01' } })).structuredContent,
    { tool: 'Request Time Off', arguments: { from: '2026-01-01' } })
})

t.test('workato_idp: an IdP user in and out of the server\'s groups', async (t) => {
  const { app, base } = await listen(t)
  const url = `${base}/mcp/servers/hr-automation-server`
  const dana = await idpToken(app, 'dana', ['group-def456'])
  const sam = await idpToken(app, 'sam', ['group-abc123'])

  // Fixture server 1002 has no groups yet: nobody is in one of them.
  t.equal(await connectRefusal(url, { authorization: `Bearer ${dana}` }), 403)

  t.equal((await call(app, 'POST', `${HR_SERVER}/assign_user_groups`, { idp_user_group_ids: ['group-def456'] })).status, 200)
  const asDana = await connect(t, url, { authorization: `Bearer ${dana}` })
  t.equal((await asDana.listTools()).tools.length, 3)
  t.equal(await connectRefusal(url, { authorization: `Bearer ${sam}` }), 403)

  // Removing the group through the Embedded API takes effect on dana's very next request.
  t.equal((await call(app, 'POST', `${HR_SERVER}/remove_user_groups`, { idp_user_group_ids: ['group-def456'] })).status, 200)
  t.equal(await refusedWith(asDana.listTools()), 403)
  t.equal((await call(app, 'POST', `${HR_SERVER}/assign_user_groups`, { idp_user_group_ids: ['group-abc123', 'group-def456'] })).status, 200)
  t.equal((await asDana.listTools()).tools.length, 3)

  // Without a user token, or with the server token from mcp_url, it is 401.
  t.equal(await connectRefusal(url), 401)
  t.equal(await connectRefusal(`${url}?token=hrtoken456`), 401)
})

t.test('rate_limits.per_minute: refused at exactly N+1 with a frozen clock, cleared when the minute turns', async (t) => {
  const clock = createClock()
  clock.freeze(Date.parse('2026-03-02T10:15:20.000Z'))
  const { app, base } = await listen(t, { clock })
  t.equal((await call(app, 'PUT', `${GLOBEX_SERVER}/server_policies`, { mcp_server_policy: { rate_limits: { per_minute: 5 } } })).status, 200)

  // connect() is two POSTs (initialize, notifications/initialized); its GET for a stream answers 405 and is not counted.
  const client = await connect(t, `${base}${GLOBEX_MCP}?token=${GLOBEX_TOKEN}`)
  await client.listTools()
  await client.ping()
  await client.callTool({ name: 'create_zendesk_ticket', arguments: { subject: 'five' } })
  t.equal(await refusedWith(client.listTools()), 429)
  t.equal(await refusedWith(client.ping()), 429)

  clock.advance(39_999)
  t.equal(await refusedWith(client.listTools()), 429, 'still the same clock minute')
  clock.advance(1)
  t.equal((await client.listTools()).tools.length, 2, 'a new minute, a new window')
})

t.test('ip_allow_list and ip_deny_list with IPv4 and IPv6 via X-Forwarded-For under trust-proxy', async (t) => {
  const { app, base } = await listen(t, { config: { trustProxy: true } })
  const url = `${base}/mcp/servers/sales-tools-mcp-server?token=abc123xyz`
  const from = (address: string) => connect(t, url, { 'x-forwarded-for': address })
  const refusedFrom = (address: string) => connectRefusal(url, { 'x-forwarded-for': address })

  // The fixture policy allows only 203.0.113.0/24.
  t.equal((await (await from('203.0.113.7')).listTools()).tools.length, 1)
  t.equal((await (await from('::ffff:203.0.113.9')).listTools()).tools.length, 1, 'IPv4-mapped IPv6 matches the IPv4 range')
  t.equal((await (await from('203.0.113.8, 10.0.0.1')).listTools()).tools.length, 1, 'the client is the first address')
  t.equal(await refusedFrom('198.51.100.1'), 403)
  t.equal(await refusedFrom('127.0.0.1'), 403)

  // The deny list always wins, even inside the allow list.
  const allowed = await from('203.0.113.7')
  t.equal((await call(app, 'PUT', `${SALES_SERVER}/server_policies`, { mcp_server_policy: { ip_deny_list: ['203.0.113.7'] } })).status, 200)
  t.equal(await refusedWith(allowed.listTools()), 403, 'a policy PUT takes effect on the next request')
  t.equal((await (await from('203.0.113.6')).listTools()).tools.length, 1)

  // IPv6 ranges.
  t.equal((await call(app, 'PUT', `${SALES_SERVER}/server_policies`, {
    mcp_server_policy: { ip_allow_list: ['2001:db8::/32'], ip_deny_list: ['2001:db8:dead::/48'] }
  })).status, 200)
  t.equal((await (await from('2001:db8::5')).listTools()).tools.length, 1)
  t.equal((await (await from('2001:DB8:1:2::abcd')).listTools()).tools.length, 1)
  t.equal(await refusedFrom('2001:db9::1'), 403)
  t.equal(await refusedFrom('2001:db8:dead::1'), 403)
  t.equal(await refusedFrom('203.0.113.7'), 403)

  // An empty allow list admits everyone the deny list does not name.
  t.equal((await call(app, 'PUT', `${SALES_SERVER}/server_policies`, { mcp_server_policy: { ip_allow_list: [] } })).status, 200)
  t.equal((await (await from('198.51.100.1')).listTools()).tools.length, 1)
  t.equal(await refusedFrom('2001:db8:dead::beef'), 403)
})

t.test('without trust-proxy, X-Forwarded-For is ignored: the socket address counts', async (t) => {
  const { base } = await listen(t)
  t.equal(await connectRefusal(`${base}/mcp/servers/sales-tools-mcp-server?token=abc123xyz`, { 'x-forwarded-for': '203.0.113.7' }), 403)
})
