#!/usr/bin/env node
// The command line: read flags and environment, start the server, stop cleanly on SIGINT/SIGTERM.
import { readFileSync } from 'node:fs'
import { ConfigError } from './config.js'
import { parseCliArgs, USAGE } from './cli-args.js'
import { FixtureError } from './fixtures.js'
import { DataFileError } from './store/file-store.js'

/** In-flight requests get this long before their connections are cut, leaving time to flush. */
const DRAIN_MS = 3500
/** The promise to callers: the process is gone within 5 s of the signal. */
const EXIT_MS = 4800

function version (): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
  return pkg.version
}

async function main (): Promise<void> {
  const args = parseCliArgs(process.argv.slice(2))
  if (args.help) {
    process.stdout.write(USAGE)
    return
  }
  if (args.version) {
    process.stdout.write(`${version()}\n`)
    return
  }
  // Loaded only now, so --help, --version and flag errors answer without loading the whole app.
  const { startServer } = await import('./server.js')
  const server = await startServer({ config: args.overrides })
  process.stdout.write(`fake-workato listening on ${server.url} (store: ${server.store}, docs: ${server.url}/docs)\n`)

  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    server.app.log.info({ signal }, 'shutting down')
    // app.close() stops accepting, waits for in-flight requests, then the store flushes (onClose).
    const drain = setTimeout(() => server.app.server.closeAllConnections(), DRAIN_MS)
    setTimeout(() => {
      process.stderr.write('fake-workato: shutdown took too long; exiting\n')
      process.exit(1)
    }, EXIT_MS).unref()
    server.close().then(() => {
      clearTimeout(drain)
      process.exit(0)
    }, (err: unknown) => {
      process.stderr.write(`fake-workato: shutdown failed: ${(err as Error).message}\n`)
      process.exit(1)
    })
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((err: unknown) => {
  // Bad flags, environment, fixtures or data file: one line, exit 2 (a usage error, not a crash).
  if (err instanceof ConfigError || err instanceof FixtureError || err instanceof DataFileError) {
    process.stderr.write(`fake-workato: ${err.message}\n`)
    process.exit(2)
  }
  // System errors (EADDRINUSE, EACCES…) say all there is to say in their message.
  const code = (err as NodeJS.ErrnoException).code
  const text = typeof code === 'string' && code.startsWith('E') ? (err as Error).message : ((err as Error).stack ?? String(err))
  process.stderr.write(`fake-workato: ${text}\n`)
  process.exit(1)
})
