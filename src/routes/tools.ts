// Tools of an MCP server: list with filters, update a description, delete (not API endpoints).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { errorResponses, ServerHandleProps, ToolProps } from '../schemas/common.js'
import { ToolListQuery, UpdateToolBody } from '../schemas/tools.js'
import { findServer } from '../domain/servers.js'
import { deleteTool, listTools, updateTool } from '../domain/tools.js'
import { afterCommit, type RouteDeps } from '../http/deps.js'
import { ref } from '../schemas/ref.js'
import { createBodyCache, sendSerialized, serialize } from '../http/body-cache.js'
import type { ServerRecord } from '../schemas/state.js'

const tags = ['Tools']

export const toolRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { ctx, store, profile, scope }) => {
  const base = `${scope.prefix}/mcp_servers/:mcp_server_handle/tools`
  // Like the server list: cached bodies, served by a plain (not async) handler.
  const pages = createBodyCache<ServerRecord>()

  app.get(base, {
    schema: {
      operationId: scope.operationId('listMcpServerTools'),
      summary: scope.text('List tools for an MCP server in a customer workspace'),
      description: scope.text('Returns a paginated list of tools assigned to an MCP server.'),
      tags,
      params: scope.params(ServerHandleProps),
      querystring: ToolListQuery,
      response: { 200: ref(profile.schemas.toolList), ...errorResponses(400, 401, 404) }
    }
  }, (req, reply) => {
    const ws = scope.resolve(ctx, req.params)
    const server = findServer(ctx, ws, req.params.mcp_server_handle)
    const q = req.query
    const variant = `${q.page}|${q.per_page}|${q.vua_required}|${q.search}`
    sendSerialized(reply, pages.get(server, variant, ctx.world.version, () => serialize(reply, profile.toolList(ws, server, listTools(server, q)))))
  })

  app.put(`${base}/:id`, {
    schema: {
      operationId: scope.operationId('updateMcpServerTool'),
      summary: scope.text('Update tool description in a customer workspace'),
      description: scope.text('Updates the description shown to AI clients without affecting the underlying recipe or API endpoint. Not wrapped in data.'),
      tags,
      params: scope.params(ToolProps),
      body: UpdateToolBody,
      response: { 200: ref(profile.schemas.tool), ...errorResponses(400, 401, 404, 413, 415) }
    }
  }, async (req) => {
    const ws = scope.resolve(ctx, req.params)
    const server = findServer(ctx, ws, req.params.mcp_server_handle)
    const updated = updateTool(ctx, server, req.params.id, req.body ?? {})
    return afterCommit(store, profile.tool(ws, server, updated))
  })

  app.delete(`${base}/:id`, {
    schema: {
      operationId: scope.operationId('deleteMcpServerTool'),
      summary: scope.text('Delete a tool in a customer workspace'),
      description: scope.text("Removes a tool from an MCP server. Only tools backed by recipe functions or Genie agents can be deleted; API endpoint tools can't (400)."),
      tags,
      params: scope.params(ToolProps),
      response: { 204: Type.Null({ description: 'No Content' }), ...errorResponses(400, 401, 404, 413, 415) }
    }
  }, async (req, reply) => {
    const ws = scope.resolve(ctx, req.params)
    deleteTool(ctx, findServer(ctx, ws, req.params.mcp_server_handle), req.params.id)
    await store.commit()
    return reply.code(204).send(null)
  })
}
