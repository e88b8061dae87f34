// Server actions: rotate the token, assign tools and user groups, move folders.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { errorResponses, HandleParams } from '../schemas/common.js'
import { AssignToolsBody, ServerEnvelope, UpdateFolderBody, UserGroupIdsBody } from '../schemas/servers.js'
import {
  assignTools, assignUserGroups, findServer, moveServer, removeUserGroups, renewToken
} from '../domain/servers.js'
import { serverDetail } from '../wire/docs.js'
import { workspaceOf, type RouteDeps } from '../http/deps.js'
import { ref } from '../schemas/ref.js'

const tags = ['MCP servers']
const base = '/managed_users/:managed_user_id/mcp_servers/:handle'

export const serverActionRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { ctx, store, publicUrl }) => {
  app.post(`${base}/token_renew`, {
    schema: {
      operationId: 'renewMcpServerToken',
      summary: 'Renew an MCP server authentication token in a customer workspace',
      description: 'Generates a new authentication token and invalidates the previous one at once. Returns the server with the new mcp_url.',
      tags,
      params: HandleParams,
      response: { 200: ref(ServerEnvelope), ...errorResponses(400, 401, 404, 413, 415) }
    }
  }, async (req) => {
    const ws = workspaceOf(ctx, req.params.managed_user_id)
    const server = renewToken(ctx, findServer(ctx, ws, req.params.handle))
    await store.commit()
    return { data: serverDetail(publicUrl, server) }
  })

  app.post(`${base}/assign_tools`, {
    schema: {
      operationId: 'assignMcpServerTools',
      summary: 'Assign tools to an MCP server in a customer workspace',
      description: "Assigns one or more tools to an MCP server. Tools already assigned to the server aren't duplicated.",
      tags,
      params: HandleParams,
      body: AssignToolsBody,
      response: { 200: ref(ServerEnvelope), ...errorResponses(400, 401, 404, 413, 415, 422) }
    }
  }, async (req) => {
    const ws = workspaceOf(ctx, req.params.managed_user_id)
    const server = assignTools(ctx, ws, findServer(ctx, ws, req.params.handle), req.body)
    await store.commit()
    return { data: serverDetail(publicUrl, server) }
  })

  app.post(`${base}/assign_user_groups`, {
    schema: {
      operationId: 'assignMcpServerUserGroups',
      summary: 'Assign user groups to an MCP server in a customer workspace',
      description: "Assigns identity provider user groups to an MCP server. Only applicable when the server's auth_type is workato_idp.",
      tags,
      params: HandleParams,
      body: UserGroupIdsBody,
      response: { 200: ref(ServerEnvelope), ...errorResponses(400, 401, 404, 413, 415, 422) }
    }
  }, async (req) => {
    const ws = workspaceOf(ctx, req.params.managed_user_id)
    const server = assignUserGroups(ctx, ws, findServer(ctx, ws, req.params.handle), req.body.idp_user_group_ids)
    await store.commit()
    return { data: serverDetail(publicUrl, server) }
  })

  app.post(`${base}/remove_user_groups`, {
    schema: {
      operationId: 'removeMcpServerUserGroups',
      summary: 'Remove user groups from an MCP server in a customer workspace',
      description: 'Removes identity provider user groups from an MCP server. Removing a group that is not assigned is a no-op.',
      tags,
      params: HandleParams,
      body: UserGroupIdsBody,
      response: { 200: ref(ServerEnvelope), ...errorResponses(400, 401, 404, 413, 415, 422) }
    }
  }, async (req) => {
    const ws = workspaceOf(ctx, req.params.managed_user_id)
    const server = removeUserGroups(ctx, ws, findServer(ctx, ws, req.params.handle), req.body.idp_user_group_ids)
    await store.commit()
    return { data: serverDetail(publicUrl, server) }
  })

  app.put(`${base}/update_folder`, {
    schema: {
      operationId: 'moveMcpServer',
      summary: 'Move an MCP server to a different folder in a customer workspace',
      description: 'Moves an MCP server to a specified folder; its project follows the folder.',
      tags,
      params: HandleParams,
      body: UpdateFolderBody,
      response: { 200: ref(ServerEnvelope), ...errorResponses(400, 401, 404, 413, 415, 422) }
    }
  }, async (req) => {
    const ws = workspaceOf(ctx, req.params.managed_user_id)
    const server = moveServer(ctx, ws, findServer(ctx, ws, req.params.handle), req.body.folder_id)
    await store.commit()
    return { data: serverDetail(publicUrl, server) }
  })
}
