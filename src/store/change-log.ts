// The data file's change log: one NDJSON line per group commit, state-based so replaying it twice is harmless.
import { Type, type Static } from '@sinclair/typebox'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import { Counters, ManagedUserRecord, ServerRecord, type WorldData } from '../schemas/state.js'
import { checkState } from '../domain/state-check.js'
import { StateError, type World, type WorldChanges } from '../domain/world.js'

/**
 * One line. Records are whole (their values when the line was written), never diffs, so a line
 * replayed over a state that already holds its effects changes nothing: that is what lets a
 * compaction write the snapshot first and drop the log after. `state` (a reset or an import)
 * replaces everything before the rest of the line applies.
 */
const LogLine = Type.Object({
  counters: Counters,
  state: Type.Optional(Type.Unknown({ description: 'A whole WorldData that replaces the state.' })),
  managed_users: Type.Optional(Type.Array(Type.Omit(ManagedUserRecord, ['mcp_servers']))),
  servers: Type.Optional(Type.Array(Type.Object({ managed_user_id: Type.Integer({ minimum: 1 }), server: ServerRecord }, { additionalProperties: false }))),
  removed_servers: Type.Optional(Type.Array(Type.Integer({ minimum: 1 })))
}, { additionalProperties: false })
type LogLine = Static<typeof LogLine>

const checkLine = TypeCompiler.Compile(LogLine)

/** A line of a log that cannot be replayed: `line` is 1-based; `log` names the file once known. */
export class LogLineError extends Error {
  constructor (readonly line: number, readonly problem: string, readonly log = '') {
    super(`line ${line} ${problem}`)
  }
}

/** "/servers/0/server/id" → "servers[0].server.id" */
function dotted (pointer: string): string {
  return pointer.split('/').slice(1).reduce((acc, part) =>
    /^\d+$/.test(part) ? `${acc}[${part}]` : acc === '' ? part : `${acc}.${part}`, '')
}

function firstError (schema: { Errors(value: unknown): { First(): { path: string, message: string } | undefined } }, value: unknown): string {
  const first = schema.Errors(value).First()
  return `${dotted(first?.path ?? '') || '(root)'}: ${first?.message ?? 'invalid'}`
}

/**
 * Splits a log into its lines. A last line without its newline is a crash mid-append: its commit
 * never resolved, so no reply depended on it, and it is dropped. Any other line must be a valid change.
 */
export function parseLog (text: string): LogLine[] {
  const parts = text.split('\n')
  // The piece after the last newline: '' when the file ends cleanly, else the torn line.
  parts.pop()
  return parts.map((raw, i) => {
    let value: unknown
    try {
      value = JSON.parse(raw)
    } catch (err) {
      throw new LogLineError(i + 1, `is not valid JSON (${(err as Error).message})`)
    }
    if (!checkLine.Check(value)) throw new LogLineError(i + 1, `is not a valid change (${firstError(checkLine, value)})`)
    if (value.state !== undefined) {
      try {
        checkState(value.state)
      } catch (err) {
        if (err instanceof StateError) throw new LogLineError(i + 1, `is not a valid change (state.${err.message})`)
        throw err
      }
    }
    return value
  })
}

interface Replaying {
  users: Map<number, { record: ManagedUserRecord, servers: Map<number, ServerRecord> }>
  /** Which managed user holds each server id. */
  owner: Map<number, number>
  counters: Counters
}

function replaying (data: WorldData): Replaying {
  const r: Replaying = {
    users: new Map(),
    owner: new Map(),
    counters: { ...(data.counters ?? { managed_user: 0, server: 0, tool: 0, policy: 0, token: 0 }) }
  }
  for (const mu of data.managed_users) {
    const servers = new Map<number, ServerRecord>()
    for (const s of mu.mcp_servers) {
      servers.set(s.id, s)
      r.owner.set(s.id, mu.id)
    }
    r.users.set(mu.id, { record: mu, servers })
  }
  return r
}

/** Defines a key as data, so a "__proto__" key (own, from JSON.parse) never becomes a prototype. */
function define (out: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(out, key, { value, writable: true, enumerable: true, configurable: true })
}

/**
 * A managed user's record with the fields of `mu` (servers are kept apart while replaying). Keys
 * keep the existing record's order, so a replay over a snapshot that already holds it changes nothing.
 */
function merged (old: ManagedUserRecord | undefined, mu: Omit<ManagedUserRecord, 'mcp_servers'>): ManagedUserRecord {
  const from = mu as Record<string, unknown>
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(old ?? {})) {
    if (key === 'mcp_servers') define(out, key, [])
    else if (Object.hasOwn(from, key)) define(out, key, from[key])
  }
  for (const key of Object.keys(from)) if (!Object.hasOwn(out, key)) define(out, key, from[key])
  if (!Object.hasOwn(out, 'mcp_servers')) define(out, 'mcp_servers', [])
  return out as ManagedUserRecord
}

function apply (r: Replaying, line: LogLine, n: number): Replaying {
  if (line.state !== undefined) r = replaying(line.state as WorldData)
  for (const mu of line.managed_users ?? []) {
    const had = r.users.get(mu.id)
    r.users.set(mu.id, { record: merged(had?.record, mu), servers: had?.servers ?? new Map() })
  }
  for (const { managed_user_id: muId, server } of line.servers ?? []) {
    const to = r.users.get(muId)
    if (to === undefined) throw new LogLineError(n, `does not apply (server ${server.id} belongs to managed user ${muId}, which does not exist)`)
    const from = r.owner.get(server.id)
    if (from !== undefined && from !== muId) r.users.get(from)?.servers.delete(server.id)
    to.servers.set(server.id, server)
    r.owner.set(server.id, muId)
  }
  for (const id of line.removed_servers ?? []) {
    const from = r.owner.get(id)
    if (from === undefined) continue
    r.users.get(from)?.servers.delete(id)
    r.owner.delete(id)
  }
  // Counters only grow between resets, so the larger value is the later one.
  for (const key of Object.keys(r.counters) as Array<keyof Counters>) r.counters[key] = Math.max(r.counters[key], line.counters[key])
  return r
}

/**
 * Replays logs, in order, over `data` (which is consumed). Throws a LogLineError naming the log
 * and the line that does not apply; the result still needs the World's cross-record checks.
 */
export function replay (data: WorldData, logs: Array<{ log: string, lines: LogLine[] }>): WorldData {
  let r = replaying(data)
  for (const { log, lines } of logs) {
    lines.forEach((line, i) => {
      try {
        r = apply(r, line, i + 1)
      } catch (err) {
        if (err instanceof LogLineError) throw new LogLineError(err.line, err.problem, log)
        throw err
      }
    })
  }
  return {
    schema_version: data.schema_version,
    counters: r.counters,
    managed_users: [...r.users.values()].map(({ record, servers }) => {
      record.mcp_servers = [...servers.values()].sort((a, b) => a.id - b.id)
      return record
    })
  }
}

/** What changed since the last line was taken, plus how to put it back if that line's append fails. */
export interface ChangeTracker {
  /** Hand this to `world.changes`. */
  readonly listener: WorldChanges
  /** The whole world was swapped (reset, import): the next line carries the whole state. */
  replaced(): void
  /** The next line, made now from the world's current records, or null when nothing changed. */
  take(world: World, stateText?: string): { text: string, undo(): void } | null
}

export function createChangeTracker (initialCounters: Counters): ChangeTracker {
  let servers = new Set<number>()
  let workspaces = new Set<number>()
  let full = false
  let lastCounters = JSON.stringify(initialCounters)
  return {
    listener: {
      server: (id) => { servers.add(id) },
      workspace: (id) => { workspaces.add(id) }
    },
    replaced () {
      full = true
      servers = new Set()
      workspaces = new Set()
    },
    take (world, stateText) {
      const counters = JSON.stringify(world.data.counters)
      if (!full && servers.size === 0 && workspaces.size === 0 && counters === lastCounters) return null
      let text = `{"counters":${counters}`
      if (full) {
        text += `,"state":${stateText ?? JSON.stringify(world.data)}`
      } else {
        if (workspaces.size > 0) {
          const records: string[] = []
          for (const id of workspaces) {
            const ws = world.workspaceById(id)
            if (ws !== undefined) records.push(JSON.stringify({ ...ws.record, mcp_servers: undefined }))
          }
          text += `,"managed_users":[${records.join(',')}]`
        }
        if (servers.size > 0) {
          const upserts: string[] = []
          const removed: number[] = []
          for (const id of servers) {
            const hit = world.serverById(id)
            if (hit === undefined) removed.push(id)
            else upserts.push(`{"managed_user_id":${hit.ws.record.id},"server":${JSON.stringify(hit.server)}}`)
          }
          if (upserts.length > 0) text += `,"servers":[${upserts.join(',')}]`
          if (removed.length > 0) text += `,"removed_servers":${JSON.stringify(removed)}`
        }
      }
      text += '}\n'
      const taken = { servers, workspaces, full }
      servers = new Set()
      workspaces = new Set()
      full = false
      lastCounters = counters
      return {
        text,
        undo () {
          // Lines are state-based: marking the records dirty again rewrites their current values.
          for (const id of taken.servers) servers.add(id)
          for (const id of taken.workspaces) workspaces.add(id)
          full ||= taken.full
          lastCounters = ''
        }
      }
    }
  }
}

export type { LogLine }
