#!/usr/bin/env node
// The command line: read configuration, start the server, stop cleanly on SIGINT/SIGTERM.
import { startServer } from './server.js'
import { ConfigError } from './config.js'
import { FixtureError } from './fixtures.js'

async function main (): Promise<void> {
  const server = await startServer()
  process.stdout.write(`fake-workato listening on ${server.url} (store: memory, docs: ${server.url}/docs)\n`)
  const stop = () => {
    server.close().then(() => process.exit(0), () => process.exit(1))
    setTimeout(() => process.exit(1), 5000).unref()
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof FixtureError) {
    process.stderr.write(`fake-workato: ${err.message}\n`)
    process.exit(2)
  }
  process.stderr.write(`fake-workato: ${(err as Error).stack ?? String(err)}\n`)
  process.exit(1)
})
