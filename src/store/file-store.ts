// The --data store: the world lives in memory; group commits append to FILE.log, compacted into the lowdb data file.
import { appendFile, readFile, rename, truncate, unlink } from 'node:fs/promises'
import { Low } from 'lowdb'
import { TextFile } from 'lowdb/node'
import type { WorldData } from '../schemas/state.js'
import { checkState } from '../domain/state-check.js'
import { StateError, World } from '../domain/world.js'
import { createChangeTracker, LogLineError, parseLog, replay } from './change-log.js'
import { copyData, worldFrom, type Store } from './store.js'

/** Start-up refused because of the data file or its logs; the message names the file and the problem. */
export class DataFileError extends Error {
  constructor (readonly file: string, problem: string, existing = true, what: 'data file' | 'change log' = 'data file') {
    // One line, whatever the underlying error printed, so the CLI can show it as is.
    super(`${what} ${file} ${problem.replace(/\s*\n\s*/g, ' ')}; refusing to start` +
      (!existing ? '' : what === 'data file' ? ' (the file was left untouched)' : ' (the data file and its logs were left untouched)'))
  }
}

/**
 * The change log beside the data file, and the name it is rotated to while a compaction writes
 * the data file. The durable state is always the data file, then FILE.log.1, then FILE.log replayed.
 */
function logPaths (file: string): { log: string, rotated: string } {
  return { log: `${file}.log`, rotated: `${file}.log.1` }
}

/** The log grows to at least this before it is compacted into the data file (or to the file's size, if larger). */
const COMPACT_AT = 1024 * 1024

/** The file operations a store makes as it runs; tests wrap them to hold, count or fail them. */
export interface FileIo {
  /** Appends one line (one group commit) to the log, creating it if needed. */
  append(log: string, text: string): Promise<void>
  /** Replaces the data file with `text` atomically (lowdb: temp file, then rename). */
  writeSnapshot(text: string): Promise<void>
  /** Rotates the log (FILE.log → FILE.log.1). */
  rename(from: string, to: string): Promise<void>
  /** Removes a log; a missing one is fine. */
  remove(file: string): Promise<void>
  /** Cuts a log back to `size` bytes (a failed append's partial line). */
  truncate(file: string, size: number): Promise<void>
}

export interface FileStoreOptions {
  /**
   * Log size in bytes past which a compaction starts. By default the larger of COMPACT_AT and the
   * data file's size, so compaction costs a bounded multiple of the appends; tests set a small one.
   */
  compactAt?: number
  io?: (real: FileIo) => FileIo
}

const code = (err: unknown) => (err as NodeJS.ErrnoException | null)?.code
const message = (err: unknown) => (err as Error).message

async function readIfExists (file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8')
  } catch (err) {
    if (code(err) === 'ENOENT') return null
    throw new DataFileError(file, `cannot be read (${message(err)})`, true, 'change log')
  }
}

async function removeIfExists (file: string): Promise<void> {
  try {
    await unlink(file)
  } catch (err) {
    if (code(err) !== 'ENOENT') throw err
  }
}

interface Loaded { world: World, seeded: boolean, logs: boolean, bytes: number }

/**
 * Reads the durable state: the data file (or `fixtures` when there is none), then FILE.log.1 and
 * FILE.log replayed over it. Writes nothing; any problem is a DataFileError naming the file.
 */
async function load (file: string, fixtures: WorldData | null, tzOffset: number): Promise<Loaded> {
  const { log, rotated } = logPaths(file)
  let text: string | null
  try {
    text = await new TextFile(file).read()
  } catch (err) {
    throw new DataFileError(file, `cannot be read (${message(err)})`)
  }
  const logs: Array<{ log: string, text: string }> = []
  for (const name of [rotated, log]) {
    const t = await readIfExists(name)
    if (t !== null) logs.push({ log: name, text: t })
  }
  if (text === null) {
    if (logs.length > 0) {
      throw new DataFileError(logs[0].log, `exists but the data file ${file} does not (restore the data file, or delete the log to start from the fixtures)`, true, 'change log')
    }
    if (fixtures === null) throw new DataFileError(file, 'does not exist', false)
    return { world: worldFrom(fixtures, tzOffset), seeded: true, logs: false, bytes: 0 }
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (err) {
    throw new DataFileError(file, `is not valid JSON (${message(err)})`)
  }
  let world: World
  try {
    // The parsed data is ours alone, so the World may own it without a copy.
    world = new World(checkState(json), tzOffset)
  } catch (err) {
    // Cross-record problems (duplicate ids, broken references) only show when the world is built.
    if (err instanceof StateError) throw new DataFileError(file, `is not a valid fake-workato state (${err.message})`)
    throw err
  }
  const bytes = Buffer.byteLength(text)
  if (logs.length === 0) return { world, seeded: false, logs: false, bytes }
  let data: WorldData
  try {
    data = replay(world.data, logs.map(l => {
      try {
        return { log: l.log, lines: parseLog(l.text) }
      } catch (err) {
        if (err instanceof LogLineError) throw new LogLineError(err.line, err.problem, l.log)
        throw err
      }
    }))
  } catch (err) {
    if (err instanceof LogLineError) throw new DataFileError(err.log, err.message, true, 'change log')
    throw err
  }
  try {
    world = new World(data, tzOffset)
  } catch (err) {
    if (err instanceof StateError) throw new DataFileError(logs[logs.length - 1].log, `replays into an invalid state (${err.message})`, true, 'change log')
    throw err
  }
  return { world, seeded: false, logs: true, bytes }
}

/**
 * The state a restart would load from `file` and its logs, without writing anything: what a reply
 * promised is durable is exactly what this returns. Timestamps are shown at `tzOffset`.
 */
export async function readDurableState (file: string, tzOffset = 0): Promise<WorldData> {
  return (await load(file, null, tzOffset)).world.data
}

/** The file store, plus a way to wait until no file operation is under way. */
export interface FileStore extends Store {
  /**
   * Resolves once no append or compaction is in flight, e.g. before copying the files: while they
   * run, files read one after another may come from different moments.
   */
  idle(): Promise<void>
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
 * hold a valid state and its logs must replay, else a DataFileError is thrown and no file is
 * touched. A successful start compacts, so the data file is current and the logs are gone.
 */
export async function createFileStore (file: string, fixtures: WorldData, tzOffset: number,
  options: FileStoreOptions = {}): Promise<FileStore> {
  const { log, rotated } = logPaths(file)
  const db = new Low<string>(new TextFile(file), '')
  const real: FileIo = {
    append: (path, text) => appendFile(path, text),
    writeSnapshot: async (text) => {
      db.data = text
      await db.write()
    },
    rename,
    remove: removeIfExists,
    truncate
  }
  const io = options.io?.(real) ?? real
  const loaded = await load(file, fixtures, tzOffset)
  let world = loaded.world
  let snapshotBytes = loaded.bytes
  if (loaded.seeded || loaded.logs) {
    const text = JSON.stringify(world.data)
    try {
      await io.writeSnapshot(text)
      // The snapshot holds every line: drop the older log first, so a crash in between leaves a suffix.
      await io.remove(rotated)
      await io.remove(log)
    } catch (err) {
      throw new DataFileError(file, `cannot be ${loaded.seeded ? 'created' : 'compacted'} (${message(err)})`, false)
    }
    snapshotBytes = Buffer.byteLength(text)
  }

  const tracker = createChangeTracker(world.data.counters)
  world.changes = tracker.listener

  /** Bytes in FILE.log: this process is its only writer, so after a failed append it can be cut back. */
  let logBytes = 0
  /** A failed append may have left part of a line at the end of FILE.log; cut it before appending. */
  let repair = false
  /** Set after a failed append, cleared by a good one: keeps automatic compaction from retrying in a loop. */
  let failing = false
  /** After a failed snapshot, automatic compaction waits until FILE.log has grown this far again. */
  let retryAt = 0
  /** FILE.log.1 exists: a compaction rotated the log and its snapshot is not written yet (or failed). */
  let rotatedExists = false
  /** Commits waiting for the next line, and compact() calls waiting for the next compaction. */
  let next: Deferred | null = null
  let compactWaiters: Deferred | null = null
  /** The background snapshot write of the running compaction. */
  let compacting: Promise<void> | null = null
  let running = false

  const threshold = (): number => options.compactAt ?? Math.max(snapshotBytes, COMPACT_AT)
  const wantsCompaction = (): boolean => compacting === null &&
    (compactWaiters !== null || (!failing && logBytes > threshold() && logBytes >= retryAt))

  const rotate = async (): Promise<void> => {
    // A previous compaction's snapshot failed: its FILE.log.1 stays until a snapshot succeeds, and
    // FILE.log (older lines and newer) stays whole, which replays the same over the new snapshot.
    if (rotatedExists) return
    try {
      await io.rename(log, rotated)
      rotatedExists = true
      logBytes = 0
      // Any torn tail went with the old log, where a restart ignores it as its last line.
      repair = false
    } catch {
      // No log yet: nothing to rotate. Any other failure keeps FILE.log whole, which replays the
      // same over the snapshot; it is rotated at the next compaction.
    }
  }

  const writeSnapshot = async (text: string): Promise<void> => {
    try {
      await io.writeSnapshot(text)
      snapshotBytes = Buffer.byteLength(text)
      if (rotatedExists) {
        await io.remove(rotated)
        rotatedExists = false
      }
      retryAt = 0
    } catch (err) {
      // The logs still hold everything; retrying at once would rewrite the whole file in a loop.
      retryAt = logBytes + threshold()
      throw err
    }
  }

  /**
   * The one writer: at most one append in flight; commits made meanwhile join `next`, whose line is
   * made when its turn comes, from the records as they are then. A compaction makes its snapshot
   * in the same tick as a line, so the snapshot is exactly the state after that line; it rotates
   * the log once that line is written, then writes the snapshot in the background while appends go
   * on to a fresh FILE.log.
   */
  const run = async (): Promise<void> => {
    running = true
    while (next !== null || wantsCompaction()) {
      const batch = next
      next = null
      const compact = wantsCompaction()
      const waiters = compact ? compactWaiters : null
      if (compact) compactWaiters = null
      const snapshot = compact ? JSON.stringify(world.data) : null
      const line = tracker.take(world, snapshot ?? undefined)
      try {
        if (line !== null) {
          if (repair) {
            await io.truncate(log, logBytes).catch((err: unknown) => { if (code(err) !== 'ENOENT') throw err })
            repair = false
          }
          try {
            await io.append(log, line.text)
          } catch (err) {
            repair = true
            throw err
          }
          logBytes += Buffer.byteLength(line.text)
          failing = false
        }
      } catch (err) {
        // Not written: its records are marked again, so the next line carries their values then.
        line?.undo()
        failing = true
        batch?.reject(err)
        waiters?.reject(err)
        continue
      }
      batch?.resolve()
      if (snapshot !== null) {
        await rotate()
        compacting = writeSnapshot(snapshot).then(() => waiters?.resolve(), (err: unknown) => waiters?.reject(err)).finally(() => {
          compacting = null
          if (next !== null || wantsCompaction()) start()
        })
      }
    }
    running = false
  }

  const start = (): void => {
    // run() settles every waiter itself; nothing in it is expected to throw past that.
    if (!running) run().catch((err: unknown) => { running = false; next?.reject(err); next = null })
  }

  const commit = (): Promise<void> => {
    if (next === null) {
      next = deferred()
      const promise = next.promise
      start()
      return promise
    }
    return next.promise
  }

  /** Resolves once a snapshot made after this call is written and the logs it covers are gone. */
  const compact = (): Promise<void> => {
    if (compactWaiters === null) compactWaiters = deferred()
    const promise = compactWaiters.promise
    if (compacting === null) start()
    return promise
  }

  return {
    kind: 'file',
    get world () { return world },
    commit,
    replace: async (data) => {
      const fresh = worldFrom(checkState(data), tzOffset)
      world.changes = undefined
      world = fresh
      world.changes = tracker.listener
      // The new state goes into the log as one line first: FILE.log.1 may still hold older lines,
      // which must not replay over the new snapshot without that line after them.
      tracker.replaced()
      await compact()
    },
    snapshot: () => copyData(world.data),
    idle: async () => {
      const busy = () => running || compacting !== null
      while (busy()) {
        await compacting?.catch(() => {})
        await new Promise(resolve => setImmediate(resolve))
      }
    },
    // Everything is written, then compacted, so after a clean shutdown the data file alone holds it.
    close: async () => {
      await commit()
      const logsLeft = () => logBytes > 0 || rotatedExists
      for (let i = 0; i < 2 && logsLeft(); i++) await compact()
      await compacting
    }
  }
}
