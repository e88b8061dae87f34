// Hooks on /api and /mcp traffic: global latency, fault rules, and the request journal.
import { STATUS_CODES } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { World } from '../domain/world.js'
import type { Faults } from './faults.js'
import type { Journal, JournalEntry } from './journal.js'
import { nestsTooDeeply, redactHeaders, redactedQuery, redactJson, redactText } from './redact.js'

export const FAULT_HEADER = 'x-fake-workato-fault'
/** Bodies larger than this are kept as a truncated string, so 1,000 entries stay small. */
export const JOURNAL_BODY_LIMIT = 64 * 1024

const TRAFFIC = /^\/(?:api|mcp)(?:\/|$)/

/** The account id a request path belongs to, resolved when the request arrives. */
export function managedUserOf (world: World, path: string): number | null {
  const parts = path.split('/')
  if (parts[1] === 'api' && parts[2] === 'managed_users' && parts[3] !== undefined) {
    let ref: string
    try {
      ref = decodeURIComponent(parts[3])
    } catch {
      return null
    }
    return world.workspace(ref)?.record.id ?? null
  }
  if (parts[1] === 'api' && parts[2] === 'mcp') return world.ownWorkspace()?.record.id ?? null
  if (parts[1] === 'mcp' && parts[2] === 'servers' && parts[3] !== undefined) {
    return world.serverByHandle(parts[3])?.ws.record.id ?? null
  }
  return null
}

interface BodyView { value: unknown, truncated: boolean }

/** The parsed body, redacted; cut (and marked so) where it nests deeper than MAX_DEPTH. */
const bodyView = (value: unknown): BodyView => ({ value: redactJson(value), truncated: nestsTooDeeply(value) })

function requestBody (value: unknown, length: number | undefined): BodyView | (() => BodyView) {
  if (value === undefined || value === null) return { value: null, truncated: false }
  // Known small (the usual case): keep the parsed body and redact it only if someone reads it.
  if (length !== undefined && length <= JOURNAL_BODY_LIMIT) return () => bodyView(value)
  let text: string
  try {
    text = typeof value === 'string' ? value : JSON.stringify(value)
  } catch {
    // A RangeError: nested too deeply to stringify. It is recorded cut, never thrown mid-response.
    return bodyView(value)
  }
  if (text.length > JOURNAL_BODY_LIMIT) return { value: redactText(text.slice(0, JOURNAL_BODY_LIMIT)), truncated: true }
  return bodyView(value)
}

function responseBody (chunks: Array<string | Buffer>, size: number, contentType: string | undefined): BodyView {
  if (size === 0) return { value: null, truncated: false }
  const kept = Buffer.concat(chunks.map(c => typeof c === 'string' ? Buffer.from(c) : c)).subarray(0, JOURNAL_BODY_LIMIT)
  const text = kept.toString('utf8')
  if (size > JOURNAL_BODY_LIMIT) return { value: redactText(text), truncated: true }
  if (contentType?.includes('json') === true) {
    try {
      return { value: redactJson(JSON.parse(text)), truncated: false }
    } catch {}
  }
  return { value: redactText(text), truncated: false }
}

/** Computes once, on first read: most entries are never read, so recording stays cheap. */
function once<T> (compute: () => T): () => T {
  let cached: { value: T } | undefined
  return () => (cached ??= { value: compute() }).value
}

interface Captured {
  time: string
  method: string
  path: string
  search: string
  managedUserId: number | null
  headers: Record<string, string | string[] | undefined>
  body: BodyView | (() => BodyView)
  status: number | null
  response: Array<string | Buffer>
  responseSize: number
  contentType: string
  durationMs: number
  fault: number | null
}

/**
 * Built at module level, from plain data only: a closure made inside the request's scope would keep
 * the whole request and response (socket included) alive for as long as the entry stays in the ring.
 */
function lazyEntry (c: Captured): Omit<JournalEntry, 'id'> {
  const { body } = c
  const requestView = typeof body === 'function' ? once(body) : () => body
  const responseView = once(() => responseBody(c.response, c.responseSize, c.contentType))
  const query = once(() => redactedQuery(c.search))
  const headers = once(() => redactHeaders(c.headers))
  return {
    time: c.time,
    method: c.method,
    path: c.path,
    get query () { return query() },
    managed_user_id: c.managedUserId,
    get headers () { return headers() },
    get body () { return requestView().value },
    status: c.status,
    get response_body () { return responseView().value },
    get truncated () { return requestView().truncated || responseView().truncated },
    duration_ms: c.durationMs,
    fault: c.fault
  }
}

interface Pending {
  path: string
  managedUserId: number | null
  fault: number | null
}

/**
 * Records the request when its response ends. The raw response is wrapped, not Fastify's onSend,
 * because the MCP endpoint hijacks its replies and writes them itself.
 */
function record (journal: Journal, req: FastifyRequest, reply: FastifyReply, pending: Pending, search: string): void {
  const res = reply.raw
  const time = new Date().toISOString()
  const started = performance.now()
  // Chunks are kept as written (usually one string) and turned into bytes only if the entry is read:
  // copying every response into a Buffer cost more than the rest of the journal together.
  const chunks: Array<string | Buffer> = []
  let size = 0
  let done = false
  const keep = (chunk: unknown, encoding: unknown) => {
    // Some response implementations (light-my-request) write from inside end(): recorded already.
    if (done || chunk === null || chunk === undefined || typeof chunk === 'function') return
    if (typeof chunk === 'string' && (encoding === undefined || encoding === 'utf8' || encoding === 'utf-8' || typeof encoding === 'function')) {
      if (size < JOURNAL_BODY_LIMIT) chunks.push(chunk)
      size += Buffer.byteLength(chunk)
      return
    }
    const buf = Buffer.isBuffer(chunk)
      ? chunk
      : chunk instanceof Uint8Array ? Buffer.from(chunk) : Buffer.from(String(chunk), typeof encoding === 'string' ? encoding as BufferEncoding : 'utf8')
    if (size < JOURNAL_BODY_LIMIT) chunks.push(buf.subarray(0, JOURNAL_BODY_LIMIT - size))
    size += buf.length
  }
  const finish = (status: number | null) => {
    if (done) return
    done = true
    const declared = Number(req.headers['content-length'])
    journal.add(lazyEntry({
      time,
      method: req.method,
      path: pending.path,
      search,
      managedUserId: pending.managedUserId,
      headers: req.headers,
      body: requestBody(req.body, Number.isFinite(declared) ? declared : undefined),
      status,
      response: chunks,
      responseSize: size,
      contentType: contentType ?? String(res.getHeader('content-type') ?? ''),
      durationMs: Math.round((performance.now() - started) * 1000) / 1000,
      fault: pending.fault
    }))
  }
  // Fastify passes its headers to writeHead, where getHeader() cannot see them afterwards.
  let contentType: string | undefined
  const writeHead = res.writeHead
  res.writeHead = function (this: typeof res, ...args: unknown[]) {
    for (const arg of args.slice(1)) {
      if (arg !== null && typeof arg === 'object' && !Array.isArray(arg)) {
        for (const [k, v] of Object.entries(arg)) if (k.toLowerCase() === 'content-type') contentType = String(v)
      }
    }
    return (writeHead as (...a: unknown[]) => typeof res).apply(this, args)
  } as typeof res.writeHead
  const write = res.write
  const end = res.end
  res.write = function (this: typeof res, chunk: unknown, ...rest: unknown[]) {
    keep(chunk, rest[0])
    return (write as (...a: unknown[]) => boolean).call(this, chunk, ...rest)
  } as typeof res.write
  res.end = function (this: typeof res, chunk?: unknown, ...rest: unknown[]) {
    keep(chunk, rest[0])
    // Recorded before the bytes leave, so a client that saw the response finds it in the journal.
    finish(res.statusCode)
    return (end as (...a: unknown[]) => typeof res).call(this, chunk, ...rest)
  } as typeof res.end
  // Dropped before anything was sent: no status. A stream cut short still has the status it sent.
  res.once('close', () => finish(res.headersSent ? res.statusCode : null))
}

export interface TrafficDeps {
  journal: Journal
  faults: Faults
  world: () => World
}

/** Installs the root hook; it must run before any other onRequest hook (e.g. /api auth). */
export function installTraffic (app: FastifyInstance, { journal, faults, world }: TrafficDeps): void {
  app.addHook('onRequest', async (req, reply) => {
    const q = req.url.indexOf('?')
    const path = q < 0 ? req.url : req.url.slice(0, q)
    if (!TRAFFIC.test(path)) return
    const pending: Pending = { path, managedUserId: managedUserOf(world(), path), fault: null }
    if (journal.capacity > 0) record(journal, req, reply, pending, q < 0 ? '' : req.url.slice(q + 1))

    const extra = faults.drawLatency()
    if (extra > 0) await sleep(extra)
    const rule = faults.pick(req.method, path, pending.managedUserId)
    if (rule === undefined) return
    pending.fault = rule.id
    // Set on the raw response so it survives replies that are hijacked and written by hand.
    reply.raw.setHeader(FAULT_HEADER, String(rule.id))
    if (rule.delay_ms !== undefined && rule.delay_ms > 0) await sleep(rule.delay_ms)
    if (rule.drop === true) {
      reply.hijack()
      reply.raw.destroy()
      return reply
    }
    if (rule.status === undefined) return
    reply.code(rule.status)
    if (rule.status === 204 || rule.status === 304) return reply.send()
    const body = rule.body ?? { message: STATUS_CODES[rule.status] ?? 'Error' }
    // Pre-serialized, so the route's response schema cannot reshape the body the rule asked for.
    if (typeof body === 'string') return reply.type('text/plain; charset=utf-8').send(body)
    return reply.type('application/json; charset=utf-8').send(JSON.stringify(body))
  })
}
