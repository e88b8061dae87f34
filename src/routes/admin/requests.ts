// GET/DELETE /__admin/requests: the request journal, filtered, newest first.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { errorResponses } from '../../schemas/common.js'
import { JournalList, JournalQuery } from '../../schemas/admin.js'
import type { AdminDeps } from '../../http/admin-deps.js'

const tags = ['control']

export const requestRoutes: FastifyPluginAsyncTypebox<AdminDeps> = async (app, { journal, control }) => {
  app.get('/requests', {
    schema: {
      operationId: 'adminListRequests',
      summary: 'List recorded requests',
      description: 'Requests to /api and /mcp, newest first: method, path, query, managed user, headers, body, status, ' +
        'response body, duration, and the fault rule that shaped it. Authorization, cookies and every token ' +
        '(query values and inside mcp_url) are redacted. Filters combine; `count` is the number of matching ' +
        'entries before `limit`. The journal keeps the last FAKE_WORKATO_JOURNAL_SIZE entries (default 1000).',
      tags,
      querystring: JournalQuery,
      response: { 200: JournalList, ...errorResponses(400, 401) }
    }
  }, async (req) => {
    const { managed_user_id: ref, ...rest } = req.query
    let managedUserId: number | undefined
    if (ref !== undefined) {
      // A managed user that does not exist (any more) can still be named by account id.
      managedUserId = /^[1-9][0-9]{0,15}$/.test(ref) ? Number(ref) : control.workspace(ref).record.id
    }
    return journal.list({ ...rest, managed_user_id: managedUserId })
  })

  app.delete('/requests', {
    schema: {
      operationId: 'adminClearRequests',
      summary: 'Clear the request journal',
      description: 'Forgets every recorded request. Entry ids keep rising, so `since` stays meaningful.',
      tags,
      response: { 204: Type.Null({ description: 'No Content' }), ...errorResponses(401) }
    }
  }, async (_req, reply) => {
    journal.clear()
    return reply.code(204).send(null)
  })
}
