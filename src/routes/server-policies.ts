// Server policies: read and replace rate limits, quotas and IP lists. Not wrapped in `data`.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { errorResponses, ServerHandleProps } from '../schemas/common.js'
import { findServer } from '../domain/servers.js'
import { updatePolicy } from '../domain/policies.js'
import { afterCommit, type RouteDeps } from '../http/deps.js'
import { ref } from '../schemas/ref.js'

const tags = ['Server policies']

export const serverPolicyRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { ctx, store, profile, scope }) => {
  const path = `${scope.prefix}/mcp_servers/:mcp_server_handle/server_policies`

  app.get(path, {
    schema: {
      operationId: scope.operationId('getMcpServerPolicies'),
      summary: scope.text('Get server policy configuration in a customer workspace'),
      description: scope.text('Retrieves the security policy configuration for an MCP server: rate limits, quota limits, and IP allow/deny lists.'),
      tags,
      params: scope.params(ServerHandleProps),
      response: { 200: ref(profile.schemas.policy), ...errorResponses(401, 404) }
    }
  }, async (req) => {
    const ws = scope.resolve(ctx, req.params)
    const server = findServer(ctx, ws, req.params.mcp_server_handle)
    return profile.policy(server, server.policy)
  })

  app.put(path, {
    schema: {
      operationId: scope.operationId('updateMcpServerPolicies'),
      summary: scope.text('Update server policy configuration in a customer workspace'),
      description: scope.text('Updates the security policy configuration for an MCP server. Each key sent replaces that key whole; keys not sent stay.'),
      tags,
      params: scope.params(ServerHandleProps),
      body: profile.schemas.updatePolicyBody,
      response: { 200: ref(profile.schemas.policy), ...errorResponses(400, 401, 404, 413, 415) }
    }
  }, async (req) => {
    const ws = scope.resolve(ctx, req.params)
    const server = findServer(ctx, ws, req.params.mcp_server_handle)
    updatePolicy(ctx, server, profile.policyInput(req.body))
    return afterCommit(store, profile.policy(server, server.policy))
  })
}
