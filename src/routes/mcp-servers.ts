// List, create, read, update and delete MCP servers in a customer workspace.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { errorResponses, HandleParams, ManagedUserParams } from '../schemas/common.js'
import { CreateServerBody, ServerEnvelope, ServerList, ServerListQuery, UpdateServerBody } from '../schemas/servers.js'
import { createServer, deleteServer, findServer, listServers, updateServer } from '../domain/servers.js'
import { serverDetail, serverSummary } from '../wire/docs.js'
import { workspaceOf, type RouteDeps } from '../http/deps.js'
import { ref } from '../schemas/ref.js'
import { createBodyCache, sendSerialized, serialize } from '../http/body-cache.js'
import type { Workspace } from '../domain/world.js'
import type { ServerRecord } from '../schemas/state.js'

const tags = ['MCP servers']

export const mcpServerRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { ctx, store, publicUrl }) => {
  // A page of 50 serialized per request costs more than the request itself; see bench/RESULTS.md.
  // The cached reads are plain (not async) handlers: nothing to await, so no promise per request.
  const pages = createBodyCache<Workspace>()
  const details = createBodyCache<ServerRecord>(1)

  app.get('/managed_users/:managed_user_id/mcp_servers', {
    schema: {
      operationId: 'listMcpServers',
      summary: 'List MCP servers in a customer workspace',
      description: 'Returns a list of MCP servers in a customer workspace.',
      tags,
      params: ManagedUserParams,
      querystring: ServerListQuery,
      response: { 200: ref(ServerList), ...errorResponses(400, 401, 404) }
    }
  }, (req, reply) => {
    const ws = workspaceOf(ctx, req.params.managed_user_id)
    const q = req.query
    const variant = `${q.page}|${q.per_page}|${q.project_id}|${q.folder_id}|${q.authentication_method}`
    sendSerialized(reply, pages.get(ws, variant, ctx.world.version, () => {
      const page = listServers(ws, q)
      return serialize(reply, { data: page.items.map(s => serverSummary(ws, s)), count: page.count, page: page.page, per_page: page.per_page })
    }))
  })

  app.post('/managed_users/:managed_user_id/mcp_servers', {
    schema: {
      operationId: 'createMcpServer',
      summary: 'Create an MCP server in a customer workspace',
      description: 'Creates a new MCP server in a customer workspace.',
      tags,
      params: ManagedUserParams,
      body: CreateServerBody,
      response: { 200: ref(ServerEnvelope), ...errorResponses(400, 401, 404, 413, 415, 422) }
    }
  }, async (req) => {
    const ws = workspaceOf(ctx, req.params.managed_user_id)
    const server = createServer(ctx, ws, req.body)
    const body = { data: serverDetail(publicUrl, server) }
    await store.commit()
    return body
  })

  app.get('/managed_users/:managed_user_id/mcp_servers/:handle', {
    schema: {
      operationId: 'getMcpServer',
      summary: 'Get MCP server details in a customer workspace',
      description: 'Retrieves details for a specific MCP server in a customer workspace.',
      tags,
      params: HandleParams,
      response: { 200: ref(ServerEnvelope), ...errorResponses(401, 404) }
    }
  }, (req, reply) => {
    const ws = workspaceOf(ctx, req.params.managed_user_id)
    const server = findServer(ctx, ws, req.params.handle)
    sendSerialized(reply, details.get(server, '', ctx.world.version, () => serialize(reply, { data: serverDetail(publicUrl, server) })))
  })

  app.put('/managed_users/:managed_user_id/mcp_servers/:handle', {
    schema: {
      operationId: 'updateMcpServer',
      summary: 'Update an MCP server in a customer workspace',
      description: 'Updates an existing MCP server in a customer workspace. Only the fields sent change; the handle never does.',
      tags,
      params: HandleParams,
      body: UpdateServerBody,
      response: { 200: ref(ServerEnvelope), ...errorResponses(400, 401, 404, 413, 415, 422) }
    }
  }, async (req) => {
    const ws = workspaceOf(ctx, req.params.managed_user_id)
    const server = updateServer(ctx, ws, findServer(ctx, ws, req.params.handle), req.body)
    const body = { data: serverDetail(publicUrl, server) }
    await store.commit()
    return body
  })

  app.delete('/managed_users/:managed_user_id/mcp_servers/:handle', {
    schema: {
      operationId: 'deleteMcpServer',
      summary: 'Delete an MCP server in a customer workspace',
      description: 'Deletes an MCP server in a customer workspace. Returns 204 No Content on success.',
      tags,
      params: HandleParams,
      response: { 204: Type.Null({ description: 'No Content' }), ...errorResponses(400, 401, 404, 413, 415) }
    }
  }, async (req, reply) => {
    const ws = workspaceOf(ctx, req.params.managed_user_id)
    deleteServer(ctx, ws, findServer(ctx, ws, req.params.handle))
    await store.commit()
    return reply.code(204).send(null)
  })
}
