// The one place a store is chosen: the lowdb file store when a data file is configured, else memory.
import type { WorldData } from '../schemas/state.js'
import { createFileStore } from './file-store.js'
import { createMemoryStore } from './memory-store.js'
import type { Store } from './store.js'

export async function openStore (data: string | undefined, fixtures: WorldData, tzOffset: number): Promise<Store> {
  return data === undefined ? createMemoryStore(fixtures, tzOffset) : await createFileStore(data, fixtures, tzOffset)
}

/** How the start line and logs name a store. */
export function describeStore (data: string | undefined): string {
  return data === undefined ? 'memory' : `file ${data}`
}
