// The only module that listens: start the app on a port and hand back its URL and a close().
import { createServer } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { buildApp, type BuildOptions } from './app.js'
import { createConfig, type Config } from './config.js'
import { describeStore } from './store/open-store.js'

export interface RunningServer {
  /** Where it listens, e.g. http://127.0.0.1:4000. */
  url: string
  /** What keeps the state: "memory", "file <path>", or the kind of a store passed in. */
  store: string
  app: FastifyInstance
  /** Stops accepting, lets in-flight requests finish, then flushes and closes the store. */
  close(): Promise<void>
}

/** Asks the OS for a free port (briefly listening on it), so mcp_url can name it before we listen. */
async function freePort (host: string): Promise<number> {
  return await new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, host, () => {
      const address = probe.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      probe.close(() => resolve(port))
    })
  })
}

export async function startServer (options: BuildOptions = {}): Promise<RunningServer> {
  let config = createConfig(options.config, options.env)
  let overrides: Partial<Config> | undefined = options.config
  // mcp_url is fixed when routes are registered, before listening: with port 0 and no public URL,
  // pick the port first so the URLs the fake hands out point at it.
  const env = options.env ?? process.env
  if (config.port === 0 && overrides?.publicUrl === undefined && (env.FAKE_WORKATO_PUBLIC_URL ?? '') === '') {
    overrides = { ...overrides, port: await freePort(config.host) }
    config = createConfig(overrides, options.env)
  }
  const app = await buildApp({ ...options, config: overrides })
  try {
    await app.listen({ port: config.port, host: config.host })
  } catch (err) {
    await app.close()
    throw err
  }
  const address = app.server.address()
  const port = typeof address === 'object' && address !== null ? address.port : config.port
  const host = config.host.includes(':') ? `[${config.host}]` : config.host
  return {
    url: `http://${host}:${port}`,
    store: options.store !== undefined ? options.store.kind : describeStore(config.data),
    app,
    close: () => app.close()
  }
}
