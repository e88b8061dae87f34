// Identity provider user groups of a customer workspace.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { errorResponses, ManagedUserParams } from '../schemas/common.js'
import { UserGroupList, UserGroupListQuery } from '../schemas/user-groups.js'
import { listUserGroups } from '../domain/user-groups.js'
import { userGroup } from '../wire/docs.js'
import { workspaceOf, type RouteDeps } from '../http/deps.js'
import { ref } from '../schemas/ref.js'

export const userGroupRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { ctx }) => {
  app.get('/managed_users/:managed_user_id/user_groups', {
    schema: {
      operationId: 'listUserGroups',
      summary: 'List identity provider user groups in a customer workspace',
      description: 'Returns a paginated list of identity provider user groups; use their IDs to grant access to workato_idp servers.',
      tags: ['User groups'],
      params: ManagedUserParams,
      querystring: UserGroupListQuery,
      response: { 200: ref(UserGroupList), ...errorResponses(400, 401, 404) }
    }
  }, async (req) => {
    const page = listUserGroups(workspaceOf(ctx, req.params.managed_user_id), req.query)
    return { data: page.items.map(userGroup), count: page.count, page: page.page, per_page: page.per_page }
  })
}
