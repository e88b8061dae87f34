// The --data store: the world lives in memory and is made durable in a lowdb JSON file, in groups.
import { Low, type Adapter } from 'lowdb'
import { TextFile } from 'lowdb/node'
import type { WorldData } from '../schemas/state.js'
import { checkState } from '../domain/state-check.js'
import { StateError, type World } from '../domain/world.js'
import { copyData, worldFrom, type Store } from './store.js'

/** Start-up refused because of the data file; the message names the file and the problem. */
export class DataFileError extends Error {
  constructor (readonly file: string, problem: string, existing = true) {
    // One line, whatever the underlying error printed, so the CLI can show it as is.
    super(`data file ${file} ${problem.replace(/\s*\n\s*/g, ' ')}; refusing to start` + (existing ? ' (the file was left untouched)' : ''))
  }
}

/**
 * lowdb's JSONFile indents its output; compact JSON keeps each group write small. Reading parses
 * and checks the schema (version included) so a bad file is refused before anything writes.
 */
export function compactJsonFile (file: string): Adapter<WorldData> {
  const text = new TextFile(file)
  return {
    async read () {
      let raw: string | null
      try {
        raw = await text.read()
      } catch (err) {
        throw new DataFileError(file, `cannot be read (${(err as Error).message})`)
      }
      if (raw === null) return null
      let json: unknown
      try {
        json = JSON.parse(raw)
      } catch (err) {
        throw new DataFileError(file, `is not valid JSON (${(err as Error).message})`)
      }
      try {
        return checkState(json)
      } catch (err) {
        if (err instanceof StateError) throw new DataFileError(file, `is not a valid fake-workato state (${err.message})`)
        throw err
      }
    },
    // Stringified here, when the write starts, so one write carries every change made before it.
    write: (data) => text.write(JSON.stringify(data))
  }
}

interface Deferred { promise: Promise<void>, resolve(): void, reject(err: unknown): void }

function deferred (): Deferred {
  const d = {} as Deferred
  d.promise = new Promise<void>((resolve, reject) => { d.resolve = resolve; d.reject = reject })
  // A failed write is reported to every waiter; this keeps an unawaited one from crashing the process.
  d.promise.catch(() => {})
  return d
}

/**
 * Opens `file`: a missing file is seeded from `fixtures` and written at once; an existing one must
 * hold a valid state, else a DataFileError is thrown and the file is not touched. `adapter` lets
 * tests wrap the file adapter (to count or hold writes), as json-server's tests pass lowdb's Memory.
 */
export async function createFileStore (file: string, fixtures: WorldData, tzOffset: number,
  adapter: Adapter<WorldData> = compactJsonFile(file)): Promise<Store> {
  const db = new Low<WorldData>(adapter, fixtures)
  await db.read()
  const seeded = db.data === fixtures
  let world: World
  try {
    world = worldFrom(db.data, tzOffset)
  } catch (err) {
    // Cross-record problems (duplicate ids, broken references) only show when the world is built.
    if (err instanceof StateError) {
      if (seeded) throw err
      throw new DataFileError(file, `is not a valid fake-workato state (${err.message})`)
    }
    throw err
  }

  // Group commit: at most one write in flight; every commit() made meanwhile joins `next`, which
  // starts when the current write ends and serializes the world as it is at that moment.
  let inFlight: Promise<void> | null = null
  let next: Deferred | null = null

  const startWrite = (): void => {
    const batch = next as Deferred
    next = null
    db.data = world.data
    inFlight = db.write().then(() => batch.resolve(), (err: unknown) => batch.reject(err)).finally(() => {
      inFlight = null
      if (next !== null) startWrite()
    })
  }

  const commit = (): Promise<void> => {
    if (next === null) {
      next = deferred()
      const promise = next.promise
      if (inFlight === null) startWrite()
      return promise
    }
    return next.promise
  }

  if (seeded) {
    try {
      await commit()
    } catch (err) {
      throw new DataFileError(file, `cannot be created (${(err as Error).message})`, false)
    }
  }

  return {
    kind: 'file',
    get world () { return world },
    commit,
    replace: async (data) => {
      world = worldFrom(checkState(data), tzOffset)
      await commit()
    },
    snapshot: () => copyData(world.data),
    // A last write makes sure nothing changed since the previous one is lost on shutdown.
    close: () => commit()
  }
}
