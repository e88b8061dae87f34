// The test-control operations behind /__admin: reset, tenants, snapshots. Routes stay thin.
import type { ControllableClock } from '../domain/clock.js'
import type { DomainContext } from '../domain/context.js'
import { newToken } from '../domain/context.js'
import { Conflict, NotFound, Unprocessable } from '../domain/errors.js'
import { uniqueHandle } from '../domain/handles.js'
import { checkState } from '../domain/state-check.js'
import { reformat } from '../domain/time.js'
import { StateError, type Workspace } from '../domain/world.js'
import type { ManagedUserRecord, ServerRecord, WorldData } from '../schemas/state.js'
import type { Store } from '../store/store.js'
import type { Faults } from './faults.js'
import type { Journal } from './journal.js'
import type { ResetRegistry } from './resets.js'

export interface NewManagedUser {
  id?: number
  external_id?: string | null
  name?: string
  /** Also copy the template's MCP servers (fresh ids, handles and tokens). */
  servers?: boolean
  /** Which fixtures managed user to copy; the first one by default. */
  template?: number | string
}

export interface ControlDeps {
  store: Store
  ctx: DomainContext
  clock: ControllableClock
  /** The fixtures as loaded at start: what a reset restores. Never mutated. */
  fixtures: WorldData
  journal: Journal
  faults: Faults
  resets: ResetRegistry
}

export interface Control {
  resetAll(): Promise<void>
  /** Restores one managed user to its baseline; returns its account id. */
  resetManagedUser(ref: number | string): Promise<number>
  createManagedUser(input: NewManagedUser): Promise<Workspace>
  deleteManagedUser(ref: number | string): Promise<void>
  /** Resolves `91829`, `"91829"` or `"EA2300"` to a live workspace, or 404. */
  workspace(ref: number | string): Workspace
  workspaces(): Workspace[]
  exportState(): WorldData
  importState(body: unknown): Promise<void>
}

function stateProblem (err: StateError, status: 409 | 422, what: string): Conflict | Unprocessable {
  const problem = err.message.startsWith(`${err.path}: `) ? err.message.slice(err.path.length + 2) : err.message
  const errors = { [err.path]: [problem] }
  return status === 409 ? new Conflict(`${what}: ${err.message}`, errors) : new Unprocessable(`${what}: ${err.message}`, errors)
}

export function createControl (deps: ControlDeps): Control {
  const { store, ctx, clock, fixtures, journal, faults, resets } = deps
  /** Managed users created through the API since the last full reset, as they were created. */
  const created = new Map<number, ManagedUserRecord>()

  const baseline = (id: number): ManagedUserRecord | undefined =>
    fixtures.managed_users.find(m => m.id === id) ?? created.get(id)

  /** Also finds managed users that are gone from the world but have a baseline to come back to. */
  function resolveId (ref: number | string): number | undefined {
    if (typeof ref === 'number') return ref
    const live = store.world.workspace(ref)
    if (live !== undefined) return live.record.id
    const all = [...fixtures.managed_users, ...created.values()]
    const hit = ref.startsWith('E')
      ? all.find(m => m.external_id === ref.slice(1))
      : all.find(m => String(m.id) === ref)
    return hit?.id
  }

  function workspace (ref: number | string): Workspace {
    const ws = typeof ref === 'number' ? store.world.workspaceById(ref) : store.world.workspace(ref)
    if (ws === undefined) throw new NotFound(`Managed user ${JSON.stringify(ref)} not found`)
    return ws
  }

  function copyServer (source: ServerRecord, taken: Set<string>): ServerRecord {
    const world = ctx.world
    const handle = uniqueHandle(source.name, h => taken.has(h) || world.handleTaken(h))
    taken.add(handle)
    const at = (ts: string) => reformat(ts, ctx.tzOffset)
    return {
      ...structuredClone(source),
      id: world.nextId('server'),
      handle,
      token: newToken(ctx),
      created_at: at(source.created_at),
      updated_at: at(source.updated_at),
      tools: source.tools.map(t => ({ ...structuredClone(t), id: world.nextId('tool') })),
      policy: {
        ...structuredClone(source.policy),
        id: world.nextId('policy'),
        created_at: at(source.policy.created_at),
        updated_at: at(source.policy.updated_at)
      }
    }
  }

  return {
    workspace,
    workspaces: () => [...store.world.workspaces()],

    async resetAll () {
      await store.replace(fixtures)
      created.clear()
      journal.clear()
      faults.reset()
      clock.real()
      resets.run({ scope: 'world' })
    },

    async resetManagedUser (ref) {
      const id = resolveId(ref)
      const record = id === undefined ? undefined : baseline(id)
      if (id === undefined || record === undefined) {
        throw new NotFound(`Managed user ${JSON.stringify(ref)} has no baseline: it is neither in the fixtures nor created through /__admin/managed_users`)
      }
      const before = store.world.workspaceById(id)?.servers ?? []
      const data = store.snapshot()
      const i = data.managed_users.findIndex(m => m.id === id)
      if (i >= 0) data.managed_users[i] = structuredClone(record)
      else data.managed_users.push(structuredClone(record))
      try {
        await store.replace(data)
      } catch (err) {
        if (err instanceof StateError) throw stateProblem(err, 409, `Managed user ${id} cannot be restored`)
        throw err
      }
      const after = store.world.workspaceById(id)!.servers
      journal.clear(id)
      faults.clear(id)
      resets.run({
        scope: 'managed_user',
        managed_user_id: id,
        server_ids: [...new Set([...before, ...after].map(s => s.id))],
        handles: [...new Set([...before, ...after].map(s => s.handle))]
      })
      return id
    },

    async createManagedUser (input) {
      const world = ctx.world
      const templateRef = input.template ?? fixtures.managed_users[0]?.id
      const template = templateRef === undefined
        ? undefined
        : fixtures.managed_users.find(m => typeof templateRef === 'number'
          ? m.id === templateRef
          : templateRef.startsWith('E') ? m.external_id === templateRef.slice(1) : String(m.id) === templateRef)
      if (template === undefined) {
        throw new Unprocessable(`template ${JSON.stringify(templateRef ?? null)} is not a managed user of the fixtures`, { template: ['is not a managed user of the fixtures'] })
      }
      if (input.id !== undefined && world.workspaceById(input.id) !== undefined) {
        throw new Conflict(`id ${input.id} is taken by another managed user`, { id: ['is taken'] })
      }
      const externalId = input.external_id ?? null
      if (externalId !== null && world.workspace(`E${externalId}`) !== undefined) {
        throw new Conflict(`external_id "${externalId}" is taken by another managed user`, { external_id: ['is taken'] })
      }
      // Everything is checked; from here on nothing can fail half-way.
      const id = input.id ?? world.nextId('managed_user')
      const copy = structuredClone(template)
      const ws = world.addWorkspace({
        id,
        external_id: externalId,
        name: input.name ?? `Managed user ${id}`,
        projects: copy.projects,
        folders: copy.folders,
        api_collections: copy.api_collections,
        catalog: copy.catalog,
        user_groups: copy.user_groups,
        mcp_servers: []
      }, ctx.tzOffset)
      if (input.servers === true) {
        const taken = new Set<string>()
        for (const s of [...template.mcp_servers].sort((a, b) => a.id - b.id)) world.addServer(ws, copyServer(s, taken))
      }
      created.set(id, structuredClone(ws.record))
      await store.commit()
      return ws
    },

    async deleteManagedUser (ref) {
      const id = workspace(ref).record.id
      const data = store.snapshot()
      data.managed_users = data.managed_users.filter(m => m.id !== id)
      await store.replace(data)
      created.delete(id)
      faults.clear(id)
    },

    exportState: () => store.snapshot(),

    async importState (body) {
      try {
        await store.replace(checkState(body))
      } catch (err) {
        if (err instanceof StateError) throw stateProblem(err, 422, 'Invalid state')
        throw err
      }
    }
  }
}
