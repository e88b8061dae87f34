// Shared by the reliability suites: fast-check settings from the environment, timeouts, state checks.
import type { FastifyInstance, InjectOptions } from 'fastify'
import { AUTH } from './app.js'

/**
 * Fixed seed and bounded runs in CI; FAKE_WORKATO_FC_SEED (a number, or "random") and
 * FAKE_WORKATO_FC_RUNS (a count) search longer. A random seed is printed so a failure reproduces.
 */
export function fcSettings (defaultRuns: number, defaultSeed = 20261204): { seed: number, numRuns: number } {
  const seedText = process.env.FAKE_WORKATO_FC_SEED ?? ''
  let seed = defaultSeed
  if (seedText === 'random') {
    seed = Math.floor(Math.random() * 2 ** 31)
    console.error(`# fast-check seed ${seed} (rerun with FAKE_WORKATO_FC_SEED=${seed})`)
  } else if (/^-?\d+$/.test(seedText)) {
    seed = Number(seedText)
  }
  const runsText = process.env.FAKE_WORKATO_FC_RUNS ?? ''
  const numRuns = /^\d+$/.test(runsText) && Number(runsText) > 0 ? Number(runsText) : defaultRuns
  return { seed, numRuns }
}

/** Rejects when `promise` takes longer than `ms`: a hang is a failure, not a stuck suite. */
export async function within<T> (ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms: ${what}`)), ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}

export interface Answer { status: number, body: any, text: string, headers: Record<string, unknown> }

/** app.inject with a time limit; the body parsed when it is JSON. Headers default to the API token. */
export async function send (app: FastifyInstance, options: InjectOptions & { url: string }, ms = 5000): Promise<Answer> {
  const res = await within(ms, `${options.method ?? 'GET'} ${options.url.slice(0, 200)}`, app.inject({ ...options, headers: options.headers ?? AUTH }))
  let body: unknown
  try {
    body = res.body === '' ? undefined : JSON.parse(res.body)
  } catch {
    body = res.body
  }
  return { status: res.statusCode, body, text: res.body, headers: res.headers }
}

/** Object.prototype as it is now: own property names (changes show pollution). */
export function prototypeFingerprint (): string {
  return JSON.stringify([Object.getOwnPropertyNames(Object.prototype).sort(), Object.getOwnPropertyNames(Array.prototype).sort()])
}

/** A Workato error body: `message` string, optional `errors` of string arrays, nothing else. */
export function errorBodyProblem (body: unknown): string | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return `not an object: ${JSON.stringify(body)}`
  const b = body as Record<string, unknown>
  if (typeof b.message !== 'string' || b.message === '') return 'no message'
  const extra = Object.keys(b).filter(k => k !== 'message' && k !== 'errors')
  if (extra.length > 0) return `unexpected keys ${extra.join(', ')}`
  if (b.errors !== undefined) {
    if (b.errors === null || typeof b.errors !== 'object' || Array.isArray(b.errors)) return 'errors is not an object'
    for (const [k, v] of Object.entries(b.errors)) {
      if (!Array.isArray(v) || v.some(x => typeof x !== 'string')) return `errors.${k} is not a list of strings`
    }
  }
  return undefined
}
