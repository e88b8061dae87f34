// The only module that listens: start the app on a port and hand back its URL and a close().
import type { FastifyInstance } from 'fastify'
import { buildApp, type BuildOptions } from './app.js'
import { createConfig } from './config.js'

export interface RunningServer {
  url: string
  app: FastifyInstance
  close(): Promise<void>
}

export async function startServer (options: BuildOptions = {}): Promise<RunningServer> {
  const config = createConfig(options.config, options.env)
  const app = await buildApp(options)
  await app.listen({ port: config.port, host: config.host })
  const address = app.server.address()
  const port = typeof address === 'object' && address !== null ? address.port : config.port
  const host = config.host.includes(':') ? `[${config.host}]` : config.host
  return { url: `http://${host}:${port}`, app, close: () => app.close() }
}
