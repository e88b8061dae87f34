// Connection limits and timeouts: how much and how long a client may take before the server cuts it off.
import type { ServerOptions } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyInstance } from 'fastify'

export interface ServerLimits {
  /** Largest request header block, in bytes (Node answers 431 above it). */
  maxHeaderSize: number
  /** Headers beyond this count are dropped by Node's parser, not handed to the app. */
  maxHeadersCount: number
  /** Time allowed for a request's headers to arrive (a slow "slowloris" client gets 408 and is cut off). */
  headersTimeout: number
  /** Time allowed for a whole request, body included, to arrive (408 and cut off after). */
  requestTimeout: number
  /** How long an idle keep-alive connection stays open between requests. */
  keepAliveTimeout: number
  /** A socket with no traffic at all for this long is closed (e.g. a client that stops reading). */
  connectionTimeout: number
  /** How often Node looks for requests past headersTimeout/requestTimeout (its default is 30 s). */
  connectionsCheckingInterval: number
}

/**
 * Fastify's defaults turn Node's request timeout off (0), so a client trickling headers could hold a
 * socket for a minute and more. The live API times requests out at 40 s (fidelity notes); the fake's
 * handlers answer in milliseconds, so a request still arriving after 30 s is not a client to wait for.
 */
export const DEFAULT_LIMITS: ServerLimits = {
  maxHeaderSize: 16 * 1024,
  maxHeadersCount: 100,
  headersTimeout: 10_000,
  requestTimeout: 30_000,
  // Above common HTTP clients' idle-socket timeouts (undici 4 s, Node's agent 5 s), so they close first.
  keepAliveTimeout: 10_000,
  connectionTimeout: 60_000,
  connectionsCheckingInterval: 1_000
}

const CLIENT_ERRORS: Record<string, [number, string, string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'Request timeout: the request did not arrive in time'],
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'Request headers are too large'],
  HPE_HEADER_OVERFLOW_COUNT: [431, 'Request Header Fields Too Large', 'Too many request headers']
}

/**
 * Errors Node's HTTP parser raises before Fastify sees a request (timeouts, oversized headers,
 * malformed HTTP). Fastify's own handler answers its `{error, statusCode}` shape and logs the
 * error with its raw packet, which holds the request's Authorization header; this one answers
 * Workato's `{message}` and logs only the error code.
 */
export function clientErrorHandler (this: FastifyInstance, err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return
  const [status, reason, message] = CLIENT_ERRORS[err.code ?? ''] ?? [400, 'Bad Request', 'Malformed HTTP request']
  this.log.debug({ code: err.code, statusCode: status }, 'client error')
  if (socket.writable) {
    const body = JSON.stringify({ message })
    socket.write(`HTTP/1.1 ${status} ${reason}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`)
  }
  socket.destroy()
}

/** The Fastify options (and Node http.createServer options) that carry the limits. */
export function limitOptions (overrides: Partial<ServerLimits> = {}) {
  const l = { ...DEFAULT_LIMITS, ...overrides }
  const http: ServerOptions = {
    maxHeaderSize: l.maxHeaderSize,
    headersTimeout: l.headersTimeout,
    requestTimeout: l.requestTimeout,
    connectionsCheckingInterval: l.connectionsCheckingInterval
  }
  return {
    limits: l,
    fastify: {
      http,
      // Fastify sets these on the server after creating it (its own defaults would override `http`).
      requestTimeout: l.requestTimeout,
      keepAliveTimeout: l.keepAliveTimeout,
      connectionTimeout: l.connectionTimeout,
      clientErrorHandler
    }
  }
}
