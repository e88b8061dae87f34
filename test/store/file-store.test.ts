// The lowdb file store: seeding, group commit to the change log, failed appends, and refusing bad files untouched.
import t from 'tap'
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadFixtures } from '../../src/fixtures.js'
import { createFileStore, DataFileError, readDurableState, type FileIo } from '../../src/store/file-store.js'
import { checkState } from '../../src/domain/state-check.js'
import { buildApp } from '../../src/app.js'
import * as pkg from '../../src/index.js'
import { ACME, build, call } from '../helpers/app.js'

const fixtures = loadFixtures()

function tempDir (t: { teardown(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'fw-file-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

t.test('a missing file is seeded from the fixtures as compact JSON with a schema version', async (t) => {
  const file = join(tempDir(t), 'state.json')
  const store = await createFileStore(file, fixtures, 0)
  const text = readFileSync(file, 'utf8')
  t.notMatch(text, /\n/, 'compact: one line')
  const data = checkState(JSON.parse(text))
  t.equal(data.schema_version, 1)
  t.same(data.counters, { managed_user: 91830, server: 1003, tool: 3007, policy: 503, token: 0 })
  t.same(data, store.snapshot())
  await store.close()
})

t.test('buildApp chooses the file store from config.data (and memory without it)', async (t) => {
  const file = join(tempDir(t), 'state.json')
  const env = {}
  const app = await buildApp({ logger: false, env, config: { data: file } })
  const res = await app.inject({
    method: 'POST',
    url: '/api/managed_users/91829/mcp_servers',
    headers: { authorization: 'Bearer dev-token' },
    payload: { name: 'On Disk', folder_id: 27180380 }
  })
  t.equal(res.statusCode, 200)
  // The response was sent, so the change is already durable (as a restart would read it).
  const onDisk = await readDurableState(file)
  t.ok(onDisk.managed_users[0].mcp_servers.some(s => s.handle === 'on-disk'))
  await app.close()

  const viaEnv = await buildApp({ logger: false, env: { FAKE_WORKATO_DATA: file } })
  const got = await viaEnv.inject({ method: 'GET', url: '/api/managed_users/91829/mcp_servers/on-disk', headers: { authorization: 'Bearer dev-token' } })
  t.equal(got.statusCode, 200, 'FAKE_WORKATO_DATA opens the same file')
  await viaEnv.close()

  const memory = await buildApp({ logger: false, env: {} })
  const none = await memory.inject({ method: 'GET', url: '/api/managed_users/91829/mcp_servers/on-disk', headers: { authorization: 'Bearer dev-token' } })
  t.equal(none.statusCode, 404, 'no data option: memory, seeded from the fixtures')
  await memory.close()
})

/** Wraps the real file operations: records what each append carried and holds appends until released. */
function gatedIo () {
  const appends: Array<{ tokens: number, done: boolean }> = []
  let gate: (() => void) | null = null
  let holding = false
  const io = (real: FileIo): FileIo => ({
    ...real,
    async append (log, text) {
      const entry = { tokens: (JSON.parse(text) as { counters: { token: number } }).counters.token, done: false }
      appends.push(entry)
      if (holding) await new Promise<void>(resolve => { gate = resolve })
      await real.append(log, text)
      entry.done = true
    }
  })
  return {
    io,
    appends,
    hold () { holding = true },
    /** Lets the held append go on; later appends are held too until unhold(). */
    release () { const g = gate; gate = null; if (g === null) throw new Error('no append is held'); g() },
    unhold () { holding = false; const g = gate; gate = null; g?.() }
  }
}

const tick = () => new Promise(resolve => setImmediate(resolve))
const durableTokens = async (file: string) => (await readDurableState(file)).counters?.token

t.test('group commit: one append carries every change made while the previous append was in flight', async (t) => {
  const file = join(tempDir(t), 'state.json')
  const gated = gatedIo()
  const store = await createFileStore(file, fixtures, 0, { io: gated.io })
  t.equal(gated.appends.length, 0, 'seeding writes the data file, not the log')
  gated.hold()

  const resolved: string[] = []
  store.world.nextTokenPosition()
  const a = store.commit().then(() => resolved.push('a'))
  t.equal(gated.appends.length, 1, 'the first commit starts an append at once')
  t.equal(gated.appends[0].tokens, 1)

  // While that append is held, 50 more changes and commits arrive.
  const rest: Array<Promise<unknown>> = []
  for (let i = 0; i < 50; i++) {
    store.world.nextTokenPosition()
    rest.push(store.commit().then(() => resolved.push(`b${i}`)))
  }
  await tick()
  t.equal(gated.appends.length, 1, 'no second append while one is in flight')
  t.same(resolved, [], 'nothing is acknowledged before its line is written')
  t.equal(await durableTokens(file), 0, 'and indeed nothing is durable yet')

  gated.release()
  await a
  t.same(resolved, ['a'], 'the first commit resolves with its own append, the others wait')
  t.equal(await durableTokens(file), 1)
  t.equal(gated.appends.length, 2, 'one append for all 50 waiting commits')
  t.equal(gated.appends[1].tokens, 51, 'made when it started, so it carries all 50 changes')
  gated.release()
  await Promise.all(rest)
  t.equal(resolved.length, 51)
  t.equal(await durableTokens(file), 51)

  // A commit made after an append started waits for the next append, never the running one.
  store.world.nextTokenPosition()
  const c = store.commit()
  store.world.nextTokenPosition()
  let dDone = false
  const d = store.commit().then(() => { dDone = true })
  gated.release()
  await c
  await tick()
  t.equal(dDone, false, 'the later commit did not ride on the append that started before it')
  t.equal(gated.appends[3].tokens, 53)
  gated.release()
  await d
  t.equal(await durableTokens(file), 53)
  t.equal(gated.appends.length, 4)

  // Nothing changed since the last line: a commit resolves without an append.
  await store.commit()
  t.equal(gated.appends.length, 4, 'no empty lines')
  gated.unhold()
  await store.close()
})

t.test('a failed append rejects its commits; the next commit carries the change', async (t) => {
  const dir = tempDir(t)
  const file = join(dir, 'state.json')
  let fail: 'no' | 'before' | 'half' = 'no'
  const store = await createFileStore(file, fixtures, 0, {
    io: real => ({
      ...real,
      append: async (log, text) => {
        if (fail === 'before') throw new Error('disk full')
        // Part of the line reaches the file before the error, as a full disk can do.
        if (fail === 'half') { await real.append(log, text.slice(0, text.length >> 1)); throw new Error('disk full half-way') }
        await real.append(log, text)
      }
    })
  })
  const app = await build(t, { store })
  t.equal((await call(app, 'PUT', `${ACME}/mcp_servers/sales-tools-mcp-server`, { name: 'Kept' })).status, 200)
  fail = 'before'
  store.world.nextTokenPosition()
  await t.rejects(store.commit(), /disk full/)
  fail = 'half'
  const renamed = await call(app, 'PUT', `${ACME}/mcp_servers/hr-automation-server`, { name: 'Retried' })
  t.equal(renamed.status, 500, 'a request whose change could not be made durable is not answered with success')
  t.equal(await durableTokens(file), 0, 'the torn half line is not durable')
  fail = 'no'
  await store.commit()
  const durable = await readDurableState(file)
  t.equal(durable.counters?.token, 1, 'the next line carries the change the failed ones did not')
  t.same(durable.managed_users[0].mcp_servers.map(s => s.name), ['Kept', 'Retried'])
  t.same(durable, store.snapshot())
  // Had the half line stayed, it would now sit mid-log and readDurableState would have refused it.
  await app.close()
  t.same(readdirSync(dir), ['state.json'], 'a clean close leaves the data file alone')
  t.same(checkState(JSON.parse(readFileSync(file, 'utf8'))), durable, 'holding everything')
})

t.test('a failed compaction keeps the logs, loses nothing, and is retried once the log grows again', async (t) => {
  const dir = tempDir(t)
  const file = join(dir, 'state.json')
  let failSnapshots = false
  let snapshots = 0
  let appended = 0
  const store = await createFileStore(file, fixtures, 0, {
    compactAt: 6000,
    io: real => ({
      ...real,
      append: async (log, text) => { appended += text.length; await real.append(log, text) },
      writeSnapshot: async (text) => {
        snapshots++
        if (failSnapshots) throw new Error('no space for the temp file')
        await real.writeSnapshot(text)
      }
    })
  })
  const app = await build(t, { store })
  failSnapshots = true
  const startSnapshots = snapshots
  const startAppended = appended
  for (let i = 0; i < 20; i++) {
    t.equal((await call(app, 'PUT', `${ACME}/mcp_servers/sales-tools-mcp-server`, { description: `attempt ${i}` })).status, 200, 'appends go on')
  }
  await store.idle()
  const failed = snapshots - startSnapshots
  const most = Math.ceil((appended - startAppended) / 6000)
  t.ok(failed >= 1 && failed <= most, `a compaction was tried once per 6000 bytes of log at most, not once per line (${failed} of at most ${most})`)
  t.ok(readdirSync(dir).includes('state.json.log.1'), 'the rotated log stays while its snapshot is missing')
  t.same(await readDurableState(file), store.snapshot(), 'every answered change is durable')
  failSnapshots = false
  await app.close()
  t.same(readdirSync(dir), ['state.json'], 'once snapshots work, close compacts everything')
  t.same(JSON.parse(readFileSync(file, 'utf8')), store.snapshot())
})

t.test('restarting keeps the seeded token generator from repeating tokens', async (t) => {
  const file = join(tempDir(t), 'state.json')
  const { createTokenGenerator } = await import('../../src/domain/tokens.js')
  const issued = new Set<string>()
  for (let run = 0; run < 2; run++) {
    const app = await buildApp({ logger: false, env: {}, config: { data: file }, tokens: createTokenGenerator('fixed-seed') })
    for (let i = 0; i < 3; i++) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/managed_users/91829/mcp_servers/sales-tools-mcp-server/token_renew',
        headers: { authorization: 'Bearer dev-token' }
      })
      t.equal(res.statusCode, 200)
      const token = new URL(JSON.parse(res.body).data.mcp_url).searchParams.get('token') as string
      t.notOk(issued.has(token), `run ${run}: token ${i} is new`)
      issued.add(token)
    }
    await app.close()
  }
  t.equal(issued.size, 6)
  t.equal(checkState(JSON.parse(readFileSync(file, 'utf8'))).counters?.token, 6)
})

// Each bad file: how it is written, and the problem the message must name.
const badFiles: Array<{ name: string, write(file: string): void, problem: RegExp }> = [
  { name: 'not JSON', write: f => writeFileSync(f, '{"schema_version": 1, "managed_users": ['), problem: /is not valid JSON \(/ },
  { name: 'empty', write: f => writeFileSync(f, ''), problem: /is not valid JSON \(/ },
  {
    name: 'unknown schema version',
    write: f => writeFileSync(f, JSON.stringify({ ...fixtures, schema_version: 2 })),
    problem: /is not a valid fake-workato state \(schema_version: unsupported schema version 2 \(this fake reads 1\)\)/
  },
  {
    name: 'no schema version',
    write: f => writeFileSync(f, JSON.stringify({ managed_users: [] })),
    problem: /is not a valid fake-workato state \(schema_version: /
  },
  {
    name: 'wrong shape',
    write: f => writeFileSync(f, JSON.stringify({ schema_version: 1, managed_users: [{ id: 'x' }] })),
    problem: /is not a valid fake-workato state \(managed_users\[0\]/
  },
  {
    name: 'broken references',
    write: f => {
      const data = structuredClone(fixtures)
      data.managed_users[0].mcp_servers[0].folder_id = 1
      writeFileSync(f, JSON.stringify(data))
    },
    problem: /is not a valid fake-workato state \(managed_users\[0\]\.mcp_servers\[0\]\.folder_id: folder 1 does not exist/
  },
  { name: 'a directory', write: f => mkdirSync(f), problem: /cannot be read \(EISDIR/ }
]

for (const bad of badFiles) {
  t.test(`refuses a data file that is ${bad.name}, and leaves it untouched`, async (t) => {
    const dir = tempDir(t)
    const file = join(dir, 'state.json')
    bad.write(file)
    const before = statSync(file).isDirectory() ? null : readFileSync(file)
    const listing = readdirSync(dir)
    const err = await createFileStore(file, fixtures, 0).then(() => null, (e: unknown) => e)
    t.ok(err instanceof DataFileError, 'a DataFileError')
    const message = (err as Error).message
    t.match(message, new RegExp(`^data file ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `), 'names the file')
    t.match(message, bad.problem, 'names the problem')
    t.match(message, /; refusing to start \(the file was left untouched\)$/)
    t.notMatch(message, /\n/, 'one line')
    if (before !== null) t.same(readFileSync(file), before, 'same bytes')
    t.same(readdirSync(dir), listing, 'no temp file or other file was written')
  })
}

t.test('an unreadable file is refused (when permissions apply)', async (t) => {
  if (process.getuid?.() === 0) {
    t.pass('root reads any file; the EISDIR case covers read errors')
    return
  }
  const file = join(tempDir(t), 'state.json')
  writeFileSync(file, JSON.stringify(fixtures))
  chmodSync(file, 0o000)
  await t.rejects(createFileStore(file, fixtures, 0), /cannot be read \(EACCES/)
})

t.test('a data file in a folder that does not exist cannot be created', async (t) => {
  const file = join(tempDir(t), 'missing', 'state.json')
  await t.rejects(createFileStore(file, fixtures, 0), {
    message: /^data file .*state\.json cannot be created \(ENOENT.*; refusing to start$/
  })
})

t.test('the package exports readDurableState: what a restart of a running file-store server would load', async (t) => {
  const dir = tempDir(t)
  const data = join(dir, 'state.json')
  const server = await pkg.startServer({ logger: false, env: {}, config: { port: 0, data } })
  const res = await fetch(`${server.url}/api/managed_users/91829/mcp_servers/sales-tools-mcp-server`, {
    method: 'PUT',
    headers: { authorization: 'Bearer dev-token', 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Durable Name' })
  })
  t.equal(res.status, 200)
  await res.arrayBuffer()
  const durable = await pkg.readDurableState(data)
  t.equal(durable.managed_users.find(mu => mu.id === 91829)?.mcp_servers.find(s => s.id === 1001)?.name, 'Durable Name')
  await server.close()
})
