// Control API for IdP user tokens, mounted under /__admin/idp: issue one, or revoke them all.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { DomainContext } from '../domain/context.js'
import { fieldError } from '../domain/errors.js'
import { errorResponses } from '../schemas/common.js'
import { IdpToken, IssueIdpTokenBody } from '../schemas/idp-tokens.js'
import type { IdpTokens } from './idp-tokens.js'

export interface IdpRouteOptions {
  ctx: DomainContext
  idp: IdpTokens
}

const tags = ['control']

export const idpRoutes: FastifyPluginAsyncTypebox<IdpRouteOptions> = async (app, { ctx, idp }) => {
  app.post('/tokens', {
    schema: {
      operationId: 'issueIdpToken',
      summary: 'Issue an IdP user token',
      description: 'Stands in for Workato Identity: returns a Bearer token for a named user in the given user groups. A workato_idp server\'s MCP endpoint admits it when the user is in one of the server\'s idp_user_group_ids, checked on every request.',
      tags,
      body: IssueIdpTokenBody,
      response: { 201: IdpToken, ...errorResponses(400, 401, 413, 415, 422) }
    }
  }, async (req, reply) => {
    const body = req.body
    let managedUserId: number | null = null
    if (body.managed_user_id !== undefined) {
      const ws = ctx.world.workspace(String(body.managed_user_id))
      if (ws === undefined) throw fieldError(422, 'managed_user_id', `${JSON.stringify(body.managed_user_id)} does not exist`)
      managedUserId = ws.record.id
      body.group_ids.forEach((g, i) => {
        if (!ws.groups.has(g)) throw fieldError(422, `group_ids[${i}]`, `user group "${g}" does not exist in this managed user`)
      })
    } else {
      // Without a managed user, a group ID that no workspace has is surely a typo.
      const known = (g: string) => [...ctx.world.workspaces()].some(ws => ws.groups.has(g))
      body.group_ids.forEach((g, i) => {
        if (!known(g)) throw fieldError(422, `group_ids[${i}]`, `user group "${g}" does not exist`)
      })
    }
    const issued = idp.issue({
      user: body.user,
      group_ids: body.group_ids,
      managed_user_id: managedUserId,
      ...(body.expires_in !== undefined ? { expires_in: body.expires_in } : {}),
      ...(body.token !== undefined ? { token: body.token } : {})
    })
    return reply.code(201).send({
      token: issued.token,
      token_type: 'Bearer' as const,
      user: issued.user,
      group_ids: issued.group_ids,
      managed_user_id: issued.managed_user_id,
      expires_at: issued.expires_at === null ? null : new Date(issued.expires_at).toISOString()
    })
  })

  app.delete('/tokens', {
    schema: {
      operationId: 'revokeIdpTokens',
      summary: 'Revoke every IdP user token',
      description: 'Every IdP user token stops working at once (a reset does the same).',
      tags,
      response: { 204: Type.Null({ description: 'No Content' }), ...errorResponses(401) }
    }
  }, async (_req, reply) => {
    idp.revokeAll()
    return reply.code(204).send(null)
  })
}
