// The in-memory world: the serializable WorldData plus the indexes every request needs.
import type {
  ApiCollectionRecord, CatalogItemRecord, Counters, FolderRecord, ManagedUserRecord,
  ServerRecord, UserGroupRecord, WorldData
} from '../schemas/state.js'
import { SCHEMA_VERSION } from '../schemas/state.js'
import { reformat } from './time.js'
import { serverIdOfLiveId } from './server-ids.js'

/** Catalog items are keyed by where they come from and their id ("workato_genie:my-genie-handle"). */
export const catalogKey = (app: string, id: number | string) => `${app}:${id}`

export interface Workspace {
  record: ManagedUserRecord
  folders: Map<number, FolderRecord>
  projects: Set<number>
  collections: Map<number, ApiCollectionRecord>
  catalog: Map<string, CatalogItemRecord>
  groups: Map<string, UserGroupRecord>
  /** Sorted by id; the same array as record.mcp_servers. */
  servers: ServerRecord[]
}

/**
 * Told which records each change touched, so the file store can log exactly those (state-based:
 * it reads the records' current values when it writes). The memory store sets none.
 */
export interface WorldChanges {
  /** The server with this id was added, changed in place (fields, tools, policy) or removed. */
  server(id: number): void
  /** The managed user with this id was added or its own fields changed (not its servers). */
  workspace(id: number): void
}

export class StateError extends Error {
  constructor (readonly path: string, problem: string) {
    super(`${path}: ${problem}`)
  }
}

export class World {
  readonly data: WorldData & { counters: Counters }
  private readonly byId = new Map<number, Workspace>()
  private readonly byExternal = new Map<string, Workspace>()
  private readonly handles = new Map<string, { ws: Workspace, server: ServerRecord }>()
  /** Servers by numeric id: live-profile ids (`mcps-…`) decode to one, so they resolve in O(1). */
  private readonly serversById = new Map<number, { ws: Workspace, server: ServerRecord }>()
  private own: Workspace | undefined
  /** Bumped on every change; lets callers cache derived views. */
  version = 0
  /** Set by a store that needs to know what changed; unset, a change costs one property check. */
  changes: WorldChanges | undefined

  /**
   * Takes ownership of `data` (callers pass a copy). Checks what a schema cannot (uniqueness and
   * references) and re-expresses timestamps at `offsetMinutes` once, so responses need no formatting.
   */
  constructor (data: WorldData, offsetMinutes: number) {
    const counters: Counters = data.counters ?? { managed_user: 0, server: 0, tool: 0, policy: 0, token: 0 }
    this.data = { schema_version: SCHEMA_VERSION, counters: { ...counters }, managed_users: data.managed_users }
    const toolIds = new Set<number>()
    const policyIds = new Set<number>()
    const c = this.data.counters
    // Parsed JSON holds its own copy of every string. Values that repeat across records (timestamps,
    // a tool's catalog name and description, enum values) are shared instead: a large world then
    // takes about a third less memory (bench/RESULTS.md). Strings are immutable, so nothing can tell.
    const pool = new Map<string, string>()
    const intern = (value: string): string => {
      const hit = pool.get(value)
      if (hit !== undefined) return hit
      pool.set(value, value)
      return value
    }
    data.managed_users.forEach((mu, i) => {
      const path = `managed_users[${i}]`
      if (this.byId.has(mu.id)) throw new StateError(`${path}.id`, `duplicate managed user id ${mu.id}`)
      if (mu.external_id !== null && this.byExternal.has(mu.external_id)) {
        throw new StateError(`${path}.external_id`, `duplicate external id "${mu.external_id}"`)
      }
      const ws = this.index(mu, path, offsetMinutes)
      c.managed_user = Math.max(c.managed_user, mu.id)
      mu.mcp_servers.forEach((s, j) => {
        const sp = `${path}.mcp_servers[${j}]`
        if (this.serversById.has(s.id)) throw new StateError(`${sp}.id`, `duplicate server id ${s.id}`)
        if (this.handles.has(s.handle)) throw new StateError(`${sp}.handle`, `duplicate handle "${s.handle}"`)
        if (!ws.folders.has(s.folder_id)) throw new StateError(`${sp}.folder_id`, `folder ${s.folder_id} does not exist in this managed user`)
        if (s.asset_id !== null && !ws.collections.has(s.asset_id)) throw new StateError(`${sp}.asset_id`, `API collection ${s.asset_id} does not exist in this managed user`)
        s.idp_user_group_ids.forEach((g, k) => {
          if (!ws.groups.has(g)) throw new StateError(`${sp}.idp_user_group_ids[${k}]`, `user group "${g}" does not exist in this managed user`)
        })
        const seen = new Set<string>()
        s.tools.forEach((t, k) => {
          const key = catalogKey(t.trigger_application, t.asset_id)
          t.trigger_application = intern(t.trigger_application) as typeof t.trigger_application
          t.name = intern(t.name)
          t.description = intern(t.description)
          t.action_applications = t.action_applications.map(intern)
          if (toolIds.has(t.id)) throw new StateError(`${sp}.tools[${k}].id`, `duplicate tool id ${t.id}`)
          if (seen.has(key)) throw new StateError(`${sp}.tools[${k}]`, `tool ${key} is assigned twice`)
          toolIds.add(t.id)
          seen.add(key)
          c.tool = Math.max(c.tool, t.id)
        })
        if (policyIds.has(s.policy.id)) throw new StateError(`${sp}.policy.id`, `duplicate policy id ${s.policy.id}`)
        policyIds.add(s.policy.id)
        c.policy = Math.max(c.policy, s.policy.id)
        c.server = Math.max(c.server, s.id)
        s.created_at = intern(reformat(s.created_at, offsetMinutes))
        s.updated_at = intern(reformat(s.updated_at, offsetMinutes))
        s.policy.created_at = intern(reformat(s.policy.created_at, offsetMinutes))
        s.policy.updated_at = intern(reformat(s.policy.updated_at, offsetMinutes))
        s.auth_type = intern(s.auth_type) as typeof s.auth_type
        s.logo_url = intern(s.logo_url)
        // Lists are in id order (rule: stable order by id), whatever order the fixtures use.
        s.tools.sort((a, b) => a.id - b.id)
        this.serversById.set(s.id, { ws, server: s })
        this.handles.set(s.handle, { ws, server: s })
      })
      mu.mcp_servers.sort((a, b) => a.id - b.id)
    })
  }

  private index (mu: ManagedUserRecord, path: string, offsetMinutes: number): Workspace {
    const ws: Workspace = {
      record: mu,
      folders: new Map(),
      projects: new Set(mu.projects.map(p => p.id)),
      collections: new Map(),
      catalog: new Map(),
      groups: new Map(),
      servers: mu.mcp_servers
    }
    mu.folders.forEach((f, i) => {
      if (ws.folders.has(f.id)) throw new StateError(`${path}.folders[${i}].id`, `duplicate folder id ${f.id}`)
      if (!ws.projects.has(f.project_id)) throw new StateError(`${path}.folders[${i}].project_id`, `project ${f.project_id} does not exist in this managed user`)
      ws.folders.set(f.id, f)
    })
    mu.api_collections.forEach((a, i) => {
      if (ws.collections.has(a.id)) throw new StateError(`${path}.api_collections[${i}].id`, `duplicate API collection id ${a.id}`)
      a.created_at = reformat(a.created_at, offsetMinutes)
      a.updated_at = reformat(a.updated_at, offsetMinutes)
      ws.collections.set(a.id, a)
    })
    mu.catalog.forEach((t, i) => {
      const key = catalogKey(t.trigger_application, t.id)
      if ((t.trigger_application === 'workato_genie') !== (typeof t.id === 'string')) {
        throw new StateError(`${path}.catalog[${i}].id`, 'Genie agents have string handles; recipe functions and API endpoints have numeric ids')
      }
      if (ws.catalog.has(key)) throw new StateError(`${path}.catalog[${i}]`, `duplicate catalog item ${key}`)
      ws.catalog.set(key, t)
    })
    mu.user_groups.forEach((g, i) => {
      if (ws.groups.has(g.id)) throw new StateError(`${path}.user_groups[${i}].id`, `duplicate user group id "${g.id}"`)
      // User groups print in UTC with "Z", as their sample does.
      g.created_at = new Date(Date.parse(g.created_at)).toISOString()
      g.updated_at = new Date(Date.parse(g.updated_at)).toISOString()
      ws.groups.set(g.id, g)
    })
    // Listed by id (code-unit order, so it never depends on a locale).
    mu.user_groups.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    if (mu.own === true) {
      if (this.own !== undefined) throw new StateError(`${path}.own`, `managed user ${this.own.record.id} is already the own workspace`)
      this.own = ws
    }
    this.byId.set(mu.id, ws)
    if (mu.external_id !== null) this.byExternal.set(mu.external_id, ws)
    return ws
  }

  /** `91829` is an account id; `EA2300` is external id `A2300` (already URL-decoded). */
  workspace (ref: string): Workspace | undefined {
    if (ref.startsWith('E')) return this.byExternal.get(ref.slice(1))
    if (!/^[1-9][0-9]{0,15}$/.test(ref)) return undefined
    return this.byId.get(Number(ref))
  }

  workspaceById (id: number): Workspace | undefined {
    return this.byId.get(id)
  }

  workspaces (): IterableIterator<Workspace> {
    return this.byId.values()
  }

  /** The workspace the fixtures mark as the API client's own (served under /api/mcp). */
  ownWorkspace (): Workspace | undefined {
    return this.own
  }

  /** A server visible through `ws`, by handle or live id (`mcps-…`); other workspaces' are not found. */
  server (ws: Workspace, handle: string): ServerRecord | undefined {
    const hit = this.serverByHandle(handle)
    return hit !== undefined && hit.ws === ws ? hit.server : undefined
  }

  /** Looks a handle (or a live id) up across every workspace (the MCP endpoint's namespace). */
  serverByHandle (handle: string): { ws: Workspace, server: ServerRecord } | undefined {
    const hit = this.handles.get(handle)
    if (hit !== undefined) return hit
    const id = serverIdOfLiveId(handle)
    return id === undefined ? undefined : this.serversById.get(id)
  }

  /** A server by numeric id, with its workspace. */
  serverById (id: number): { ws: Workspace, server: ServerRecord } | undefined {
    return this.serversById.get(id)
  }

  handleTaken (handle: string): boolean {
    return this.handles.has(handle)
  }

  nextId (kind: 'managed_user' | 'server' | 'tool' | 'policy'): number {
    this.data.counters[kind] += 1
    return this.data.counters[kind]
  }

  /** Position of the token generator; saved so a seeded generator never repeats after a restart. */
  nextTokenPosition (): number {
    return this.data.counters.token++
  }

  addServer (ws: Workspace, server: ServerRecord): void {
    // New ids are always the highest, so appending keeps the array sorted.
    ws.servers.push(server)
    this.serversById.set(server.id, { ws, server })
    this.handles.set(server.handle, { ws, server })
    this.touch(server)
  }

  removeServer (ws: Workspace, server: ServerRecord): void {
    const i = ws.servers.indexOf(server)
    if (i >= 0) ws.servers.splice(i, 1)
    this.serversById.delete(server.id)
    this.handles.delete(server.handle)
    this.touch(server)
  }

  addWorkspace (mu: ManagedUserRecord, offsetMinutes: number): Workspace {
    if (this.byId.has(mu.id)) throw new StateError('id', `managed user ${mu.id} already exists`)
    if (mu.external_id !== null && this.byExternal.has(mu.external_id)) throw new StateError('external_id', `external id "${mu.external_id}" is taken`)
    if (mu.mcp_servers.length > 0) throw new StateError('mcp_servers', 'add servers through addServer')
    const ws = this.index(mu, 'managed_user', offsetMinutes)
    this.data.managed_users.push(mu)
    this.data.counters.managed_user = Math.max(this.data.counters.managed_user, mu.id)
    this.version++
    this.changes?.workspace(mu.id)
    return ws
  }

  /**
   * Every change to a server's record (its fields, tools or policy, or the server added or
   * removed) must be reported here: it invalidates cached views and tells the store what to log.
   */
  touch (server: ServerRecord): void {
    this.version++
    this.changes?.server(server.id)
  }
}
