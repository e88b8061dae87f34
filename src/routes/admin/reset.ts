// POST /__admin/reset: the fixtures back, for the whole fake or one managed user.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { errorResponses } from '../../schemas/common.js'
import { ResetBody, ResetResult } from '../../schemas/admin.js'
import type { AdminDeps } from '../../http/admin-deps.js'

export const resetRoutes: FastifyPluginAsyncTypebox<AdminDeps> = async (app, { control }) => {
  app.post('/reset', {
    schema: {
      operationId: 'adminReset',
      summary: 'Reset the fake to its fixtures',
      description: 'Without a body: restores the fixtures byte for byte, drops managed users created since, clears the ' +
        'request journal, every fault rule and the latency setting, returns the clock to real time, clears policy ' +
        'counters and restarts seeded generators. With `managed_user_id`: restores only that managed user (to the ' +
        'fixtures, or to how it was created through POST /__admin/managed_users) and clears its journal entries, ' +
        'fault rules and policy counters; the clock is shared and left alone.',
      tags: ['control'],
      body: ResetBody,
      response: { 200: ResetResult, ...errorResponses(400, 401, 404, 409, 415) }
    },
    // "No body" means the whole world, and must not fail the body schema.
    preValidation: async (req) => { if (req.body === undefined || req.body === null) req.body = {} }
  }, async (req) => {
    if (req.body.managed_user_id === undefined) {
      await control.resetAll()
      return { reset: 'world' as const, managed_user_id: null }
    }
    const id = await control.resetManagedUser(req.body.managed_user_id)
    return { reset: 'managed_user' as const, managed_user_id: id }
  })
}
