// The one place errors become responses: Workato's {"message": …} bodies, never a leaked 5xx detail.
import type { FastifyBaseLogger, FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { ApiError } from '../domain/errors.js'
import { validationError } from './validation.js'
import { redactUrl } from './logging.js'

const CLIENT_ERRORS: Record<string, { status: number, message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, message: 'Request body is too large (limit 1 MiB)' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, message: 'Unsupported media type: send application/json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, message: 'Content-Length does not match the body' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, message: 'Request body is empty' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, message: 'Malformed JSON in request body' }
}

export function installErrorHandling (app: FastifyInstance, errorLog: (request: FastifyRequest) => FastifyBaseLogger): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ApiError) {
      return reply.code(error.statusCode).send(error.body)
    }
    if (error.validation !== undefined) {
      const err = validationError(error.validation as never, error.validationContext ?? 'request')
      return reply.code(400).send(err.body)
    }
    const known = error.code !== undefined ? CLIENT_ERRORS[error.code] : undefined
    if (known !== undefined) return reply.code(known.status).send({ message: known.message })
    if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON') {
      return reply.code(400).send({ message: 'Malformed JSON in request body' })
    }
    const status = error.statusCode ?? 500
    if (status >= 400 && status < 500) {
      return reply.code(status).send({ message: error.message })
    }
    errorLog(request).error({ err: error, method: request.method, url: redactUrl(request.url) }, 'unhandled error')
    return reply.code(500).send({ message: 'Internal server error' })
  })

  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ message: 'Not found' }))
}

/**
 * Errors Fastify raises while routing, before any handler (Fastify's `frameworkErrors` option):
 * without this they answer Fastify's own `{error, code, statusCode}` body instead of Workato's.
 */
export function frameworkErrors (error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  // A path segment longer than any stored id or handle names nothing that exists.
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') reply.code(404).send({ message: 'Not found' })
  else if (error.code === 'FST_ERR_BAD_URL') reply.code(400).send({ message: 'Malformed URL: invalid percent-encoding' })
  else reply.code(400).send({ message: 'Bad request' })
}
