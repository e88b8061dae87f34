// Test helper: a fresh app per test, in memory, with the default fixtures, closed after the test.
import type { FastifyInstance, InjectOptions } from 'fastify'
import { buildApp, type BuildOptions } from '../../src/app.js'
import { contractHook } from './contract.js'
import { fromLiveResponse, testProfile, toLiveRequest } from './profile.js'

export const TOKEN = 'dev-token'
export const AUTH = { authorization: `Bearer ${TOKEN}` }
export const ACME = '/api/managed_users/91829'
export const GLOBEX = '/api/managed_users/91830'

interface TapLike { teardown(fn: () => unknown): void, fail(message: string): unknown }

/** Every /api response is checked against the OpenAPI document (test/helpers/contract.ts). */
const liveApps = new WeakSet<FastifyInstance>()

/** The profile comes from test/helpers/profile.ts unless the options name one. */
export async function build (t: TapLike, options: BuildOptions = {}): Promise<FastifyInstance> {
  const config = { profile: testProfile(), ...options.config }
  const app = await buildApp({ logger: false, onSend: contractHook(t), ...options, config, env: options.env ?? {} })
  if (config.profile === 'live') liveApps.add(app)
  t.teardown(() => app.close())
  return app
}

export interface Listening {
  app: FastifyInstance
  /** http://127.0.0.1:<port> */
  base: string
}

/** A fresh fake listening on a free port of 127.0.0.1, closed after the test. */
export async function listen (t: TapLike, options: BuildOptions = {}): Promise<Listening> {
  const app = await build(t, options)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  if (address === null || typeof address === 'string') throw new Error('not listening on a port')
  return { app, base: `http://127.0.0.1:${address.port}` }
}

/** app.inject with the default API token; the body parsed when there is one. */
/**
 * On a live-profile app, the body is sent in its live shape and the answer, once checked against the
 * live shapes, comes back in the docs shape (test/helpers/profile.ts), so one suite judges both.
 */
export async function call (app: FastifyInstance, method: InjectOptions['method'], url: string, payload?: unknown, headers: Record<string, string> = {}) {
  if (liveApps.has(app)) {
    const m = String(method)
    const res = await callAs(app, method, url, payload === undefined ? undefined : toLiveRequest(m, url, payload), headers)
    return { ...res, body: fromLiveResponse(m, url, res.status, res.body) as any }
  }
  return await callAs(app, method, url, payload, headers)
}

/** app.inject with the default API token, with no profile mapping. */
export async function callAs (app: FastifyInstance, method: InjectOptions['method'], url: string, payload?: unknown, headers: Record<string, string> = {}) {
  const res = await app.inject({ method, url, headers: { ...AUTH, ...headers }, ...(payload === undefined ? {} : { payload: payload as object }) })
  const body = res.body === '' ? undefined : JSON.parse(res.body)
  return { status: res.statusCode, headers: res.headers, body }
}
