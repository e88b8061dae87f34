// Test helper for /__admin: requests without the API token, bodies parsed.
import type { FastifyInstance, InjectOptions } from 'fastify'

export async function admin (app: FastifyInstance, method: InjectOptions['method'], url: string, payload?: unknown, headers: Record<string, string> = {}) {
  const res = await app.inject({ method, url: `/__admin${url}`, headers, ...(payload === undefined ? {} : { payload: payload as object }) })
  const body = res.body === '' ? undefined : JSON.parse(res.body)
  return { status: res.statusCode, headers: res.headers, body, raw: res.body }
}
