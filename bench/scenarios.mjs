// The benchmark scenarios: each a request sequence against the fake, replayed against the baseline.
import { managedUserId, serverHandle, serverToken } from './world.mjs'

export const AUTH = { authorization: 'Bearer dev-token' }
const JSON_HEADERS = { ...AUTH, 'content-type': 'application/json' }
const WS = `/api/managed_users/${managedUserId(0)}`

/** The handle inside a detail body's mcp_url (`…/mcp/servers/<handle>?token=…`). */
export function handleFromBody (body) {
  try {
    const m = /\/mcp\/servers\/([^?]+)\?/.exec(JSON.parse(body).data.mcp_url)
    return m === null ? undefined : m[1]
  } catch {
    return undefined
  }
}

/**
 * Scenarios over a workspace of `servers` servers (see world.mjs): server 0 is the hot read
 * target (100 tools), server 1 takes assign_tools, server 2 takes policy writes.
 */
export function scenarios ({ servers }) {
  const lastPage = Math.max(1, Math.ceil(servers / 50))
  const hot = serverHandle(0, 0)
  const get = (path) => [{ method: 'GET', path, expect: 200 }]
  return [
    { name: 'detail', title: 'GET server detail', kind: 'read', connections: 10, steps: get(`${WS}/mcp_servers/${hot}`) },
    { name: 'list-first', title: `GET server list, page 1 of ${lastPage}`, kind: 'read', connections: 10, steps: get(`${WS}/mcp_servers?page=1`) },
    { name: 'list-last', title: `GET server list, page ${lastPage} of ${lastPage}`, kind: 'read', connections: 10, steps: get(`${WS}/mcp_servers?page=${lastPage}`) },
    { name: 'tools', title: 'GET tools list (100 tools)', kind: 'read', connections: 10, steps: get(`${WS}/mcp_servers/${hot}/tools`) },
    {
      name: 'create-delete',
      title: 'POST create + DELETE',
      kind: 'write',
      connections: 50,
      steps: [
        { method: 'POST', path: `${WS}/mcp_servers`, body: { name: 'Bench Created Server', folder_id: 800001, description: 'made by the benchmark' }, expect: 200, capture: true },
        { method: 'DELETE', path: `${WS}/mcp_servers/`, useHandle: true, expect: 204 }
      ]
    },
    {
      name: 'assign-tools',
      title: 'POST assign_tools (dedupe)',
      kind: 'write',
      connections: 50,
      steps: [{
        method: 'POST',
        path: `${WS}/mcp_servers/${serverHandle(0, 1)}/assign_tools`,
        // Already assigned, a numeric string, a repeat, and one new item (added by the first call only).
        body: { tools: [1, '2', 1, 6].map(id => ({ trigger_application: 'workato_recipe_function', id })) },
        expect: 200
      }]
    },
    {
      name: 'policy',
      title: 'PUT server_policies',
      kind: 'write',
      connections: 50,
      steps: [{
        method: 'PUT',
        path: `${WS}/mcp_servers/${serverHandle(0, 2)}/server_policies`,
        body: { mcp_server_policy: { rate_limits: { per_minute: 120 }, ip_allow_list: ['10.0.0.0/8', '192.168.1.7'] } },
        expect: 200
      }]
    },
    {
      name: 'mcp-tools-list',
      title: 'MCP tools/list (100 tools)',
      kind: 'read',
      mcp: true,
      connections: 10,
      steps: [{
        method: 'POST',
        path: `/mcp/servers/${hot}?token=${serverToken(0, 0)}`,
        body: { jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} },
        expect: 200
      }]
    }
  ]
}

export const MCP_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }

/**
 * Probes the MCP endpoint of the hot server: initialize (keeping a session id if one is issued),
 * then tools/list. Returns the headers later requests need, or the reason it is not available.
 */
export async function probeMcp (url) {
  const hot = serverHandle(0, 0)
  const endpoint = `${url}/mcp/servers/${hot}?token=${serverToken(0, 0)}`
  const post = (body, headers = {}) => fetch(endpoint, { method: 'POST', headers: { ...MCP_HEADERS, ...headers }, body: JSON.stringify(body) })
  const init = await post({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-03-26', capabilities: {}, clientInfo: { name: 'fake-workato-bench', version: '1' } }
  })
  await init.text()
  if (init.status === 404) return { available: false, reason: 'no MCP endpoint in this build' }
  if (init.status !== 200) return { available: false, reason: `MCP initialize answered ${init.status}` }
  const session = init.headers.get('mcp-session-id')
  const headers = session === null ? {} : { 'mcp-session-id': session }
  if (session !== null) await (await post({ jsonrpc: '2.0', method: 'notifications/initialized' }, headers)).text()
  const list = await post({ jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} }, headers)
  const text = await list.text()
  if (list.status !== 200 || !text.includes('"tools"')) return { available: false, reason: `MCP tools/list answered ${list.status}` }
  return { available: true, headers: { ...MCP_HEADERS, ...headers } }
}

/** Headers every request of a scenario carries. */
export function scenarioHeaders (scenario, mcpHeaders) {
  return scenario.mcp === true ? mcpHeaders : JSON_HEADERS
}

/**
 * The autocannon request list for a scenario. Against the baseline every step goes to `/b/<name>`
 * but keeps the same bodies and the same per-response work, so both sides cost the client alike.
 */
export function autocannonRequests (scenario, { headers, baseline = false }) {
  return scenario.steps.map((step) => {
    const path = baseline ? `/b/${scenario.name}` : step.path
    const req = { method: step.method, path, headers: stepHeaders(step, headers) }
    if (step.body !== undefined) req.body = JSON.stringify(step.body)
    if (step.capture === true) req.onResponse = (_status, body, context) => { context.handle = handleFromBody(body) }
    if (step.useHandle === true) {
      req.setupRequest = (r, context) => ({ ...r, path: baseline ? path : `${step.path}${context.handle ?? 'not-created'}` })
    }
    return req
  })
}

/** A request without a body carries no Content-Type (an empty JSON body is an error in bare Fastify). */
function stepHeaders (step, headers) {
  return step.body === undefined ? Object.fromEntries(Object.entries(headers).filter(([k]) => k !== 'content-type')) : headers
}

/**
 * Runs the scenario once against the fake with fetch, checking every status, and returns what each
 * method answered: the bytes the baseline must replay.
 */
export async function prime (url, scenario, headers) {
  const replies = []
  let handle
  for (const step of scenario.steps) {
    const path = step.useHandle === true ? `${step.path}${handle}` : step.path
    const res = await fetch(`${url}${path}`, {
      method: step.method,
      headers: stepHeaders(step, headers),
      body: step.body === undefined ? undefined : JSON.stringify(step.body)
    })
    const body = await res.text()
    if (res.status !== step.expect) throw new Error(`${step.method} ${path} answered ${res.status}, expected ${step.expect}: ${body.slice(0, 200)}`)
    if (step.capture === true) handle = handleFromBody(body)
    replies.push({ method: step.method, status: res.status, contentType: res.headers.get('content-type') ?? 'application/json', body })
  }
  return replies
}
