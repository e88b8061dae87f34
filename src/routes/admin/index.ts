// The test-control API under /__admin: its own plugin, its own (optional) Bearer token.
import type { FastifyInstance } from 'fastify'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Unauthorized } from '../../domain/errors.js'
import { bearerChecker } from '../../http/auth.js'
import type { AdminDeps } from '../../http/admin-deps.js'
import { clockRoutes } from './clock.js'
import { faultRoutes } from './faults.js'
import { managedUserAdminRoutes } from './managed-users.js'
import { requestRoutes } from './requests.js'
import { resetRoutes } from './reset.js'
import { stateRoutes } from './state.js'

/** Only the admin token opens /__admin; API tokens are checked elsewhere and never here. */
export function requireAdminToken (app: FastifyInstance, adminToken: string | undefined): void {
  if (adminToken === undefined) return
  const authorized = bearerChecker([adminToken])
  app.addHook('onRequest', async (req) => {
    if (!authorized(req.headers.authorization)) throw new Unauthorized()
  })
}

/** Register inside a scope that called requireAdminToken, with the /__admin prefix. */
export const adminRoutes: FastifyPluginAsyncTypebox<AdminDeps> = async (app, options) => {
  // Only the deps travel on: passing `prefix` along would prefix every child plugin a second time.
  const { control, journal, faults, clock, publicUrl } = options
  const deps: AdminDeps = { control, journal, faults, clock, publicUrl }
  await app.register(resetRoutes, deps)
  await app.register(managedUserAdminRoutes, deps)
  await app.register(stateRoutes, deps)
  await app.register(requestRoutes, deps)
  await app.register(faultRoutes, deps)
  await app.register(clockRoutes, deps)
}
