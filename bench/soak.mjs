#!/usr/bin/env node
// Soak: minutes of bounded mixed load on a fake in a child process; fails on any unexpected answer or RSS growth ≥ 10 % after warm-up.
//
//   npm run build && node bench/soak.mjs [--duration 300] [--warmup 30] [--concurrency 8] [--data <file>]
//
// The fake runs as `node dist/cli.js` (what users run), so its RSS is measured alone, from /proc.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '300' },
    warmup: { type: 'string', default: '30' },
    concurrency: { type: 'string', default: '8' },
    data: { type: 'string' },
    'max-growth': { type: 'string', default: '10' }
  }
})
const DURATION = Number(values.duration) * 1000
const WARMUP = Number(values.warmup) * 1000
const CONCURRENCY = Number(values.concurrency)
const MAX_GROWTH = Number(values['max-growth'])
if (!(DURATION > WARMUP && WARMUP >= 0 && CONCURRENCY >= 1)) {
  console.error('usage: node bench/soak.mjs [--duration s] [--warmup s (< duration)] [--concurrency n] [--data file] [--max-growth %]')
  process.exit(2)
}

const cli = new URL('../dist/cli.js', import.meta.url)
const child = spawn(process.execPath, [cli.pathname, '--port', '0', '--log-level', 'warn', ...(values.data ? ['--data', values.data] : [])], { stdio: ['ignore', 'pipe', 'inherit'] })
const base = await new Promise((resolve, reject) => {
  let out = ''
  child.stdout.on('data', (chunk) => {
    out += chunk
    const m = /listening on (http:\/\/\S+)/.exec(out)
    if (m) resolve(m[1])
  })
  child.once('exit', (code) => reject(new Error(`the fake exited (${code}) before listening`)))
})

function rss () {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))
  return m ? Number(m[1]) * 1024 : NaN
}

const API = { authorization: 'Bearer dev-token', 'content-type': 'application/json' }
const A = '/api/managed_users/91829/mcp_servers'
const G = '/api/managed_users/91830/mcp_servers'
const MCP_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }

async function call (method, path, body, headers = API) {
  const res = await fetch(`${base}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })
  const text = await res.text()
  return { status: res.status, body: text === '' ? undefined : JSON.parse(text) }
}

// A server for MCP traffic with no rate limit or quota (the default policy allows 60 per minute).
const soakServer = await call('POST', A, { name: 'Soak', folder_id: 27180380, tools: [{ trigger_application: 'workato_recipe_function', id: 66870004 }, { trigger_application: 'workato_genie', id: 'my-genie-handle' }] })
await call('PUT', `${A}/soak/server_policies`, { mcp_server_policy: { rate_limits: {}, quota_limits: {} } })
let mcpToken = new URL(soakServer.body.data.mcp_url).searchParams.get('token')

const rpc = (id, method, params) => ({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) })

/** Each step: a request and the statuses it may answer. Anything else is an error. */
const STEPS = [
  () => [call('GET', A), [200]],
  () => [call('GET', `${A}/hr-automation-server`), [200]],
  () => [call('GET', `${A}/hr-automation-server/tools?search=employee`), [200]],
  () => [call('GET', `${G}/globex-support-server/server_policies`), [200]],
  () => [call('GET', '/api/managed_users/91829/user_groups'), [200]],
  () => [call('POST', `${A}/hr-automation-server/assign_tools`, { tools: [{ trigger_application: 'workato_genie', id: 'my-genie-handle' }] }), [200]],
  async () => {
    const tools = await call('GET', `${A}/hr-automation-server/tools`)
    const genie = tools.body.data.find((t) => t.trigger_application === 'workato_genie')
    // Another worker may have deleted it first: 404 is an expected answer then.
    return [call('DELETE', `${A}/hr-automation-server/tools/${genie?.id ?? 1}`), [204, 404]]
  },
  async () => {
    const name = `Churn ${Math.random().toString(36).slice(2, 8)}`
    const created = await call('POST', A, { name, folder_id: 27180380, tools: [{ trigger_application: 'workato_api_platform', id: 98231 }] })
    const handle = new URL(created.body.data.mcp_url).pathname.split('/').pop()
    return [call('DELETE', `${A}/${handle}`), [204]]
  },
  () => [call('PUT', `${A}/hr-automation-server`, { description: `soak ${Date.now()}` }), [200]],
  () => [call('PUT', `${A}/sales-tools-mcp-server/server_policies`, { mcp_server_policy: { rate_limits: { per_minute: 30 + Math.floor(Math.random() * 30) } } }), [200]],
  async () => {
    const renewed = await call('POST', `${A}/soak/token_renew`)
    if (renewed.status === 200) mcpToken = new URL(renewed.body.data.mcp_url).searchParams.get('token')
    return [Promise.resolve(renewed), [200]]
  },
  // The MCP endpoint; a token renewed by another worker in between makes a 401 expected.
  () => [call('POST', `/mcp/servers/soak?token=${mcpToken}`, rpc(1, 'tools/list'), MCP_HEADERS), [200, 401]],
  () => [call('POST', `/mcp/servers/soak?token=${mcpToken}`, rpc(2, 'tools/call', { name: 'onboard_new_employee', arguments: { full_name: 'Dana', start_date: '2026-01-05' } }), MCP_HEADERS), [200, 401]],
  // Refusals are part of the load: they must stay refusals.
  () => [call('GET', A, undefined, { authorization: 'Bearer wrong' }), [401]],
  () => [call('GET', `${G}/hr-automation-server`), [404]],
  () => [call('POST', A, { name: '' }), [400]]
]

const started = Date.now()
const stats = { requests: 0, expectedRefusals: 0, errors: 0, firstErrors: [] }
const samples = []
const sampler = setInterval(() => samples.push({ t: Date.now() - started, rss: rss() }), 1000)

async function worker (n) {
  let i = n
  while (Date.now() - started < DURATION) {
    const step = STEPS[i++ % STEPS.length]
    try {
      const [promise, allowed] = await step()
      const res = await promise
      stats.requests++
      if (!allowed.includes(res.status)) {
        stats.errors++
        if (stats.firstErrors.length < 5) stats.firstErrors.push(`step ${(i - 1) % STEPS.length}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`)
      } else if (res.status >= 400) stats.expectedRefusals++
    } catch (err) {
      stats.errors++
      if (stats.firstErrors.length < 5) stats.firstErrors.push(String(err))
    }
  }
}

await Promise.all(Array.from({ length: CONCURRENCY }, (_, n) => worker(n)))
clearInterval(sampler)
child.kill('SIGTERM')

// RSS averaged over a 10 s window right after warm-up and over the last 10 s.
const avg = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length
const window = Math.min(10_000, (DURATION - WARMUP) / 3)
const early = avg(samples.filter((s) => s.t >= WARMUP && s.t < WARMUP + window).map((s) => s.rss))
const late = avg(samples.filter((s) => s.t >= DURATION - window).map((s) => s.rss))
const growth = (late - early) / early * 100
const seconds = (Date.now() - started) / 1000
const mb = (b) => (b / 1024 / 1024).toFixed(1)

console.log(`soak: ${seconds.toFixed(0)} s, ${CONCURRENCY} workers, store ${values.data ? `file ${values.data}` : 'memory'}`)
console.log(`requests: ${stats.requests} (${(stats.requests / seconds).toFixed(0)}/s), expected refusals: ${stats.expectedRefusals}, errors: ${stats.errors}`)
for (const e of stats.firstErrors) console.log(`  error: ${e}`)
console.log(`RSS after warm-up: ${mb(early)} MiB, at the end: ${mb(late)} MiB, growth: ${growth.toFixed(1)} % (limit ${MAX_GROWTH} %)`)
const ok = stats.errors === 0 && growth < MAX_GROWTH
console.log(ok ? 'soak: PASS' : 'soak: FAIL')
process.exit(ok ? 0 : 1)
