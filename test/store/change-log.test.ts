// The data file's change log: torn and corrupt lines, a crash at every file operation, compaction and clean close.
import t from 'tap'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { loadFixtures } from '../../src/fixtures.js'
import { createFileStore, DataFileError, readDurableState, type FileIo } from '../../src/store/file-store.js'
import { copyData, type Store } from '../../src/store/store.js'
import type { WorldData } from '../../src/schemas/state.js'
import { ACME, build, call, GLOBEX } from '../helpers/app.js'
import { admin } from '../helpers/admin.js'

const fixtures = loadFixtures()

function tempDir (t: { teardown(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'fw-log-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** Every file in `dir`, by name. */
function files (dir: string): Map<string, Buffer> {
  return new Map(readdirSync(dir).sort().map(name => [name, readFileSync(join(dir, name))]))
}

function restore (dir: string, state: Map<string, Buffer>): void {
  for (const name of readdirSync(dir)) rmSync(join(dir, name))
  for (const [name, bytes] of state) writeFileSync(join(dir, name), bytes)
}

/** A data file and a log of two real lines (a rename, then a create), written by a store that then crashed. */
async function crashedAfterTwoChanges (t: Parameters<typeof tempDir>[0] & { teardown(fn: () => unknown): void, fail(m: string): unknown }) {
  const dir = tempDir(t)
  const file = join(dir, 'state.json')
  const store = await createFileStore(file, fixtures, 0)
  const app = await build(t, { store })
  await call(app, 'PUT', `${ACME}/mcp_servers/sales-tools-mcp-server`, { name: 'Renamed Once' })
  await call(app, 'POST', `${ACME}/mcp_servers`, { name: 'Logged Server', folder_id: 27180380 })
  const state = store.snapshot()
  // A kill -9 now: copy the files aside before the app's teardown closes (and compacts) the store.
  const crashed = files(dir)
  const logText = readFileSync(`${file}.log`, 'utf8')
  return { dir, file, state, crashed, logText }
}

t.test('a crash leaves the data file plus a log; a restart replays it, compacts, and serves the same state', async (t) => {
  const { state, crashed, logText } = await crashedAfterTwoChanges(t)
  t.same([...crashed.keys()], ['state.json', 'state.json.log'])
  t.equal(logText.split('\n').length, 3, 'one line per commit, each ending in a newline')
  const other = join(tempDir(t), 'state.json')
  restore(join(other, '..'), crashed)
  t.same(await readDurableState(other), state, 'the durable state is exactly what was served')
  const again = await createFileStore(other, fixtures, 0)
  t.same(again.snapshot(), state)
  t.same(readdirSync(join(other, '..')), ['state.json'], 'compacted at start: the logs are gone')
  t.same(JSON.parse(readFileSync(other, 'utf8')), state, 'and the data file holds everything')
  await again.close()
})

t.test('a torn last line (a crash mid-append, never answered) is ignored', async (t) => {
  const { state, crashed, logText } = await crashedAfterTwoChanges(t)
  const dir = tempDir(t)
  const copy = join(dir, 'state.json')
  const [first] = logText.split('\n')
  for (const torn of [first.slice(0, 40), first, '{']) {
    restore(dir, crashed)
    // The second line torn: only the first line's change survives.
    writeFileSync(`${copy}.log`, `${first}\n${torn}`)
    const durable = await readDurableState(copy)
    t.equal(durable.managed_users[0].mcp_servers[0].name, 'Renamed Once')
    t.notOk(durable.managed_users[0].mcp_servers.some(s => s.name === 'Logged Server'), `torn ${JSON.stringify(torn.slice(0, 12))}… dropped`)
    const store = await createFileStore(copy, fixtures, 0)
    t.same(store.snapshot(), durable)
    await store.close()
  }
  // Torn at the end of FILE.log.1 too (a failed append, then a rotation).
  restore(dir, crashed)
  writeFileSync(`${copy}.log.1`, `${logText}{"count`)
  rmSync(`${copy}.log`)
  t.same(await readDurableState(copy), state)
})

t.test('a log that cannot be replayed is refused with one line naming it; no file is touched', async (t) => {
  const { crashed, logText } = await crashedAfterTwoChanges(t)
  const [first, second] = logText.split('\n')
  const line = JSON.parse(second)
  const cases: Array<{ name: string, log: string, at?: string, problem: RegExp }> = [
    { name: 'a corrupt middle line', log: `${first.slice(0, 30)}\n${second}\n`, problem: /line 1 is not valid JSON \(/ },
    { name: 'a corrupt line in FILE.log.1', at: '.log.1', log: `${first}\nnot json\n${second}\n`, problem: /\.log\.1 line 2 is not valid JSON/ },
    { name: 'a blank line', log: `${first}\n\n${second}\n`, problem: /line 2 is not valid JSON/ },
    {
      name: 'a server in a managed user that does not exist',
      log: `${first}\n${JSON.stringify({ ...line, servers: [{ ...line.servers[0], managed_user_id: 4242 }] })}\n`,
      problem: /line 2 does not apply \(server 1004 belongs to managed user 4242, which does not exist\)/
    },
    {
      name: 'a record the schema rejects',
      log: `${JSON.stringify({ ...line, servers: [{ ...line.servers[0], server: { ...line.servers[0].server, handle: 'Not A Handle' } }] })}\n`,
      problem: /line 1 is not a valid change \(servers\[0\]\.server\.handle: /
    },
    { name: 'an unknown key', log: `${JSON.stringify({ ...line, extra: 1 })}\n`, problem: /line 1 is not a valid change \(/ },
    {
      name: 'lines that replay into a broken state',
      log: `${JSON.stringify({ ...line, servers: [{ ...line.servers[0], server: { ...line.servers[0].server, handle: 'hr-automation-server' } }] })}\n`,
      problem: /replays into an invalid state \(.*duplicate handle "hr-automation-server"/
    }
  ]
  const dir = tempDir(t)
  const file = join(dir, 'state.json')
  for (const c of cases) {
    restore(dir, crashed)
    rmSync(`${file}.log`)
    writeFileSync(`${file}${c.at ?? '.log'}`, c.log)
    const before = files(dir)
    const err = await createFileStore(file, fixtures, 0).then(() => null, (e: unknown) => e)
    t.ok(err instanceof DataFileError, `${c.name}: a DataFileError`)
    const text = (err as Error).message
    t.match(text, new RegExp(`^change log ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.log`), `${c.name}: names the log`)
    t.match(text, c.problem, `${c.name}: names the line and the problem`)
    t.match(text, /; refusing to start \(the data file and its logs were left untouched\)$/)
    t.notMatch(text, /\n/, 'one line')
    t.same(files(dir), before, `${c.name}: every file as it was, and no other`)
  }

  restore(dir, crashed)
  rmSync(file)
  await t.rejects(createFileStore(file, fixtures, 0), { message: /^change log .*state\.json\.log exists but the data file .*state\.json does not/ }, 'a log without its data file is refused')
  t.same([...files(dir).keys()], ['state.json.log'])
})

/**
 * Drives a store through `work` while recording, before every file operation it makes, the files
 * as they are (a crash there) and, for an append, also the files with half the line written (a
 * crash mid-append). A restart at that point must give `durable`, the state when the last
 * completed append's line was made, or `pending`, that of the append in flight (its bytes may be
 * in the file before its promise settles: a change never answered, which may survive).
 */
async function recordCrashPoints (dir: string, file: string, options: { compactAt: number },
  work: (store: Store) => Promise<void>) {
  const points: Array<{ at: string, files: Map<string, Buffer>, durable: WorldData, pending?: WorldData }> = []
  const now: { store?: Store, durable?: WorldData, pending?: WorldData } = {}
  const record = (at: string, extra?: (m: Map<string, Buffer>) => void) => {
    if (now.durable === undefined) return
    const m = files(dir)
    extra?.(m)
    points.push({ at, files: m, durable: now.durable, pending: now.pending })
  }
  const io = (real: FileIo): FileIo => ({
    async append (log, text) {
      // Called in the tick the line was made: this is the state the line brings the log to.
      const madeAt = now.store === undefined ? undefined : copyData(now.store.world.data)
      record('append')
      record('half an append', m => {
        const name = log.slice(dir.length + 1)
        m.set(name, Buffer.concat([m.get(name) ?? Buffer.alloc(0), Buffer.from(text.slice(0, text.length >> 1))]))
      })
      now.pending = madeAt
      await real.append(log, text)
      if (madeAt !== undefined) now.durable = madeAt
      now.pending = undefined
    },
    async writeSnapshot (text) {
      record('snapshot')
      // A slow disk: appends go on meanwhile, so crashes with both FILE.log.1 and FILE.log are recorded.
      await new Promise(resolve => setTimeout(resolve, 5))
      await real.writeSnapshot(text)
      record('snapshot written')
    },
    async rename (from, to) { record('rotate'); await real.rename(from, to) },
    async remove (f) { record(`remove ${f.slice(dir.length + 1)}`); await real.remove(f) },
    async truncate (f, size) { record('truncate'); await real.truncate(f, size) }
  })
  const store = await createFileStore(file, fixtures, 0, { ...options, io })
  now.store = store
  now.durable = store.snapshot()
  await work(store)
  record('end')
  return { points, final: store.snapshot() }
}

t.test('a crash at any file operation, compactions included, restarts into the last answered state', async (t) => {
  const dir = tempDir(t)
  const file = join(dir, 'state.json')
  let app: FastifyInstance | undefined
  const { points, final } = await recordCrashPoints(dir, file, { compactAt: 1 }, async (store) => {
    app = await build(t, { store })
    const a = app
    const put = (path: string, body: unknown) => call(a, 'PUT', `${ACME}/mcp_servers/${path}`, body)
    for (let round = 0; round < 4; round++) {
      // Concurrent requests share lines; a name freed by a delete is taken again at once (a handle reused).
      await Promise.all([
        call(a, 'POST', `${ACME}/mcp_servers`, { name: 'Reused Name', folder_id: 27180380, tools: [{ trigger_application: 'workato_recipe_function', id: 66870002 }] }),
        put('sales-tools-mcp-server', { description: `round ${round}` }),
        call(a, 'POST', `${GLOBEX}/mcp_servers/globex-support-server/token_renew`)
      ])
      await put('reused-name/server_policies', { mcp_server_policy: { rate_limits: { per_minute: round + 1 } } })
      await call(a, 'DELETE', `${ACME}/mcp_servers/reused-name`)
      await call(a, 'PUT', `${ACME}/mcp_servers/hr-automation-server/tools/3004`, { description: `tool round ${round}` })
      if (round === 1) t.equal((await admin(a, 'POST', '/managed_users', { external_id: 'log-tenant', servers: true })).status, 201)
      if (round === 2) t.equal((await admin(a, 'DELETE', '/managed_users/Elog-tenant')).status, 204)
    }
    await app.close()
  })
  t.ok(points.filter(p => p.at === 'rotate').length >= 3, `compactions happened (${points.map(p => p.at).join(', ')})`)
  t.same([...points.at(-1)!.files.keys()], ['state.json'], 'a clean close leaves only the data file')
  t.same(points.at(-1)!.durable, final)

  const crashDir = tempDir(t)
  const crashFile = join(crashDir, 'state.json')
  const seen = new Set<string>()
  for (const [i, p] of points.entries()) {
    restore(crashDir, p.files)
    const kinds = [...p.files.keys()].join('+')
    seen.add(kinds)
    const durable = await readDurableState(crashFile).catch((err: unknown) => err as Error)
    if (durable instanceof Error) {
      t.fail(`point ${i} (${p.at}, files ${kinds}): ${durable.message}`)
      continue
    }
    const got = JSON.stringify(durable)
    if (got !== JSON.stringify(p.durable) && (p.pending === undefined || got !== JSON.stringify(p.pending))) {
      t.same(durable, p.durable, `point ${i} (${p.at}, files ${kinds}) restarts into the last answered state (or the one in flight)`)
    }
  }
  t.pass(`${points.length} crash points checked`)
  t.ok(seen.has('state.json+state.json.log+state.json.log.1'), 'crashes with a rotated log and a new one were among them')
  // One of them through a real start: it replays, compacts and serves.
  const mid = points.find(p => p.files.has('state.json.log.1') && p.files.has('state.json.log'))!
  restore(crashDir, mid.files)
  const again = await createFileStore(crashFile, fixtures, 0)
  t.same(again.snapshot(), mid.durable)
  t.same(readdirSync(crashDir), ['state.json'])
  await again.close()
})

t.test('a reset and a state import are logged whole, so older log lines never replay over them', async (t) => {
  const dir = tempDir(t)
  const file = join(dir, 'state.json')
  const { points, final } = await recordCrashPoints(dir, file, { compactAt: 1 << 30 }, async (store) => {
    const app = await build(t, { store })
    await call(app, 'POST', `${ACME}/mcp_servers`, { name: 'Before Reset', folder_id: 27180380 })
    t.equal((await admin(app, 'POST', '/reset')).status, 200)
    const smaller = structuredClone(fixtures)
    smaller.managed_users = smaller.managed_users.slice(0, 1)
    t.equal((await admin(app, 'PUT', '/state', smaller)).status, 200)
    await call(app, 'PUT', `${ACME}/mcp_servers/sales-tools-mcp-server`, { name: 'After Import' })
    await store.commit()
  })
  t.equal(final.managed_users.length, 1)
  const crashDir = tempDir(t)
  for (const [i, p] of points.entries()) {
    restore(crashDir, p.files)
    const got = await readDurableState(join(crashDir, 'state.json'))
    if (p.pending === undefined || JSON.stringify(got) !== JSON.stringify(p.pending)) t.same(got, p.durable, `point ${i} (${p.at})`)
  }
  const snapshots = points.filter(p => p.at === 'snapshot')
  t.ok(snapshots.length >= 2, 'reset and import each wrote a snapshot')
})
