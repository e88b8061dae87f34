// Server actions: rotate the token, assign tools and user groups, move folders.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { errorResponses, HandleProps } from '../schemas/common.js'
import { AssignToolsBody, UpdateFolderBody, UserGroupIdsBody } from '../schemas/servers.js'
import {
  assignTools, assignUserGroups, findServer, moveServer, removeUserGroups, renewToken
} from '../domain/servers.js'
import { afterCommit, type RouteDeps } from '../http/deps.js'
import { ref } from '../schemas/ref.js'

const tags = ['MCP servers']

export const serverActionRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { ctx, store, publicUrl, profile, scope }) => {
  const base = `${scope.prefix}/mcp_servers/:handle`

  app.post(`${base}/token_renew`, {
    schema: {
      operationId: scope.operationId('renewMcpServerToken'),
      summary: scope.text('Renew an MCP server authentication token in a customer workspace'),
      description: scope.text('Generates a new authentication token and invalidates the previous one at once. Returns the server with the new mcp_url.'),
      tags,
      params: scope.params(HandleProps),
      response: { 200: ref(profile.schemas.serverEnvelope), ...errorResponses(400, 401, 404, 413, 415) }
    }
  }, async (req) => {
    const ws = scope.resolve(ctx, req.params)
    const server = renewToken(ctx, findServer(ctx, ws, req.params.handle))
    return afterCommit(store, profile.serverEnvelope(ws, server, publicUrl))
  })

  app.post(`${base}/assign_tools`, {
    schema: {
      operationId: scope.operationId('assignMcpServerTools'),
      summary: scope.text('Assign tools to an MCP server in a customer workspace'),
      description: scope.text("Assigns one or more tools to an MCP server. Tools already assigned to the server aren't duplicated."),
      tags,
      params: scope.params(HandleProps),
      body: AssignToolsBody,
      response: { 200: ref(profile.schemas.serverEnvelope), ...errorResponses(400, 401, 404, 413, 415, 422) }
    }
  }, async (req) => {
    const ws = scope.resolve(ctx, req.params)
    const server = assignTools(ctx, ws, findServer(ctx, ws, req.params.handle), req.body)
    return afterCommit(store, profile.serverEnvelope(ws, server, publicUrl))
  })

  app.post(`${base}/assign_user_groups`, {
    schema: {
      operationId: scope.operationId('assignMcpServerUserGroups'),
      summary: scope.text('Assign user groups to an MCP server in a customer workspace'),
      description: scope.text("Assigns identity provider user groups to an MCP server. Only applicable when the server's auth_type is workato_idp."),
      tags,
      params: scope.params(HandleProps),
      body: UserGroupIdsBody,
      response: { 200: ref(profile.schemas.serverEnvelope), ...errorResponses(400, 401, 404, 413, 415, 422) }
    }
  }, async (req) => {
    const ws = scope.resolve(ctx, req.params)
    const server = assignUserGroups(ctx, ws, findServer(ctx, ws, req.params.handle), req.body.idp_user_group_ids)
    return afterCommit(store, profile.serverEnvelope(ws, server, publicUrl))
  })

  app.post(`${base}/remove_user_groups`, {
    schema: {
      operationId: scope.operationId('removeMcpServerUserGroups'),
      summary: scope.text('Remove user groups from an MCP server in a customer workspace'),
      description: scope.text('Removes identity provider user groups from an MCP server. Removing a group that is not assigned is a no-op.'),
      tags,
      params: scope.params(HandleProps),
      body: UserGroupIdsBody,
      response: { 200: ref(profile.schemas.serverEnvelope), ...errorResponses(400, 401, 404, 413, 415, 422) }
    }
  }, async (req) => {
    const ws = scope.resolve(ctx, req.params)
    const server = removeUserGroups(ctx, ws, findServer(ctx, ws, req.params.handle), req.body.idp_user_group_ids)
    return afterCommit(store, profile.serverEnvelope(ws, server, publicUrl))
  })

  app.put(`${base}/update_folder`, {
    schema: {
      operationId: scope.operationId('moveMcpServer'),
      summary: scope.text('Move an MCP server to a different folder in a customer workspace'),
      description: scope.text('Moves an MCP server to a specified folder; its project follows the folder.'),
      tags,
      params: scope.params(HandleProps),
      body: UpdateFolderBody,
      response: { 200: ref(profile.schemas.serverEnvelope), ...errorResponses(400, 401, 404, 413, 415, 422) }
    }
  }, async (req) => {
    const ws = scope.resolve(ctx, req.params)
    const server = moveServer(ctx, ws, findServer(ctx, ws, req.params.handle), req.body.folder_id)
    return afterCommit(store, profile.serverEnvelope(ws, server, publicUrl))
  })
}
