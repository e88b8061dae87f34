// Tools of an MCP server: list with filters, update a description, delete (not API endpoints).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { errorResponses, ServerHandleParams, ToolParams } from '../schemas/common.js'
import { Tool, ToolList, ToolListQuery, UpdateToolBody } from '../schemas/tools.js'
import { findServer } from '../domain/servers.js'
import { deleteTool, listTools, updateTool } from '../domain/tools.js'
import { tool } from '../wire/docs.js'
import { workspaceOf, type RouteDeps } from '../http/deps.js'
import { ref } from '../schemas/ref.js'
import { createBodyCache, sendSerialized, serialize } from '../http/body-cache.js'
import type { ServerRecord } from '../schemas/state.js'

const tags = ['Tools']
const base = '/managed_users/:managed_user_id/mcp_servers/:mcp_server_handle/tools'

export const toolRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { ctx, store }) => {
  // Like the server list: cached bodies, served by a plain (not async) handler.
  const pages = createBodyCache<ServerRecord>()

  app.get(base, {
    schema: {
      operationId: 'listMcpServerTools',
      summary: 'List tools for an MCP server in a customer workspace',
      description: 'Returns a paginated list of tools assigned to an MCP server.',
      tags,
      params: ServerHandleParams,
      querystring: ToolListQuery,
      response: { 200: ref(ToolList), ...errorResponses(400, 401, 404) }
    }
  }, (req, reply) => {
    const ws = workspaceOf(ctx, req.params.managed_user_id)
    const server = findServer(ctx, ws, req.params.mcp_server_handle)
    const q = req.query
    const variant = `${q.page}|${q.per_page}|${q.vua_required}|${q.search}`
    sendSerialized(reply, pages.get(server, variant, ctx.world.version, () => {
      const page = listTools(server, q)
      return serialize(reply, { data: page.items.map(tool), count: page.count, page: page.page, per_page: page.per_page })
    }))
  })

  app.put(`${base}/:id`, {
    schema: {
      operationId: 'updateMcpServerTool',
      summary: 'Update tool description in a customer workspace',
      description: 'Updates the description shown to AI clients without affecting the underlying recipe or API endpoint. Not wrapped in data.',
      tags,
      params: ToolParams,
      body: UpdateToolBody,
      response: { 200: ref(Tool), ...errorResponses(400, 401, 404, 413, 415) }
    }
  }, async (req) => {
    const ws = workspaceOf(ctx, req.params.managed_user_id)
    const updated = updateTool(ctx, findServer(ctx, ws, req.params.mcp_server_handle), req.params.id, req.body ?? {})
    const body = tool(updated)
    await store.commit()
    return body
  })

  app.delete(`${base}/:id`, {
    schema: {
      operationId: 'deleteMcpServerTool',
      summary: 'Delete a tool in a customer workspace',
      description: "Removes a tool from an MCP server. Only tools backed by recipe functions or Genie agents can be deleted; API endpoint tools can't (400).",
      tags,
      params: ToolParams,
      response: { 204: Type.Null({ description: 'No Content' }), ...errorResponses(400, 401, 404, 413, 415) }
    }
  }, async (req, reply) => {
    const ws = workspaceOf(ctx, req.params.managed_user_id)
    deleteTool(ctx, findServer(ctx, ws, req.params.mcp_server_handle), req.params.id)
    await store.commit()
    return reply.code(204).send(null)
  })
}
