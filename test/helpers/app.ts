// Test helper: a fresh app per test, in memory, with the default fixtures, closed after the test.
import type { FastifyInstance, InjectOptions } from 'fastify'
import { buildApp, type BuildOptions } from '../../src/app.js'
import { contractHook } from './contract.js'

export const TOKEN = 'dev-token'
export const AUTH = { authorization: `Bearer ${TOKEN}` }
export const ACME = '/api/managed_users/91829'
export const GLOBEX = '/api/managed_users/91830'

interface TapLike { teardown(fn: () => unknown): void, fail(message: string): unknown }

/** Every /api response is checked against the OpenAPI document (test/helpers/contract.ts). */
export async function build (t: TapLike, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = await buildApp({ logger: false, onSend: contractHook(t), ...options, env: options.env ?? {} })
  t.teardown(() => app.close())
  return app
}

/** app.inject with the default API token; the body parsed when there is one. */
export async function call (app: FastifyInstance, method: InjectOptions['method'], url: string, payload?: unknown, headers: Record<string, string> = {}) {
  const res = await app.inject({ method, url, headers: { ...AUTH, ...headers }, ...(payload === undefined ? {} : { payload: payload as object }) })
  const body = res.body === '' ? undefined : JSON.parse(res.body)
  return { status: res.statusCode, headers: res.headers, body }
}
