// Hooks on /api and /mcp traffic: global latency, fault rules, and the request journal.
import { STATUS_CODES } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { World } from '../domain/world.js'
import type { FaultRule, Faults } from './faults.js'
import type { Journal, JournalEntry, Recorded } from './journal.js'
import { nestsTooDeeply, redactHeaders, redactedQuery, redactJson, redactText } from './redact.js'

export const FAULT_HEADER = 'x-fake-workato-fault'
/** Bodies larger than this are kept as a truncated string, so 1,000 entries stay small. */
const JOURNAL_BODY_LIMIT = 64 * 1024

const TRAFFIC = /^\/(?:api|mcp)(?:\/|$)/

/** The path segment that starts at `from`, up to the next slash. */
function segment (path: string, from: number): string {
  const end = path.indexOf('/', from)
  return end < 0 ? path.slice(from) : path.slice(from, end)
}

const CUSTOMER = '/api/managed_users/'
const OWN = '/api/mcp'
const MCP = '/mcp/servers/'

/** The account id a request path belongs to, resolved when the request arrives. */
function managedUserOf (world: World, path: string): number | null {
  if (path.startsWith(CUSTOMER)) {
    const raw = segment(path, CUSTOMER.length)
    if (raw === '') return null
    let ref: string
    try {
      ref = decodeURIComponent(raw)
    } catch {
      return null
    }
    return world.workspace(ref)?.record.id ?? null
  }
  if (path.startsWith(OWN) && (path.length === OWN.length || path[OWN.length] === '/')) return world.ownWorkspace()?.record.id ?? null
  if (path.startsWith(MCP)) {
    const handle = segment(path, MCP.length)
    return handle === '' ? null : world.serverByHandle(handle)?.ws.record.id ?? null
  }
  return null
}

interface BodyView { value: unknown, truncated: boolean }

const NO_BODY: BodyView = { value: null, truncated: false }

/** The parsed body, redacted; cut (and marked so) where it nests deeper than MAX_DEPTH. */
const bodyView = (value: unknown): BodyView => ({ value: redactJson(value), truncated: nestsTooDeeply(value) })

/**
 * A request body known to be small (the usual case) is kept parsed and redacted only if someone reads
 * the entry (null here); a large one is cut to text at once, so the ring never holds a huge object.
 */
function largeRequestBody (value: unknown, length: number | undefined): BodyView | null {
  if (value === undefined || value === null) return NO_BODY
  if (length !== undefined && length <= JOURNAL_BODY_LIMIT) return null
  let text: string
  try {
    text = typeof value === 'string' ? value : JSON.stringify(value)
  } catch {
    // A RangeError: nested too deeply to stringify. It is recorded cut, never thrown mid-response.
    return bodyView(value)
  }
  if (text.length > JOURNAL_BODY_LIMIT) return { value: redactText(text.slice(0, JOURNAL_BODY_LIMIT)), truncated: true }
  return null
}

type Chunk = string | Buffer

/**
 * What the ring keeps of a reply payload: the payload itself (usually a string that exists anyway),
 * or, when it is larger than the journal keeps, a copy of its start, so the whole is not held.
 */
function keptPayload (payload: unknown): { chunk: Chunk | null, cut: boolean } {
  if (typeof payload === 'string') {
    if (payload.length <= JOURNAL_BODY_LIMIT) return { chunk: payload, cut: false }
    return { chunk: Buffer.from(payload.slice(0, JOURNAL_BODY_LIMIT)).subarray(0, JOURNAL_BODY_LIMIT), cut: true }
  }
  if (Buffer.isBuffer(payload)) {
    if (payload.length <= JOURNAL_BODY_LIMIT) return { chunk: payload, cut: false }
    return { chunk: Buffer.from(payload.subarray(0, JOURNAL_BODY_LIMIT)), cut: true }
  }
  return { chunk: null, cut: false }
}

function responseBody (chunks: Chunk | Chunk[] | null, cut: boolean, contentType: string): BodyView {
  if (chunks === null) return NO_BODY
  const list = Array.isArray(chunks) ? chunks : [chunks]
  const bytes = Buffer.concat(list.map(c => typeof c === 'string' ? Buffer.from(c) : c))
  if (bytes.length === 0) return NO_BODY
  const text = bytes.subarray(0, JOURNAL_BODY_LIMIT).toString('utf8')
  if (cut || bytes.length > JOURNAL_BODY_LIMIT) return { value: redactText(text), truncated: true }
  if (contentType.includes('json')) {
    try {
      return { value: redactJson(JSON.parse(text)), truncated: false }
    } catch {}
  }
  return { value: redactText(text), truncated: false }
}

/**
 * One request as it happened: plain fields written while it is served (a fixed shape, no closures),
 * and the redacted journal entry built from them only when someone reads it. It must not hold the
 * request or response objects: the ring would keep every socket of the last 1,000 requests alive.
 */
class Capture implements Recorded {
  id = 0
  status: number | null = null
  fault: number | null = null
  /** The parsed request body, kept as is when small (see largeRequestBody)... */
  body: unknown = null
  /** ...or its view, made at once when large. */
  bodyView: BodyView | null = null
  response: Chunk | Chunk[] | null = null
  /** Whether the reply was longer than what `response` kept. */
  responseCut = false
  contentType = ''
  durationMs = 0
  /** Recorded already (a hijacked reply can end and then close). */
  done = false
  /** Set for /mcp, whose transport writes hijacked replies itself: the raw response is watched instead. */
  raw = false
  private built: JournalEntry | undefined

  constructor (
    readonly time: number,
    readonly started: number,
    readonly method: string,
    readonly path: string,
    readonly search: string,
    readonly managedUserId: number | null,
    readonly headers: Record<string, string | string[] | undefined>
  ) {}

  /** Stores what the request came to and adds it to the journal, once. */
  finish (journal: Journal, status: number | null, body: unknown, declaredLength: unknown,
    response: Chunk | Chunk[] | null, responseCut: boolean, contentType: unknown): void {
    if (this.done) return
    this.done = true
    this.status = status
    const length = Number(declaredLength)
    this.bodyView = largeRequestBody(body, Number.isFinite(length) ? length : undefined)
    if (this.bodyView === null) this.body = body
    this.response = response
    this.responseCut = responseCut
    this.contentType = typeof contentType === 'string' ? contentType : ''
    this.durationMs = Math.round((performance.now() - this.started) * 1000) / 1000
    journal.add(this)
  }

  entry (): JournalEntry {
    if (this.built !== undefined) return this.built
    const request = this.bodyView ?? bodyView(this.body)
    const response = responseBody(this.response, this.responseCut, this.contentType)
    this.built = {
      id: this.id,
      time: new Date(this.time).toISOString(),
      method: this.method,
      path: this.path,
      query: redactedQuery(this.search),
      managed_user_id: this.managedUserId,
      headers: redactHeaders(this.headers),
      body: request.value,
      status: this.status,
      response_body: response.value,
      truncated: request.truncated || response.truncated,
      duration_ms: this.durationMs,
      fault: this.fault
    }
    return this.built
  }
}

/**
 * Watches a reply the MCP transport writes by hand (hijacked, so no onSend hook runs): wraps the raw
 * response's writeHead/write/end and records when it ends, or closes early.
 */
function watchRaw (journal: Journal, capture: Capture, req: FastifyRequest, reply: FastifyReply): void {
  capture.raw = true
  const res = reply.raw
  const chunks: Chunk[] = []
  let size = 0
  const keep = (chunk: unknown, encoding: unknown) => {
    // Some response implementations (light-my-request) write from inside end(): recorded already.
    if (capture.done || chunk === null || chunk === undefined || typeof chunk === 'function') return
    if (size > JOURNAL_BODY_LIMIT) return
    const buf = typeof chunk === 'string' && (encoding === undefined || encoding === 'utf8' || encoding === 'utf-8' || typeof encoding === 'function')
      ? Buffer.from(chunk)
      : Buffer.isBuffer(chunk)
        ? chunk
        : chunk instanceof Uint8Array ? Buffer.from(chunk) : Buffer.from(String(chunk), typeof encoding === 'string' ? encoding as BufferEncoding : 'utf8')
    // A copy, so a cut chunk does not keep the whole of a large buffer alive.
    if (size + buf.length > JOURNAL_BODY_LIMIT) chunks.push(Buffer.from(buf.subarray(0, JOURNAL_BODY_LIMIT - size)))
    else chunks.push(buf)
    size += buf.length
  }
  const finish = (status: number | null) => {
    capture.finish(journal, status, req.body, req.headers['content-length'], chunks, size > JOURNAL_BODY_LIMIT, contentType ?? String(res.getHeader('content-type') ?? ''))
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

declare module 'fastify' {
  interface FastifyRequest {
    /** This request's journal record, while /api or /mcp traffic is being recorded. */
    journalCapture: Capture | null
  }
}

interface Pending {
  path: string
  managedUserId: number | null
  capture: Capture | null
  extra: number
  rule: FaultRule | undefined
}

export interface TrafficDeps {
  journal: Journal
  faults: Faults
  world: () => World
}

/**
 * Installs the root hooks; onRequest must run before any other (e.g. /api auth). Plain callback
 * hooks, not async ones: the usual request (no latency, no fault) then costs no promise at all.
 */
export function installTraffic (app: FastifyInstance, { journal, faults, world }: TrafficDeps): void {
  app.decorateRequest('journalCapture', null)

  app.addHook('onRequest', (req, reply, done) => {
    const q = req.url.indexOf('?')
    const path = q < 0 ? req.url : req.url.slice(0, q)
    if (!TRAFFIC.test(path)) return done()
    const managedUserId = managedUserOf(world(), path)
    let capture: Capture | null = null
    if (journal.capacity > 0) {
      capture = new Capture(Date.now(), performance.now(), req.method, path, q < 0 ? '' : req.url.slice(q + 1), managedUserId, req.headers)
      req.journalCapture = capture
      if (path.startsWith('/mcp')) watchRaw(journal, capture, req, reply)
    }
    const extra = faults.drawLatency()
    let rule: FaultRule | undefined
    if (extra === 0) {
      rule = faults.pick(req.method, path, managedUserId)
      if (rule === undefined) return done()
    }
    shape(req, reply, { path, managedUserId, capture, extra, rule }).then(sent => { if (!sent) done() }, done)
  })

  app.addHook('onSend', (req, reply, payload, done) => {
    // Undefined, not null, on routes of plugins registered before this decorator (the /docs UI).
    const capture = req.journalCapture
    if (capture != null && !capture.raw) {
      const { chunk, cut } = keptPayload(payload)
      // A client that gave up before the reply was ready never got one: no status, as for a drop.
      const status = reply.raw.destroyed ? null : reply.statusCode
      capture.finish(journal, status, req.body, req.headers['content-length'], chunk, cut, reply.getHeader('content-type'))
    }
    done(null, payload)
  })

  /**
   * Waits out the latency, then applies the fault rule (picked after the wait, unless there was none);
   * resolves true when it answered (or dropped) the request itself.
   */
  async function shape (req: FastifyRequest, reply: FastifyReply, pending: Pending): Promise<boolean> {
    const { capture } = pending
    if (pending.extra > 0) await sleep(pending.extra)
    const rule = pending.rule ?? faults.pick(req.method, pending.path, pending.managedUserId)
    if (rule === undefined) return false
    if (capture !== null) capture.fault = rule.id
    // Set on the raw response so it survives replies that are hijacked and written by hand.
    reply.raw.setHeader(FAULT_HEADER, String(rule.id))
    if (rule.delay_ms !== undefined && rule.delay_ms > 0) await sleep(rule.delay_ms)
    if (rule.drop === true) {
      capture?.finish(journal, null, req.body, req.headers['content-length'], null, false, '')
      reply.hijack()
      reply.raw.destroy()
      return true
    }
    if (rule.status === undefined) return false
    reply.code(rule.status)
    if (rule.status === 204 || rule.status === 304) reply.send()
    else {
      const body = rule.body ?? { message: STATUS_CODES[rule.status] ?? 'Error' }
      // Pre-serialized, so the route's response schema cannot reshape the body the rule asked for.
      if (typeof body === 'string') reply.type('text/plain; charset=utf-8').send(body)
      else reply.type('application/json; charset=utf-8').send(JSON.stringify(body))
    }
    return true
  }
}
