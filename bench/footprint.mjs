// Footprint: RSS and heap after loading 100,000 servers with 500,000 tools across 1,000 managed
// users. Run with --expose-gc by run.mjs; argv[2] is the package entry (dist/index.js). Prints JSON.
import { pathToFileURL } from 'node:url'
import { generateWorld } from './world.mjs'

const USERS = 1000
const SERVERS_PER_USER = 100
const TOOLS_PER_SERVER = 5

const mb = (n) => Math.round(n / 2 ** 20)
const { buildApp } = await import(pathToFileURL(process.argv[2]).href)

let world = generateWorld({ users: USERS, serversPerUser: SERVERS_PER_USER, toolsPerServer: TOOLS_PER_SERVER, catalogSize: TOOLS_PER_SERVER, hotTools: TOOLS_PER_SERVER })
const started = performance.now()
const app = await buildApp({ fixtures: world, logger: false, env: {} })
await app.ready()
const loadMs = Math.round(performance.now() - started)
// The app keeps its own copy; dropping the generated one leaves what a started fake holds.
world = null
globalThis.gc()
const atLoad = process.memoryUsage()
// Freed pages go back to the system over the next seconds (V8's memory reducer); a running fake
// settles there, so that is the figure judged.
await new Promise(resolve => setTimeout(resolve, 3000))
globalThis.gc()

// Prove the world is really there: the last managed user's last page lists its servers.
const res = await app.inject({ method: 'GET', url: `/api/managed_users/${500000 + USERS}/mcp_servers?page=2`, headers: { authorization: 'Bearer dev-token' } })
const listed = JSON.parse(res.body).data.length
if (res.statusCode !== 200 || listed !== 50) throw new Error(`unexpected list answer ${res.statusCode} (${listed} items)`)

const mem = process.memoryUsage()
await app.close()
process.stdout.write(`${JSON.stringify({
  managed_users: USERS,
  servers: USERS * SERVERS_PER_USER,
  tools: USERS * SERVERS_PER_USER * TOOLS_PER_SERVER,
  rss_mb: mb(mem.rss),
  rss_right_after_load_mb: mb(atLoad.rss),
  heap_used_mb: mb(mem.heapUsed),
  heap_total_mb: mb(mem.heapTotal),
  load_ms: loadMs
})}\n`)
