// The lowdb file store: seeding, compact atomic writes, group commit, and refusing bad files untouched.
import t from 'tap'
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Adapter } from 'lowdb'
import { loadFixtures } from '../../src/fixtures.js'
import { compactJsonFile, createFileStore, DataFileError } from '../../src/store/file-store.js'
import type { WorldData } from '../../src/schemas/state.js'
import { checkState } from '../../src/domain/state-check.js'
import { buildApp } from '../../src/app.js'

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
  // The response was sent, so the change is already in the file.
  const onDisk = checkState(JSON.parse(readFileSync(file, 'utf8')))
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

/** Wraps the real adapter: records what each write carried and holds writes until released. */
function gatedAdapter (file: string) {
  const real = compactJsonFile(file)
  const writes: Array<{ tokens: number, done: boolean }> = []
  let gate: (() => void) | null = null
  let holding = false
  const adapter: Adapter<WorldData> = {
    read: () => real.read(),
    async write (data) {
      const entry = { tokens: data.counters?.token ?? -1, done: false }
      writes.push(entry)
      if (holding) await new Promise<void>(resolve => { gate = resolve })
      await real.write(data)
      entry.done = true
    }
  }
  return {
    adapter,
    writes,
    hold () { holding = true },
    /** Lets the held write go on; later writes are held too until unhold(). */
    release () { const g = gate; gate = null; if (g === null) throw new Error('no write is held'); g() },
    unhold () { holding = false; const g = gate; gate = null; g?.() }
  }
}

const tick = () => new Promise(resolve => setImmediate(resolve))

t.test('group commit: one write carries every change made while the previous write was in flight', async (t) => {
  const file = join(tempDir(t), 'state.json')
  const gated = gatedAdapter(file)
  const store = await createFileStore(file, fixtures, 0, gated.adapter)
  t.equal(gated.writes.length, 1, 'seeding wrote once')
  gated.hold()

  const resolved: string[] = []
  store.world.nextTokenPosition()
  const a = store.commit().then(() => resolved.push('a'))
  t.equal(gated.writes.length, 2, 'the first commit starts a write at once')
  t.equal(gated.writes[1].tokens, 1)

  // While that write is held, 50 more changes and commits arrive.
  const rest: Array<Promise<unknown>> = []
  for (let i = 0; i < 50; i++) {
    store.world.nextTokenPosition()
    rest.push(store.commit().then(() => resolved.push(`b${i}`)))
  }
  await tick()
  t.equal(gated.writes.length, 2, 'no second write while one is in flight')
  t.same(resolved, [], 'nothing is acknowledged before its write finishes')

  gated.release()
  await a
  t.same(resolved, ['a'], 'the first commit resolves with its own write, the others wait')
  t.equal(gated.writes.length, 3, 'one write for all 50 waiting commits')
  t.equal(gated.writes[2].tokens, 51, 'serialized when it started, so it carries all 50 changes')
  gated.release()
  await Promise.all(rest)
  t.equal(resolved.length, 51)
  t.equal(checkState(JSON.parse(readFileSync(file, 'utf8'))).counters?.token, 51)

  // A commit made after a write started waits for the next write, never the running one.
  store.world.nextTokenPosition()
  const c = store.commit()
  store.world.nextTokenPosition()
  let dDone = false
  const d = store.commit().then(() => { dDone = true })
  gated.release()
  await c
  await tick()
  t.equal(dDone, false, 'the later commit did not ride on the write that started before it')
  t.equal(gated.writes[4].tokens, 53)
  gated.release()
  await d
  t.equal(checkState(JSON.parse(readFileSync(file, 'utf8'))).counters?.token, 53)
  t.equal(gated.writes.length, 5)
  gated.unhold()
  await store.close()
})

t.test('a failed write rejects its commits; the next write carries the change', async (t) => {
  const file = join(tempDir(t), 'state.json')
  const real = compactJsonFile(file)
  let fail = false
  const store = await createFileStore(file, fixtures, 0, {
    read: () => real.read(),
    write: async (data) => {
      if (fail) throw new Error('disk full')
      await real.write(data)
    }
  })
  fail = true
  store.world.nextTokenPosition()
  await t.rejects(store.commit(), /disk full/)
  fail = false
  await store.commit()
  t.equal(checkState(JSON.parse(readFileSync(file, 'utf8'))).counters?.token, 1)
  await store.close()
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
