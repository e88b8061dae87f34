// Server policies: read and replace rate limits, quotas and IP lists. Not wrapped in `data`.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { errorResponses, ServerHandleParams } from '../schemas/common.js'
import { ServerPolicy, UpdatePolicyBody } from '../schemas/policies.js'
import { findServer } from '../domain/servers.js'
import { updatePolicy } from '../domain/policies.js'
import { policy } from '../wire/docs.js'
import { workspaceOf, type RouteDeps } from '../http/deps.js'
import { ref } from '../schemas/ref.js'

const tags = ['Server policies']
const path = '/managed_users/:managed_user_id/mcp_servers/:mcp_server_handle/server_policies'

export const serverPolicyRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { ctx, store }) => {
  app.get(path, {
    schema: {
      operationId: 'getMcpServerPolicies',
      summary: 'Get server policy configuration in a customer workspace',
      description: 'Retrieves the security policy configuration for an MCP server: rate limits, quota limits, and IP allow/deny lists.',
      tags,
      params: ServerHandleParams,
      response: { 200: ref(ServerPolicy), ...errorResponses(401, 404) }
    }
  }, async (req) => {
    const ws = workspaceOf(ctx, req.params.managed_user_id)
    const server = findServer(ctx, ws, req.params.mcp_server_handle)
    return policy(server, server.policy)
  })

  app.put(path, {
    schema: {
      operationId: 'updateMcpServerPolicies',
      summary: 'Update server policy configuration in a customer workspace',
      description: 'Updates the security policy configuration for an MCP server. Each key sent replaces that key whole; keys not sent stay.',
      tags,
      params: ServerHandleParams,
      body: UpdatePolicyBody,
      response: { 200: ref(ServerPolicy), ...errorResponses(400, 401, 404, 413, 415) }
    }
  }, async (req) => {
    const ws = workspaceOf(ctx, req.params.managed_user_id)
    const server = findServer(ctx, ws, req.params.mcp_server_handle)
    updatePolicy(ctx, server.policy, req.body)
    const body = policy(server, server.policy)
    await store.commit()
    return body
  })
}
