// One log line per request, with the Authorization header and every token value redacted.
import { LogController, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify'

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
export class OneLinePerRequest extends LogController {
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
