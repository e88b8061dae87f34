// Model-based test: random command sequences against the fake (over HTTP) and a small reference model, compared after every step.
import t from 'tap'
import fc from 'fast-check'
import type { FastifyInstance } from 'fastify'
import { build } from '../helpers/app.js'
import { fcSettings, send, type Answer } from '../helpers/reliability.js'
import { loadFixtures } from '../../src/fixtures.js'
import { createMemoryStore } from '../../src/store/memory-store.js'
import type { CatalogItemRecord, WorldData } from '../../src/schemas/state.js'

const FIXTURES = loadFixtures()
const PUBLIC_URL = 'http://fake.test'

// ---- The reference model: what a client can observe, written from the spec, not from src/ ----

interface MTool { id: number, key: string, item: CatalogItemRecord, description: string }
interface MPolicy { id: number, rate_limits: Record<string, number>, quota_limits: Record<string, number>, ip_allow_list: string[], ip_deny_list: string[] }
interface MServer {
  id: number
  handle: string
  name: string
  description: string
  folder_id: number
  asset_id: number | null
  auth_type: 'token' | 'workato_idp'
  token: string
  oldTokens: string[]
  groups: string[]
  tools: MTool[]
  policy: MPolicy
}
interface MWorkspace {
  id: number
  /** How the URL names it: the account id, or E + the URL-encoded external id. */
  refs: string[]
  folders: Map<number, number>
  collections: Set<number>
  catalog: Map<string, CatalogItemRecord>
  groups: Set<string>
  servers: MServer[]
}
interface Model { workspaces: MWorkspace[], counters: { server: number, tool: number, policy: number } }

const key = (app: string, id: number | string) => `${app}:${id}`

function initialModel (data: WorldData): Model {
  const counters = { server: 0, tool: 0, policy: 0 }
  // The own workspace is served under /api/mcp, not /api/managed_users; its ids are below the customers'.
  const workspaces = data.managed_users.filter(mu => mu.own !== true).map((mu): MWorkspace => {
    const catalog = new Map(mu.catalog.map(c => [key(c.trigger_application, c.id), c]))
    const servers = mu.mcp_servers.map((s): MServer => {
      counters.server = Math.max(counters.server, s.id)
      counters.policy = Math.max(counters.policy, s.policy.id)
      return {
        id: s.id,
        handle: s.handle,
        name: s.name,
        description: s.description,
        folder_id: s.folder_id,
        asset_id: s.asset_id,
        auth_type: s.auth_type,
        token: s.token,
        oldTokens: [],
        groups: [...s.idp_user_group_ids],
        tools: s.tools.map(x => {
          counters.tool = Math.max(counters.tool, x.id)
          return { id: x.id, key: key(x.trigger_application, x.asset_id), item: catalog.get(key(x.trigger_application, x.asset_id))!, description: x.description }
        }).sort((a, b) => a.id - b.id),
        policy: {
          id: s.policy.id,
          rate_limits: s.policy.rate_limits as Record<string, number>,
          quota_limits: s.policy.quota_limits as Record<string, number>,
          ip_allow_list: [...s.policy.ip_allow_list],
          ip_deny_list: [...s.policy.ip_deny_list]
        }
      }
    }).sort((a, b) => a.id - b.id)
    return {
      id: mu.id,
      refs: [String(mu.id), ...(mu.external_id === null ? [] : [`E${encodeURIComponent(mu.external_id)}`])],
      folders: new Map(mu.folders.map(f => [f.id, f.project_id])),
      collections: new Set(mu.api_collections.map(a => a.id)),
      catalog,
      groups: new Set(mu.user_groups.map(g => g.id)),
      servers
    }
  })
  return { workspaces, counters }
}

/** Names and the handles the spec's slug rule gives them (checked, not computed, by the model). */
const NAMES: Array<[string, string]> = [
  ['Alpha Tools', 'alpha-tools'], ['alpha tools!', 'alpha-tools'], ['Ünïcödé Ωmega', 'unicode-mega'],
  ['Ω', 'mcp-server'], ['  Beta  ', 'beta'], ['Sales Tools MCP Server', 'sales-tools-mcp-server']
]

function allHandles (m: Model): Set<string> {
  return new Set(m.workspaces.flatMap(w => w.servers.map(s => s.handle)))
}

function freeHandle (m: Model, base: string): string {
  const taken = allHandles(m)
  if (!taken.has(base)) return base
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`
}

/** Matches 127.0.0.1 (the address app.inject reports) for the entries the commands use. */
const ADMITS_LOCAL = new Set(['127.0.0.1', '127.0.0.0/8', '0.0.0.0/0', '::ffff:127.0.0.1'])
const IP_ENTRIES = ['127.0.0.1', '127.0.0.0/8', '0.0.0.0/0', '10.0.0.0/8', '203.0.113.0/24', '::1', '198.51.100.42', '::ffff:127.0.0.1']

/** What GET <mcp_url> with `token` answers: 403 (IP rules), 401 (wrong or no credential), 405 (admitted; MCP wants POST). */
function mcpStatus (s: MServer, token: string): number {
  const p = s.policy
  if (p.ip_deny_list.some(e => ADMITS_LOCAL.has(e))) return 403
  if (p.ip_allow_list.length > 0 && !p.ip_allow_list.some(e => ADMITS_LOCAL.has(e))) return 403
  // Workato Identity servers take an IdP user's bearer token; the URL's token is no credential.
  if (s.auth_type === 'workato_idp') return 401
  return token === s.token ? 405 : 401
}

// ---- Observation: the fake's whole visible state, compared with the model ----

function expectedSummary (ws: MWorkspace, s: MServer) {
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    folder_id: s.folder_id,
    project_id: ws.folders.get(s.folder_id),
    authentication_method: s.auth_type,
    tools_count: s.tools.length
  }
}

function expectedDetail (s: MServer) {
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    asset_type: s.asset_id === null ? 'project_asset' : 'api_collection',
    tools_count: s.tools.length,
    mcp_url: `${PUBLIC_URL}/mcp/servers/${s.handle}?token=${s.token}`,
    auth_type: s.auth_type,
    idp_user_group_ids: s.groups,
    api_collection: null
  }
}

function expectedTool (x: MTool) {
  return {
    id: x.id,
    name: x.item.name,
    description: x.description,
    trigger_application: x.item.trigger_application,
    action_applications: x.item.action_applications,
    flow_id: x.item.flow_id,
    vua_required: x.item.vua_required
  }
}

function differ (what: string, actual: unknown, expected: unknown): void {
  const a = JSON.stringify(actual)
  const e = JSON.stringify(expected)
  if (a !== e) throw new Error(`${what}\n  fake:  ${a}\n  model: ${e}`)
}

const omit = (o: Record<string, unknown>, ...keys: string[]) => Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)))

async function get (app: FastifyInstance, url: string): Promise<Answer> {
  const res = await send(app, { method: 'GET', url })
  if (res.status >= 500) throw new Error(`GET ${url} → ${res.status}`)
  return res
}

async function checkMcp (app: FastifyInstance, s: MServer): Promise<void> {
  for (const token of [s.token, ...s.oldTokens.slice(-2)]) {
    const res = await send(app, { method: 'GET', url: `/mcp/servers/${s.handle}?token=${encodeURIComponent(token)}`, headers: {} })
    differ(`MCP ${s.handle} with ${token === s.token ? 'the current' : 'an old'} token`, res.status, mcpStatus(s, token))
  }
}

async function observe (app: FastifyInstance, m: Model): Promise<void> {
  const handles = new Map<string, number>()
  for (const ws of m.workspaces) {
    const ref = ws.refs[ws.refs.length - 1]
    const list = await get(app, `/api/managed_users/${ref}/mcp_servers`)
    differ(`list of ${ws.id}`, list.body, { data: ws.servers.map(s => expectedSummary(ws, s)), count: ws.servers.length, page: 1, per_page: 50 })
    for (const s of ws.servers) {
      handles.set(s.handle, (handles.get(s.handle) ?? 0) + 1)
      const base = `/api/managed_users/${ws.refs[0]}/mcp_servers/${s.handle}`
      const detail = await get(app, base)
      differ(`detail of ${s.handle}`, omit(detail.body.data, 'logo_url', 'created_at', 'updated_at'), expectedDetail(s))
      const tools = await get(app, `${base}/tools`)
      differ(`tools of ${s.handle}`, tools.body, { data: s.tools.map(expectedTool), count: s.tools.length, page: 1, per_page: 100 })
      // Invariants the model implies, stated on the fake's own answers too.
      if (detail.body.data.tools_count !== tools.body.data.length) throw new Error(`${s.handle}: tools_count ≠ tools listed`)
      const keys = tools.body.data.map((x: { trigger_application: string, flow_id: number, name: string }) => `${x.trigger_application}:${x.flow_id}:${x.name}`)
      if (new Set(keys).size !== keys.length) throw new Error(`${s.handle}: duplicate tools`)
      const policy = await get(app, `${base}/server_policies`)
      differ(`policy of ${s.handle}`, omit(policy.body, 'created_at', 'updated_at'), { id: s.policy.id, mcp_server_id: s.id, ...omit(s.policy as never, 'id') })
    }
  }
  for (const [h, n] of handles) if (n > 1) throw new Error(`handle ${h} is used ${n} times`)
}

/** Nothing crosses managed users: no server is found through any other workspace (checked once per run). */
async function checkIsolation (app: FastifyInstance, m: Model): Promise<void> {
  for (const ws of m.workspaces) {
    for (const s of ws.servers) {
      for (const other of m.workspaces) {
        if (other === ws) continue
        for (const ref of other.refs) {
          const cross = await send(app, { method: 'GET', url: `/api/managed_users/${ref}/mcp_servers/${s.handle}/tools` })
          differ(`${s.handle} seen through ${ref}`, cross.status, 404)
        }
      }
    }
  }
}

// ---- Commands ----

type Real = { app: FastifyInstance }

let steps = 0

abstract class Cmd implements fc.AsyncCommand<Model, Real> {
  constructor (readonly wsPick: number, readonly serverPick: number, readonly viaExternal: boolean) {}
  check (_m: Readonly<Model>): boolean { return true }
  ws (m: Model): MWorkspace { return m.workspaces[this.wsPick % m.workspaces.length] }
  server (m: Model): MServer | undefined {
    const ws = this.ws(m)
    return ws.servers.length === 0 ? undefined : ws.servers[this.serverPick % ws.servers.length]
  }

  base (m: Model): string {
    const ws = this.ws(m)
    return `/api/managed_users/${this.viaExternal ? ws.refs[ws.refs.length - 1] : ws.refs[0]}/mcp_servers`
  }

  /** The handle to act on: a model server, or one that does not exist (then 404 and no change). */
  handle (m: Model): string { return this.server(m)?.handle ?? 'no-such-server' }

  abstract request (m: Model): { method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown }
  /** Applies the command to the model; returns the status the fake must answer. */
  abstract apply (m: Model, res: Answer): number

  async run (m: Model, r: Real): Promise<void> {
    steps++
    const req = this.request(m)
    const res = await send(r.app, { method: req.method, url: req.url, ...(req.body === undefined ? {} : { payload: req.body as object }) })
    const before = this.server(m)
    const expected = this.apply(m, res)
    differ(`${this.toString()} status (${JSON.stringify(res.body)})`, res.status, expected)
    await observe(r.app, m)
    const after = before !== undefined && this.ws(m).servers.includes(before) ? before : undefined
    if (after !== undefined) await checkMcp(r.app, after)
  }

  toString (): string { return `${this.constructor.name}(${JSON.stringify(this)})` }
}

/** A token changed: keep the old one to prove it no longer works. */
function takeToken (s: MServer, res: Answer): void {
  if (res.body?.data?.mcp_url === undefined) throw new Error(`expected a server, got ${res.status} ${res.text}`)
  const url = new URL(res.body.data.mcp_url as string)
  const token = url.searchParams.get('token')!
  if (token === s.token || s.oldTokens.includes(token)) throw new Error(`token ${token} was handed out before`)
  s.oldTokens.push(s.token)
  s.token = token
}

type Ref = { trigger_application: string, id: number | string }

/** The first problem with a list of tool references, or the new tools (ids drawn only when all resolve). */
function resolve (m: Model, ws: MWorkspace, existing: MTool[], refs: Ref[]): number | MTool[] {
  const have = new Set(existing.map(x => x.key))
  const picked: Array<{ k: string, item: CatalogItemRecord }> = []
  for (const r of refs) {
    const id = r.trigger_application !== 'workato_genie' && typeof r.id === 'string' ? Number(r.id) : r.id
    const k = key(r.trigger_application, id)
    const item = ws.catalog.get(k)
    if (item === undefined) return 422
    if (have.has(k)) continue
    have.add(k)
    picked.push({ k, item })
  }
  return picked.map(p => ({ id: ++m.counters.tool, key: p.k, item: p.item, description: p.item.description }))
}

class Create extends Cmd {
  constructor (w: number, v: boolean, readonly name: number, readonly folder: number, readonly asset: boolean, readonly tools: Ref[], readonly description?: string) { super(w, 0, v) }
  folderId (m: Model): number { return [...this.ws(m).folders.keys()][this.folder] ?? 27190001 }
  request (m: Model) {
    const body: Record<string, unknown> = { name: NAMES[this.name][0], folder_id: this.folderId(m), tools: this.tools }
    if (this.description !== undefined) body.description = this.description
    if (this.asset) body.asset_id = 4521
    return { method: 'POST' as const, url: this.base(m), body }
  }

  apply (m: Model, res: Answer): number {
    const ws = this.ws(m)
    if (!ws.folders.has(this.folderId(m))) return 422
    if (this.asset && !ws.collections.has(4521)) return 422
    const tools = resolve(m, ws, [], this.tools)
    if (typeof tools === 'number') return tools
    const s: MServer = {
      id: ++m.counters.server,
      handle: freeHandle(m, NAMES[this.name][1]),
      name: NAMES[this.name][0],
      description: this.description ?? '',
      folder_id: this.folderId(m),
      asset_id: this.asset ? 4521 : null,
      auth_type: 'token',
      token: '',
      oldTokens: [],
      groups: [],
      tools,
      policy: { id: ++m.counters.policy, rate_limits: { per_minute: 60 }, quota_limits: { per_day: 10000 }, ip_allow_list: [], ip_deny_list: [] }
    }
    if (res.body?.data?.mcp_url === undefined) throw new Error(`expected a server, got ${res.status} ${res.text}`)
    s.token = new URL(res.body.data.mcp_url as string).searchParams.get('token') ?? ''
    ws.servers.push(s)
    return 200
  }

  // Keeps every list on one page.
  override check (m: Model): boolean { return this.ws(m).servers.length < 40 }
}

class Update extends Cmd {
  constructor (w: number, s: number, v: boolean, readonly body: { name?: number, description?: string, auth_type?: 'token' | 'workato_idp', groups?: string[], folder?: number }) { super(w, s, v) }
  wire (m: Model): Record<string, unknown> {
    const b = this.body
    const out: Record<string, unknown> = {}
    if (b.name !== undefined) out.name = NAMES[b.name][0]
    if (b.description !== undefined) out.description = b.description
    if (b.auth_type !== undefined) out.auth_type = b.auth_type
    if (b.groups !== undefined) out.idp_user_group_ids = b.groups
    if (b.folder !== undefined) out.folder_id = [...this.ws(m).folders.keys()][b.folder] ?? 27190001
    return out
  }

  request (m: Model) { return { method: 'PUT' as const, url: `${this.base(m)}/${this.handle(m)}`, body: this.wire(m) } }
  apply (m: Model, res: Answer): number {
    const s = this.server(m)
    if (s === undefined) return 404
    const ws = this.ws(m)
    const b = this.wire(m) as { name?: string, description?: string, auth_type?: 'token' | 'workato_idp', idp_user_group_ids?: string[], folder_id?: number }
    const auth = b.auth_type ?? s.auth_type
    if (b.idp_user_group_ids !== undefined && auth !== 'workato_idp') return 400
    if (b.idp_user_group_ids?.some(g => !ws.groups.has(g)) === true) return 422
    if (b.folder_id !== undefined && !ws.folders.has(b.folder_id)) return 422
    if (b.name !== undefined) s.name = b.name
    if (b.description !== undefined) s.description = b.description
    if (b.folder_id !== undefined) s.folder_id = b.folder_id
    if (auth !== s.auth_type) {
      s.auth_type = auth
      takeToken(s, res)
      if (auth === 'token') s.groups = []
    }
    if (b.idp_user_group_ids !== undefined) s.groups = [...new Set(b.idp_user_group_ids)]
    return 200
  }
}

class Move extends Cmd {
  constructor (w: number, s: number, v: boolean, readonly folder: number) { super(w, s, v) }
  folderId (m: Model): number { return [...this.ws(m).folders.keys()][this.folder] ?? 27190001 }
  request (m: Model) { return { method: 'PUT' as const, url: `${this.base(m)}/${this.handle(m)}/update_folder`, body: { folder_id: this.folderId(m) } } }
  apply (m: Model): number {
    const s = this.server(m)
    if (s === undefined) return 404
    if (!this.ws(m).folders.has(this.folderId(m))) return 422
    s.folder_id = this.folderId(m)
    return 200
  }
}

class Rotate extends Cmd {
  request (m: Model) { return { method: 'POST' as const, url: `${this.base(m)}/${this.handle(m)}/token_renew` } }
  apply (m: Model, res: Answer): number {
    const s = this.server(m)
    if (s === undefined) return 404
    takeToken(s, res)
    return 200
  }
}

class AssignTools extends Cmd {
  constructor (w: number, s: number, v: boolean, readonly tools: Ref[]) { super(w, s, v) }
  request (m: Model) { return { method: 'POST' as const, url: `${this.base(m)}/${this.handle(m)}/assign_tools`, body: { tools: this.tools } } }
  apply (m: Model): number {
    const s = this.server(m)
    if (s === undefined) return 404
    const added = resolve(m, this.ws(m), s.tools, this.tools)
    if (typeof added === 'number') return added
    s.tools.push(...added)
    return 200
  }
}

class ToolCmd extends Cmd {
  constructor (w: number, s: number, v: boolean, readonly toolPick: number, readonly del: boolean, readonly description: string) { super(w, s, v) }
  toolId (m: Model): number {
    const tools = this.server(m)?.tools ?? []
    // Sometimes a tool of another server (or none): it must be 404 here.
    if (tools.length === 0 || this.toolPick % 7 === 6) return [3001, 3006, 999999][this.toolPick % 3]
    return tools[this.toolPick % tools.length].id
  }

  request (m: Model) {
    const url = `${this.base(m)}/${this.handle(m)}/tools/${this.toolId(m)}`
    return this.del ? { method: 'DELETE' as const, url } : { method: 'PUT' as const, url, body: { description: this.description } }
  }

  apply (m: Model): number {
    const s = this.server(m)
    if (s === undefined) return 404
    const id = this.toolId(m)
    const x = s.tools.find(y => y.id === id)
    if (x === undefined) return 404
    if (!this.del) {
      x.description = this.description
      return 200
    }
    if (x.item.trigger_application === 'workato_api_platform') return 400
    s.tools.splice(s.tools.indexOf(x), 1)
    return 204
  }
}

class Groups extends Cmd {
  constructor (w: number, s: number, v: boolean, readonly remove: boolean, readonly ids: string[]) { super(w, s, v) }
  request (m: Model) { return { method: 'POST' as const, url: `${this.base(m)}/${this.handle(m)}/${this.remove ? 'remove' : 'assign'}_user_groups`, body: { idp_user_group_ids: this.ids } } }
  apply (m: Model): number {
    const s = this.server(m)
    if (s === undefined) return 404
    if (s.auth_type !== 'workato_idp') return 400
    if (this.ids.some(g => !this.ws(m).groups.has(g))) return 422
    s.groups = this.remove ? s.groups.filter(g => !this.ids.includes(g)) : [...new Set([...s.groups, ...this.ids])]
    return 200
  }
}

class Policy extends Cmd {
  constructor (w: number, s: number, v: boolean, readonly policy: { rate_limits?: Record<string, number>, quota_limits?: Record<string, number>, ip_allow_list?: string[], ip_deny_list?: string[] }) { super(w, s, v) }
  request (m: Model) { return { method: 'PUT' as const, url: `${this.base(m)}/${this.handle(m)}/server_policies`, body: { mcp_server_policy: this.policy } } }
  apply (m: Model): number {
    const s = this.server(m)
    if (s === undefined) return 404
    const lists = [...(this.policy.ip_allow_list ?? []), ...(this.policy.ip_deny_list ?? [])]
    if (lists.some(e => !IP_ENTRIES.includes(e))) return 400
    Object.assign(s.policy, structuredClone(this.policy))
    return 200
  }
}

class Delete extends Cmd {
  request (m: Model) { return { method: 'DELETE' as const, url: `${this.base(m)}/${this.handle(m)}` } }
  apply (m: Model): number {
    const s = this.server(m)
    if (s === undefined) return 404
    const ws = this.ws(m)
    ws.servers.splice(ws.servers.indexOf(s), 1)
    return 204
  }
}

/** A request naming another managed user's server or tool: always 404, never a change. */
class CrossTenant extends Cmd {
  constructor (w: number, s: number, v: boolean, readonly op: number) { super(w, s, v) }
  other (m: Model): MWorkspace { return m.workspaces[(this.wsPick + 1) % m.workspaces.length] }
  request (m: Model) {
    const foreign = this.other(m).servers[this.serverPick % Math.max(1, this.other(m).servers.length)]
    const url = `${this.base(m)}/${foreign?.handle ?? 'no-such-server'}`
    const ops = [
      { method: 'GET' as const, url },
      { method: 'PUT' as const, url, body: { name: 'Hijacked' } },
      { method: 'DELETE' as const, url },
      { method: 'POST' as const, url: `${url}/token_renew` },
      { method: 'PUT' as const, url: `${url}/server_policies`, body: { mcp_server_policy: { ip_allow_list: [] } } },
      { method: 'DELETE' as const, url: `${url}/tools/${foreign?.tools[0]?.id ?? 1}` }
    ]
    return ops[this.op % ops.length]
  }

  apply (): number { return 404 }
}

// ---- Arbitraries ----

const w = fc.nat(3)
const s = fc.nat(50)
const v = fc.boolean()
const catalogRef: fc.Arbitrary<Ref> = fc.oneof(
  fc.constantFrom<Ref>(
    { trigger_application: 'workato_api_platform', id: 98231 }, { trigger_application: 'workato_api_platform', id: '98232' },
    { trigger_application: 'workato_recipe_function', id: 66870002 }, { trigger_application: 'workato_recipe_function', id: '66870004' },
    { trigger_application: 'workato_recipe_function', id: 66870006 }, { trigger_application: 'workato_genie', id: 'my-genie-handle' },
    { trigger_application: 'workato_api_platform', id: 99001 }, { trigger_application: 'workato_recipe_function', id: 66880002 },
    { trigger_application: 'workato_genie', id: 'support-genie' }),
  // Rarely: something no catalog has.
  fc.constant<Ref>({ trigger_application: 'workato_recipe_function', id: 12345 })
)
const refs = fc.array(catalogRef, { minLength: 1, maxLength: 4 })
const text = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('', 'Ünïcode ✓ 🚀', 'line\nbreak\ttab', '\u202eRTL'))
const groupIds = fc.array(fc.constantFrom('group-abc123', 'group-def456', 'group-gx-support', 'group-nope'), { minLength: 1, maxLength: 3 })
const ipList = fc.array(fc.constantFrom(...IP_ENTRIES, 'not-an-ip'), { maxLength: 2 })
const limits = fc.oneof(fc.constant({}), fc.integer({ min: 1, max: 100000 }).map(n => ({ per_minute: n })))
const quotas = fc.oneof(fc.constant({}), fc.integer({ min: 1, max: 100000 }).map(n => ({ per_day: n })))

const commands = [
  fc.tuple(w, v, fc.nat(NAMES.length - 1), fc.nat(2), fc.boolean(), fc.array(catalogRef, { maxLength: 3 }), fc.option(text, { nil: undefined }))
    .map(([a, b, c, d, e, f, g]) => new Create(a, b, c, d, e, f, g)),
  fc.tuple(w, s, v, fc.record({
    name: fc.nat(NAMES.length - 1), description: text, auth_type: fc.constantFrom('token' as const, 'workato_idp' as const), groups: groupIds, folder: fc.nat(2)
  }, { requiredKeys: [] })).map(([a, b, c, d]) => new Update(a, b, c, d)),
  fc.tuple(w, s, v, fc.nat(2)).map(([a, b, c, d]) => new Move(a, b, c, d)),
  fc.tuple(w, s, v).map(([a, b, c]) => new Rotate(a, b, c)),
  fc.tuple(w, s, v, refs).map(([a, b, c, d]) => new AssignTools(a, b, c, d)),
  fc.tuple(w, s, v, fc.nat(20), fc.boolean(), text).map(([a, b, c, d, e, f]) => new ToolCmd(a, b, c, d, e, f)),
  fc.tuple(w, s, v, fc.boolean(), groupIds).map(([a, b, c, d, e]) => new Groups(a, b, c, d, e)),
  fc.tuple(w, s, v, fc.record({ rate_limits: limits, quota_limits: quotas, ip_allow_list: ipList, ip_deny_list: ipList }, { requiredKeys: [] }))
    .map(([a, b, c, d]) => new Policy(a, b, c, d)),
  fc.tuple(w, s, v).map(([a, b, c]) => new Delete(a, b, c)),
  fc.tuple(w, s, v, fc.nat(5)).map(([a, b, c, d]) => new CrossTenant(a, b, c, d))
]

t.test('random command sequences: the fake equals the reference model after every step', async (t) => {
  const store = createMemoryStore(FIXTURES, 0)
  const app = await build(t, { store, config: { publicUrl: PUBLIC_URL } })
  const { seed, numRuns } = fcSettings(12)
  let runs = 0
  steps = 0
  await fc.assert(fc.asyncProperty(fc.commands(commands, { maxCommands: 30, size: 'large' }), async (cmds) => {
    runs++
    await store.replace(FIXTURES)
    const model = initialModel(FIXTURES)
    await observe(app, model)
    await fc.asyncModelRun(() => ({ model, real: { app } }), cmds)
    await checkIsolation(app, model)
    // Every token ever superseded is refused at the MCP endpoint, for every server still there.
    for (const ws of model.workspaces) {
      for (const srv of ws.servers) {
        for (const old of srv.oldTokens) {
          const res = await send(app, { method: 'GET', url: `/mcp/servers/${srv.handle}?token=${encodeURIComponent(old)}`, headers: {} })
          if (res.status === 405 || res.status < 400) throw new Error(`${srv.handle}: a superseded token still opens the MCP endpoint`)
        }
      }
    }
  }), { seed, numRuns })
  t.equal(runs, numRuns)
  t.ok(steps > numRuns * 5, `${steps} commands ran`)
})
