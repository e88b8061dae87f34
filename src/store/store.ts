// The store interface: one live World in memory, plus how (and whether) it is made durable.
import type { WorldData } from '../schemas/state.js'
import { World } from '../domain/world.js'

export interface Store {
  readonly kind: 'memory' | 'file'
  /** The live world. Domain operations read and change it synchronously, so each is atomic. */
  readonly world: World
  /**
   * Resolves once every change made so far is durable (the file store commits in groups). Routes
   * shape their reply before awaiting it: while a write is in flight other requests may change the
   * same records, and a reply must show its own request's result (e.g. its own renewed token).
   */
  commit(): Promise<void>
  /** Replaces the whole state (reset, snapshot import) after checking it; on error nothing changes. */
  replace(data: WorldData): Promise<void>
  /** A deep copy of the whole state in the one JSON format. */
  snapshot(): WorldData
  close(): Promise<void>
}

export function copyData (data: WorldData): WorldData {
  return structuredClone(data)
}

/** Builds a World from a private copy, so neither side can change the other's records. */
export function worldFrom (data: WorldData, tzOffset: number): World {
  return new World(copyData(data), tzOffset)
}
