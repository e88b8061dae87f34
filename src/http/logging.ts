// One log line per request, with the Authorization header and every token value redacted.
import { LogController, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify'

const TOKEN_PARAM = /([?&](?:wkt_)?token=)[^&#]*/gi

export function redactUrl (url: string): string {
  return url.replace(TOKEN_PARAM, '$1[REDACTED]')
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
