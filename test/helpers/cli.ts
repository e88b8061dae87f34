// Test helper: run the compiled CLI (dist/cli.js, built before the suite) as a child process.
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url))

export interface Finished { code: number | null, signal: NodeJS.Signals | null, stdout: string, stderr: string }

export interface RunningCli {
  child: ChildProcess
  url: string
  /** The start line printed on stdout. */
  line: string
  stderr(): string
  /** Resolves when the process has exited. */
  exited: Promise<Finished>
}

function collect (child: ChildProcess) {
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (d: Buffer) => { stdout += d.toString() })
  child.stderr?.on('data', (d: Buffer) => { stderr += d.toString() })
  const exited = new Promise<Finished>(resolve => {
    child.on('exit', (code, signal) => {
      // Let the pipes drain before reporting what was printed.
      setImmediate(() => resolve({ code, signal, stdout, stderr }))
    })
  })
  return { out: () => stdout, err: () => stderr, exited }
}

/** Runs the CLI to completion. */
export async function runCli (args: string[], env: Record<string, string> = {}, command: string[] = [process.execPath, CLI]): Promise<Finished> {
  const child = spawn(command[0], [...command.slice(1), ...args], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  return await collect(child).exited
}

/**
 * Starts the CLI and waits for its start line. `command` replaces `node dist/cli.js`
 * (e.g. npx in an installed package); `cwd` where it runs.
 */
export async function startCli (args: string[], options: { env?: Record<string, string>, cwd?: string, command?: string[] } = {}): Promise<RunningCli> {
  const command = options.command ?? [process.execPath, CLI]
  const child = spawn(command[0], [...command.slice(1), ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', ...options.env },
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  const c = collect(child)
  const line = await new Promise<string>((resolve, reject) => {
    const onData = () => {
      const m = /^fake-workato listening on .*$/m.exec(c.out())
      if (m !== null) {
        child.stdout?.off('data', onData)
        resolve(m[0])
      }
    }
    child.stdout?.on('data', onData)
    c.exited.then(f => reject(new Error(`the CLI exited (${f.code ?? f.signal}) before listening: ${f.stderr}`)), reject)
  })
  const url = /listening on (\S+)/.exec(line)?.[1] as string
  return { child, url, line, stderr: c.err, exited: c.exited }
}

/** fetch with the default API token; the body parsed when there is one. */
export async function api (base: string, method: string, path: string, body?: unknown) {
  const res = await fetch(base + path, {
    method,
    headers: { authorization: 'Bearer dev-token', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  })
  const text = await res.text()
  return { status: res.status, body: text === '' ? undefined : JSON.parse(text) }
}
