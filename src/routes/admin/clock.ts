// GET/POST /__admin/clock: freeze, advance or release the clock every timestamp and limit uses.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { errorResponses } from '../../schemas/common.js'
import { ClockBody, ClockState } from '../../schemas/admin.js'
import { BadRequest, fieldError } from '../../domain/errors.js'
import type { AdminDeps } from '../../http/admin-deps.js'

const tags = ['control']
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/
// Timestamps are written with four-digit years; the clock must stay where they can be written.
const EARLIEST = Date.parse('1970-01-01T00:00:00.000Z')
const LATEST = Date.parse('9999-12-31T23:59:59.999Z')

export const clockRoutes: FastifyPluginAsyncTypebox<AdminDeps> = async (app, { clock }) => {
  app.get('/clock', {
    schema: {
      operationId: 'adminGetClock',
      summary: 'Get the clock',
      description: 'The clock\'s mode (real, frozen, or offset after advancing real time) and current time.',
      tags,
      response: { 200: ClockState, ...errorResponses(401) }
    }
  }, async () => clock.state())

  app.post('/clock', {
    schema: {
      operationId: 'adminSetClock',
      summary: 'Freeze, advance or release the clock',
      description: '`{"frozen_at": ISO}` freezes time at that instant; `{"advance_ms": n}` moves it forward (a frozen ' +
        'clock stays frozen; a running one runs ahead); `{"real": true}` returns to real time. Every timestamp and ' +
        'every time-based limit uses this clock. Answers the clock\'s state.',
      tags,
      body: ClockBody,
      response: { 200: ClockState, ...errorResponses(400, 401, 413, 415) }
    }
  }, async (req) => {
    const b = req.body
    const given = (['frozen_at', 'advance_ms', 'real'] as const).filter(k => b[k] !== undefined)
    if (given.length !== 1) throw new BadRequest('Send exactly one of frozen_at, advance_ms, real', { clock: ['send exactly one of frozen_at, advance_ms, real'] })
    if (b.frozen_at !== undefined) {
      const at = Date.parse(b.frozen_at)
      if (!ISO.test(b.frozen_at) || Number.isNaN(at)) throw fieldError(400, 'frozen_at', 'must be an ISO 8601 date-time with a UTC offset, e.g. 2025-10-15T20:41:05.207Z')
      if (at < EARLIEST || at > LATEST) throw fieldError(400, 'frozen_at', 'must be between 1970-01-01 and 9999-12-31')
      clock.freeze(at)
    } else if (b.advance_ms !== undefined) {
      if (clock.now() + b.advance_ms > LATEST) throw fieldError(400, 'advance_ms', 'would move the clock past 9999-12-31')
      clock.advance(b.advance_ms)
    } else {
      clock.real()
    }
    return clock.state()
  })
}
