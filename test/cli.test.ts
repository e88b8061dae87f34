// The command line: flags > environment > defaults, one-line errors with exit code 2, start line, signals.
import t from 'tap'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseCliArgs } from '../src/cli-args.js'
import { ConfigError, createConfig } from '../src/config.js'
import { runCli, startCli } from './helpers/cli.js'

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }

t.test('flags win over the environment, the environment over defaults', async (t) => {
  const env = { PORT: '5001', HOST: '0.0.0.0', FAKE_WORKATO_DATA: '/env/state.json', LOG_LEVEL: 'debug', FAKE_WORKATO_API_TOKENS: 'env-a,env-b' }
  const flags = parseCliArgs(['--port', '6001', '--data', '/flag/state.json', '--api-token', 'one', '--api-token', 'two', '--public-url', 'https://fake.example.test/'])
  const config = createConfig(flags.overrides, env)
  t.equal(config.port, 6001)
  t.equal(config.host, '0.0.0.0', 'from the environment')
  t.equal(config.data, '/flag/state.json')
  t.equal(config.logLevel, 'debug')
  t.same(config.apiTokens, ['one', 'two'], '--api-token is repeatable and replaces the environment list')
  t.equal(config.publicUrl, 'https://fake.example.test')
  const defaults = createConfig(parseCliArgs([]).overrides, {})
  t.equal(defaults.port, 4000)
  t.equal(defaults.host, '127.0.0.1')
  t.equal(defaults.data, undefined, 'memory by default')
  t.same(defaults.apiTokens, ['dev-token'])
  t.equal(defaults.publicUrl, 'http://127.0.0.1:4000')
  t.same(parseCliArgs(['--help']), { overrides: {}, help: true, version: false })
  t.same(parseCliArgs(['-v']), { overrides: {}, help: false, version: true })
})

t.test('--help and --version print and exit 0', async (t) => {
  const help = await runCli(['--help'])
  t.equal(help.code, 0)
  for (const flag of ['--port', '--host', '--data', '--fixtures', '--api-token', '--public-url', '--log-level', '--help', '--version']) {
    t.match(help.stdout, flag)
  }
  const version = await runCli(['--version'])
  t.equal(version.code, 0)
  t.equal(version.stdout, `${pkg.version}\n`)
})

/** What the CLI prints for a configuration error, found in-process (the same code path main() takes). */
function configError (args: string[], env: Record<string, string> = {}): string {
  try {
    createConfig(parseCliArgs(args).overrides, env)
  } catch (err) {
    if (err instanceof ConfigError) return `fake-workato: ${err.message}`
    throw err
  }
  return ''
}

t.test('bad flags and environment values are refused with one clear line', async (t) => {
  t.equal(configError(['--port', '70000']), 'fake-workato: invalid port "70000" (expected 0-65535)')
  t.equal(configError(['--port', 'abc']), 'fake-workato: invalid port "abc" (expected 0-65535)')
  t.equal(configError([], { PORT: '-1' }), 'fake-workato: invalid port "-1" (expected 0-65535)')
  t.equal(configError(['--bogus']), "fake-workato: Unknown option '--bogus'")
  t.equal(configError(['--port']), "fake-workato: Option '--port <value>' argument missing")
  t.equal(configError(['--help=yes']), "fake-workato: Option '-h, --help' does not take an argument")
  t.equal(configError(['--log-level', 'loud']), 'fake-workato: invalid log level "loud" (expected one of fatal, error, warn, info, debug, trace, silent)')
  t.equal(configError([], { LOG_LEVEL: 'loud' }), 'fake-workato: invalid log level "loud" (expected one of fatal, error, warn, info, debug, trace, silent)')
  t.equal(configError(['--public-url', 'ftp://x']), 'fake-workato: invalid public URL "ftp://x"')
  t.equal(configError(['--api-token', '']), 'fake-workato: --api-token needs a non-empty value')
  t.equal(configError(['--data', ' ']), 'fake-workato: --data needs a non-empty value')
})

// The process itself: exit code 2, the line on stderr, nothing on stdout.
const bad: Array<{ args: string[], line: string }> = [
  { args: ['--port', '70000'], line: 'fake-workato: invalid port "70000" (expected 0-65535)' },
  { args: ['--bogus'], line: "fake-workato: Unknown option '--bogus'" },
  { args: ['stray'], line: "fake-workato: Unexpected argument 'stray'. This command does not take positional arguments" },
  { args: ['--fixtures', '/no/such/fixtures'], line: 'fake-workato: /no/such/fixtures: fixtures file or folder not found' }
]

for (const b of bad) {
  t.test(`fake-workato ${b.args.join(' ')} → one line, exit 2`, async (t) => {
    const res = await runCli(b.args)
    t.equal(res.code, 2)
    t.equal(res.stderr, `${b.line}\n`)
    t.equal(res.stdout, '')
  })
}

t.test('a corrupt data file: the documented one-line refusal, exit 2, the bytes unchanged', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'fw-cli-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const file = join(dir, 'state.json')
  const bytes = Buffer.from('{"schema_version": 1, "managed_users": [ oops')
  writeFileSync(file, bytes)
  const res = await runCli(['--data', file, '--port', '0'])
  t.equal(res.code, 2)
  t.match(res.stderr, new RegExp(`^fake-workato: data file ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not valid JSON \\(.*\\); refusing to start \\(the file was left untouched\\)\\n$`))
  t.same(readFileSync(file), bytes)

  writeFileSync(file, JSON.stringify({ schema_version: 99, managed_users: [] }))
  const before = readFileSync(file)
  const newer = await runCli([], { FAKE_WORKATO_DATA: file, PORT: '0' })
  t.equal(newer.code, 2)
  t.equal(newer.stderr, `fake-workato: data file ${file} is not a valid fake-workato state (schema_version: unsupported schema version 99 (this fake reads 1)); refusing to start (the file was left untouched)\n`)
  t.same(readFileSync(file), before)

  // A good data file with a change log corrupt in the middle: refused the same way, naming the log.
  writeFileSync(file, JSON.stringify({ schema_version: 1, managed_users: [] }))
  const log = Buffer.from('garbage\n{"counters":{"managed_user":0,"server":0,"tool":0,"policy":0,"token":1}}\n')
  writeFileSync(`${file}.log`, log)
  const badLog = await runCli(['--data', file, '--port', '0'])
  t.equal(badLog.code, 2)
  t.match(badLog.stderr, new RegExp(`^fake-workato: change log ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.log line 1 is not valid JSON \\(.*\\); refusing to start \\(the data file and its logs were left untouched\\)\\n$`))
  t.same(readFileSync(`${file}.log`), log)
})

t.test('the start line names the URL, the store and the docs; /health answers without auth', async (t) => {
  const cli = await startCli(['--port', '0', '--api-token', 'flag-token'], { env: { FAKE_WORKATO_API_TOKENS: 'env-token' } })
  t.teardown(() => { cli.child.kill('SIGKILL') })
  t.match(cli.url, /^http:\/\/127\.0\.0\.1:\d+$/)
  t.equal(cli.line, `fake-workato listening on ${cli.url} (store: memory, docs: ${cli.url}/docs)`)
  const health = await fetch(`${cli.url}/health`)
  t.equal(health.status, 200)
  t.same(await health.json(), { status: 'ok' })
  const withFlagToken = await fetch(`${cli.url}/api/managed_users/91829/mcp_servers`, { headers: { authorization: 'Bearer flag-token' } })
  t.equal(withFlagToken.status, 200)
  const withEnvToken = await fetch(`${cli.url}/api/managed_users/91829/mcp_servers`, { headers: { authorization: 'Bearer env-token' } })
  t.equal(withEnvToken.status, 401, 'the flag replaced the environment list')
  // With --port 0 the port is chosen before routes exist, so mcp_url points at the real port.
  const detail = await fetch(`${cli.url}/api/managed_users/91829/mcp_servers/sales-tools-mcp-server`, { headers: { authorization: 'Bearer flag-token' } })
  const body = await detail.json() as { data: { mcp_url: string } }
  t.match(body.data.mcp_url, `${cli.url}/mcp/servers/sales-tools-mcp-server?token=`)
  cli.child.kill('SIGTERM')
  const exit = await cli.exited
  t.equal(exit.code, 0)
})

t.test('SIGTERM lets an in-flight request finish and flushes its write, then exits 0', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'fw-cli-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const file = join(dir, 'state.json')
  const cli = await startCli(['--port', '0', '--data', file])
  t.teardown(() => { cli.child.kill('SIGKILL') })
  // The request is in flight when the signal arrives: headers sent, half the body still to come.
  const { request } = await import('node:http')
  const body = JSON.stringify({ name: 'Last Words', folder_id: 27180380 })
  const answer = new Promise<{ status: number, text: string }>((resolve, reject) => {
    const req = request(`${cli.url}/api/managed_users/91829/mcp_servers`, {
      method: 'POST',
      headers: { authorization: 'Bearer dev-token', 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }
    }, res => {
      let text = ''
      res.on('data', (d: Buffer) => { text += d.toString() })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }))
    })
    req.on('error', reject)
    req.write(body.slice(0, 10))
    setTimeout(() => {
      cli.child.kill('SIGTERM')
      setTimeout(() => req.end(body.slice(10)), 300)
    }, 500)
  })
  const res = await answer
  const started = Date.now()
  t.equal(res.status, 200, 'the in-flight request was answered')
  t.equal(JSON.parse(res.text).data.name, 'Last Words')
  const exit = await cli.exited
  t.equal(exit.code, 0)
  t.ok(Date.now() - started < 5000, 'gone within 5 s')
  const onDisk = JSON.parse(readFileSync(file, 'utf8')) as { managed_users: Array<{ mcp_servers: Array<{ name: string }> }> }
  t.ok(onDisk.managed_users[0].mcp_servers.some(s => s.name === 'Last Words'))
})

t.test('a keep-alive client holding a connection open does not stop the exit', async (t) => {
  const cli = await startCli(['--port', '0'])
  t.teardown(() => { cli.child.kill('SIGKILL') })
  const { request } = await import('node:http')
  const agent = new (await import('node:http')).Agent({ keepAlive: true })
  await new Promise<void>((resolve, reject) => {
    request(`${cli.url}/health`, { agent }, res => { res.resume(); res.on('end', resolve) }).on('error', reject).end()
  })
  cli.child.kill('SIGINT')
  const exit = await cli.exited
  t.equal(exit.code, 0)
  agent.destroy()
})
