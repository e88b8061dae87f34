// One log line per request, with the Authorization header and every token value redacted.
import { LogController, type FastifyBaseLogger, type FastifyLoggerOptions, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify'
import { pino, type DestinationStream, type LoggerOptions } from 'pino'

const TOKEN_KEY = /^(?:wkt_)?token$/i

/** A query key as the query parser reads it: `tok%65n` is `token` too, and is a credential. */
function decodeKey (key: string): string {
  try {
    return decodeURIComponent(key.replace(/\+/g, ' '))
  } catch {
    return key
  }
}

export function redactUrl (url: string): string {
  const q = url.indexOf('?')
  if (q === -1) return url
  const pairs = url.slice(q + 1).split('&').map(pair => {
    const eq = pair.indexOf('=')
    const key = eq === -1 ? pair : pair.slice(0, eq)
    return TOKEN_KEY.test(decodeKey(key)) ? `${key}=[REDACTED]` : pair
  })
  return `${url.slice(0, q + 1)}${pairs.join('&')}`
}

export function loggerOptions (level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: { paths: ['req.headers.authorization', 'headers.authorization'], censor: '[REDACTED]' },
    // Fastify logs `{ req }` on its own error paths (e.g. a failed writeHead) with the raw URL.
    serializers: { req: (req: { method?: string, url?: string }) => ({ method: req.method, url: redactUrl(req.url ?? '') }) }
  }
}

/** Fastify logs two lines per request by default and prints URLs whole (tokens included). */
class OneLinePerRequest extends LogController {
  override incomingRequest (): void {}

  override requestCompleted (error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    request.log.info({
      method: request.method,
      url: redactUrl(request.url),
      statusCode: reply.statusCode,
      responseTime: Math.round(reply.elapsedTime * 100) / 100,
      ...(error != null && reply.statusCode >= 500 ? { err: error } : {})
    }, 'request')
  }

  override routeNotFound (): void {}
}

/** Levels at which the one line per request is written. */
const REQUEST_LINE_LEVELS = new Set(['trace', 'debug', 'info'])

export interface Logging {
  /** The logging part of Fastify's options. */
  fastify: Pick<FastifyServerOptions, 'logger' | 'logController'>
  /** Where an unhandled error met while serving `request` is written. */
  errorLog: (request: FastifyRequest) => FastifyBaseLogger
}

/**
 * Fastify's request logging (a child logger and response listeners for every request) costs about
 * a tenth of a small read, so it is set up only at levels where request lines are written. At warn
 * and above Fastify gets no logger, and unhandled errors go to a pino logger of our own.
 * `override` is BuildOptions.logger: false for silence, or pino options (a `stream` included).
 */
export function createLogging (level: string, override?: FastifyServerOptions['logger']): Logging {
  const perRequest = (request: FastifyRequest) => request.log
  if (override === false) return { fastify: { logger: false }, errorLog: perRequest }
  const options = override === undefined || override === true ? loggerOptions(level) as FastifyLoggerOptions : override
  if (REQUEST_LINE_LEVELS.has(options.level ?? 'info')) {
    return { fastify: { logger: options, logController: new OneLinePerRequest() }, errorLog: perRequest }
  }
  const { stream, ...rest } = options as FastifyLoggerOptions & { stream?: DestinationStream }
  const log = (stream === undefined ? pino(rest as LoggerOptions) : pino(rest as LoggerOptions, stream)) as unknown as FastifyBaseLogger
  return { fastify: { logger: false }, errorLog: () => log }
}
