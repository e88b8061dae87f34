// The published package works without the source tree: npm pack, install the tarball elsewhere, run it.
import t from 'tap'
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { startCli } from './helpers/cli.js'

const run = promisify(execFile)
const ROOT = fileURLToPath(new URL('..', import.meta.url))
const env = { ...process.env, npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false' }

t.test('npm pack → install into an empty folder → npx fake-workato', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'fw-pack-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))

  // dist/ was built before the suite; --ignore-scripts skips prepack's rebuild so running tests
  // never see dist/ rewritten under them.
  const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT, env })
  const [info] = JSON.parse(packed.stdout) as Array<{ filename: string, files: Array<{ path: string, mode: number }> }>
  const paths = info.files.map(f => f.path)
  for (const p of ['package.json', 'dist/cli.js', 'dist/index.js', 'dist/index.d.ts', 'fixtures/acme.json', 'fixtures/globex.json']) {
    t.ok(paths.includes(p), `the tarball has ${p}`)
  }
  t.same(paths.filter(p => /^(src|test|scripts|\.ci)\//.test(p)), [], 'no source tree, tests or CI scripts')
  const cli = info.files.find(f => f.path === 'dist/cli.js')
  t.ok(((cli?.mode ?? 0) & 0o111) !== 0, 'the bin is executable in the tarball')

  const app = join(dir, 'consumer')
  mkdirSync(app)
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }))
  await run('npm', ['install', '--prefer-offline', '--omit=dev', '--no-audit', '--no-fund', join(dir, info.filename)], { cwd: app, env })
  t.ok(existsSync(join(app, 'node_modules/fake-workato/dist/cli.js')))
  t.notOk(existsSync(join(app, 'node_modules/tap')), 'dev dependencies are not installed')
  t.notOk(existsSync(join(app, 'node_modules/typescript')), 'no TypeScript needed at run time')

  // npx resolves the bin the install linked; ask it for the version, then run that bin directly
  // (npx between the test and the server would swallow the signal the shutdown check sends).
  const viaNpx = await run('npx', ['--no', '--', 'fake-workato', '--version'], { cwd: app, env })
  t.equal(viaNpx.stdout.trim(), JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version)
  const bin = join(app, 'node_modules/.bin/fake-workato')
  const server = await startCli(['--port', '0'], { cwd: app, command: [bin] })
  t.teardown(() => { server.child.kill('SIGKILL') })
  t.match(server.line, /^fake-workato listening on http:\/\/127\.0\.0\.1:\d+ \(store: memory, docs: .*\/docs\)$/)
  const health = await fetch(`${server.url}/health`)
  t.same(await health.json(), { status: 'ok' })
  const list = await fetch(`${server.url}/api/managed_users/91829/mcp_servers`, { headers: { authorization: 'Bearer dev-token' } })
  t.equal(list.status, 200)
  t.same(((await list.json()) as { data: Array<{ id: number }> }).data.map(s => s.id), [1001, 1002], 'the shipped fixtures')
  server.child.kill('SIGTERM')
  t.equal((await server.exited).code, 0)

  // The main export, as an embedding test suite would use it.
  writeFileSync(join(app, 'embed.mjs'), `
    import { buildApp, startServer } from 'fake-workato'
    const app = await buildApp({ logger: false, env: {} })
    const injected = await app.inject({ method: 'GET', url: '/api/managed_users/EA2300/mcp_servers', headers: { authorization: 'Bearer dev-token' } })
    await app.close()
    const server = await startServer({ logger: false, env: {}, config: { port: 0, apiTokens: ['embed'] } })
    const res = await fetch(server.url + '/api/managed_users/91830/mcp_servers', { headers: { authorization: 'Bearer embed' } })
    const body = await res.json()
    await server.close()
    console.log(JSON.stringify({ injected: injected.json().count, listened: body.count, store: server.store }))
  `)
  const embedded = await run(process.execPath, ['embed.mjs'], { cwd: app, env })
  t.same(JSON.parse(embedded.stdout), { injected: 2, listened: 1, store: 'memory' })
})
