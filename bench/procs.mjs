// Starts and stops the processes under test: the fake (its real CLI), the baseline, and the peers.
import { fork, spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')

/** A free TCP port on 127.0.0.1 (for peers whose CLIs cannot listen on port 0 and report it). */
export function freePort () {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

const sleep = (ms) => new Promise(resolve => setTimeout(resolve, ms))

function tail (text) {
  const lines = text.trim().split('\n').filter(l => l.trim() !== '')
  return lines.slice(-3).join(' | ').slice(0, 300)
}

/** Resolves when the child exits (at once if it already has). */
function exited (child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise(resolve => child.once('exit', () => resolve()))
}

async function stop (child) {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
  const killer = setTimeout(() => child.kill('SIGKILL'), 5000)
  await exited(child)
  clearTimeout(killer)
}

/**
 * How to run the fake: the compiled CLI (the default, or the one in `build`, to compare two builds),
 * or with `source` the TypeScript CLI through the loader this process was started with (only the
 * smoke test does that, so it needs no build).
 */
export function fakeCommand ({ source = false, build = join(ROOT, 'dist') } = {}) {
  if (source) return { argv: [...process.execArgv, join(ROOT, 'src', 'cli.ts')], index: join(ROOT, 'src', 'index.ts') }
  return { argv: [join(build, 'cli.js')], index: join(build, 'index.js') }
}

/** Starts the fake's CLI on a free port and resolves with its URL once it prints its start line. */
export function startFake (command, { args = [], env = {}, timeoutMs = 60_000 } = {}) {
  const started = performance.now()
  const child = spawn(process.execPath, [...command.argv, ...args], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let out = ''
  let err = ''
  child.stderr.on('data', (d) => { err += d })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { stop(child); reject(new Error(`fake did not start in ${timeoutMs} ms: ${tail(err)}`)) }, timeoutMs)
    child.stdout.on('data', (d) => {
      out += d
      const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out)
      if (m !== null) {
        clearTimeout(timer)
        resolve({ url: m[1], pid: child.pid, child, started, stop: () => stop(child) })
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`fake exited with code ${code}: ${tail(err || out)}`))
    })
  })
}

/** Runs the CLI with --help (bounded: a build without flags would just start serving). */
export async function fakeHelp (command) {
  const child = spawn(process.execPath, [...command.argv, '--help'], {
    cwd: ROOT, env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe']
  })
  let out = ''
  child.stdout.on('data', (d) => { out += d })
  child.stderr.on('data', (d) => { out += d })
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
  await Promise.race([exited(child), sleep(5000)])
  clearTimeout(timer)
  await stop(child)
  return out
}

/** The bare Fastify baseline in its own process; `set` installs the bytes a scenario replays. */
export function startBaseline () {
  const child = fork(join(ROOT, 'bench', 'baseline.mjs'), [], { cwd: ROOT, execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  let nextId = 0
  const pending = new Map()
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`baseline exited with code ${code}`)))
    child.on('message', (msg) => {
      if (msg.type === 'set') {
        pending.get(msg.id)?.()
        pending.delete(msg.id)
      } else if (msg.type === 'ready') {
        resolve({
          url: `http://127.0.0.1:${msg.port}`,
          pid: child.pid,
          set: (key, method, reply) => new Promise((resolve) => {
            const id = nextId++
            pending.set(id, resolve)
            child.send({ type: 'set', id, key, method, ...reply })
          }),
          stop: () => { if (child.connected) child.disconnect(); return stop(child) }
        })
      }
    })
  })
}

/** Polls `url` until it answers with any HTTP status (or `timeoutMs` passes). */
export async function waitForHttp (url, { headers = {}, timeoutMs = 30_000, child } = {}) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child !== undefined && child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`)
    try {
      const res = await fetch(url, { headers, signal: AbortSignal.timeout(2000) })
      await res.arrayBuffer()
      return res.status
    } catch {
      await sleep(50)
    }
  }
  throw new Error(`no answer from ${url} within ${timeoutMs} ms`)
}

/** Spawns a peer (json-server, Prism) and waits until `probe` answers. */
export async function startPeer ({ name, argv, probe, headers = {}, timeoutMs = 30_000 }) {
  const child = spawn(process.execPath, argv, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] })
  let err = ''
  child.stderr.on('data', (d) => { err += d })
  try {
    const status = await waitForHttp(probe, { headers, timeoutMs, child })
    return { name, child, pid: child.pid, status, stop: () => stop(child) }
  } catch (e) {
    await stop(child)
    throw new Error(`${name} did not start: ${e.message}${err.trim() === '' ? '' : ` (${tail(err)})`}`)
  }
}
