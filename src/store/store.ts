// The store interface: one live World in memory, plus how (and whether) it is made durable.
import type { WorldData } from '../schemas/state.js'
import { World } from '../domain/world.js'

export interface Store {
  readonly kind: 'memory' | 'file'
  /** The live world. Domain operations read and change it synchronously, so each is atomic. */
  readonly world: World
  /** Resolves once every change made so far is durable (the file store commits in groups). */
  commit(): Promise<void>
  /** Replaces the whole state (reset, snapshot import) after checking it; on error nothing changes. */
  replace(data: WorldData): Promise<void>
  /** A deep copy of the whole state in the one JSON format. */
  snapshot(): WorldData
  close(): Promise<void>
}

export function copyData (data: WorldData): WorldData {
  return copyJson(data) as WorldData
}

/**
 * A deep copy of plain JSON data. Unlike structuredClone it shares strings (immutable) instead of
 * copying each one, which halves the transient memory of copying a large world (bench/RESULTS.md).
 * Anything that is not a plain object or array (a Date, say) is still copied by structuredClone.
 */
function copyJson (value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) return value.map(copyJson)
  const proto = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== null) return structuredClone(value)
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value)) {
    const copy = copyJson((value as Record<string, unknown>)[key])
    // A "__proto__" key (JSON.parse makes it an own property) must stay data, not become a prototype.
    if (key === '__proto__') Object.defineProperty(out, key, { value: copy, writable: true, enumerable: true, configurable: true })
    else out[key] = copy
  }
  return out
}

/** Builds a World from a private copy, so neither side can change the other's records. */
export function worldFrom (data: WorldData, tzOffset: number): World {
  return new World(copyData(data), tzOffset)
}
