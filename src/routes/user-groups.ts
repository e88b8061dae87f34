// Identity provider user groups of a customer workspace.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { errorResponses } from '../schemas/common.js'
import { UserGroupListQuery } from '../schemas/user-groups.js'
import { listUserGroups } from '../domain/user-groups.js'
import type { RouteDeps } from '../http/deps.js'
import { ref } from '../schemas/ref.js'

export const userGroupRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { ctx, profile, scope }) => {
  app.get(`${scope.prefix}/user_groups`, {
    schema: {
      operationId: scope.operationId('listUserGroups'),
      summary: scope.text('List identity provider user groups in a customer workspace'),
      description: scope.text('Returns a paginated list of identity provider user groups; use their IDs to grant access to workato_idp servers.'),
      tags: ['User groups'],
      params: scope.params({}),
      querystring: UserGroupListQuery,
      response: { 200: ref(profile.schemas.userGroupList), ...errorResponses(400, 401, 404) }
    }
  }, async (req) => {
    return profile.userGroupList(listUserGroups(scope.resolve(ctx, req.params), req.query))
  })
}
