// List, create, read, update and delete MCP servers in a customer workspace.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { errorResponses, HandleProps } from '../schemas/common.js'
import { CreateServerBody, ServerListQuery, UpdateServerBody } from '../schemas/servers.js'
import { createServer, deleteServer, findServer, listServers, updateServer } from '../domain/servers.js'
import { afterCommit, type RouteDeps } from '../http/deps.js'
import { ref } from '../schemas/ref.js'
import { createBodyCache, sendSerialized, serialize } from '../http/body-cache.js'
import type { Workspace } from '../domain/world.js'
import type { ServerRecord } from '../schemas/state.js'

const tags = ['MCP servers']

export const mcpServerRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { ctx, store, publicUrl, profile, scope }) => {
  const list = `${scope.prefix}/mcp_servers`
  const one = `${list}/:handle`
  // A page of 50 serialized per request costs more than the request itself; see bench/RESULTS.md.
  // The cached reads are plain (not async) handlers: nothing to await, so no promise per request.
  const pages = createBodyCache<Workspace>()
  const details = createBodyCache<ServerRecord>(1)

  app.get(list, {
    schema: {
      operationId: scope.operationId('listMcpServers'),
      summary: scope.text('List MCP servers in a customer workspace'),
      description: scope.text('Returns a list of MCP servers in a customer workspace.'),
      tags,
      params: scope.params({}),
      querystring: ServerListQuery,
      response: { 200: ref(profile.schemas.serverList), ...errorResponses(400, 401, 404) }
    }
  }, (req, reply) => {
    const ws = scope.resolve(ctx, req.params)
    const q = req.query
    const variant = `${q.page}|${q.per_page}|${q.project_id}|${q.folder_id}|${q.authentication_method}`
    sendSerialized(reply, pages.get(ws, variant, ctx.world.version, () => serialize(reply, profile.serverList(ws, listServers(ws, q), publicUrl))))
  })

  app.post(list, {
    schema: {
      operationId: scope.operationId('createMcpServer'),
      summary: scope.text('Create an MCP server in a customer workspace'),
      description: scope.text('Creates a new MCP server in a customer workspace.'),
      tags,
      params: scope.params({}),
      body: CreateServerBody,
      response: { 200: ref(profile.schemas.serverEnvelope), ...errorResponses(400, 401, 404, 413, 415, 422) }
    }
  }, async (req) => {
    const ws = scope.resolve(ctx, req.params)
    const server = createServer(ctx, ws, req.body)
    return afterCommit(store, profile.serverEnvelope(ws, server, publicUrl))
  })

  app.get(one, {
    schema: {
      operationId: scope.operationId('getMcpServer'),
      summary: scope.text('Get MCP server details in a customer workspace'),
      description: scope.text('Retrieves details for a specific MCP server in a customer workspace.'),
      tags,
      params: scope.params(HandleProps),
      response: { 200: ref(profile.schemas.serverEnvelope), ...errorResponses(401, 404) }
    }
  }, (req, reply) => {
    const ws = scope.resolve(ctx, req.params)
    const server = findServer(ctx, ws, req.params.handle)
    sendSerialized(reply, details.get(server, '', ctx.world.version, () => serialize(reply, profile.serverEnvelope(ws, server, publicUrl))))
  })

  app.put(one, {
    schema: {
      operationId: scope.operationId('updateMcpServer'),
      summary: scope.text('Update an MCP server in a customer workspace'),
      description: scope.text('Updates an existing MCP server in a customer workspace. Only the fields sent change; the handle never does.'),
      tags,
      params: scope.params(HandleProps),
      body: UpdateServerBody,
      response: { 200: ref(profile.schemas.serverEnvelope), ...errorResponses(400, 401, 404, 413, 415, 422) }
    }
  }, async (req) => {
    const ws = scope.resolve(ctx, req.params)
    const server = updateServer(ctx, ws, findServer(ctx, ws, req.params.handle), req.body)
    return afterCommit(store, profile.serverEnvelope(ws, server, publicUrl))
  })

  app.delete(one, {
    schema: {
      operationId: scope.operationId('deleteMcpServer'),
      summary: scope.text('Delete an MCP server in a customer workspace'),
      description: scope.text('Deletes an MCP server in a customer workspace. Returns 204 No Content on success.'),
      tags,
      params: scope.params(HandleProps),
      response: { 204: Type.Null({ description: 'No Content' }), ...errorResponses(400, 401, 404, 413, 415) }
    }
  }, async (req, reply) => {
    const ws = scope.resolve(ctx, req.params)
    deleteServer(ctx, ws, findServer(ctx, ws, req.params.handle))
    await store.commit()
    return reply.code(204).send(null)
  })
}
