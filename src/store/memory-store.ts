// The default store: state lives in memory only and commits are free.
import type { WorldData } from '../schemas/state.js'
import { checkState } from '../domain/state-check.js'
import { copyData, worldFrom, type Store } from './store.js'

export function createMemoryStore (initial: WorldData, tzOffset: number): Store {
  let world = worldFrom(initial, tzOffset)
  return {
    kind: 'memory',
    get world () { return world },
    commit: async () => {},
    replace: async (data) => { world = worldFrom(checkState(data), tzOffset) },
    snapshot: () => copyData(world.data),
    close: async () => {}
  }
}
