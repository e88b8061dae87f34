// /__admin/managed_users: isolated tenants for parallel test suites, copied from the fixtures.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { errorResponses } from '../../schemas/common.js'
import { CreateManagedUserBody, ManagedUserInfo, ManagedUserList, ManagedUserRefParams } from '../../schemas/admin.js'
import type { Workspace } from '../../domain/world.js'
import { mcpUrl } from '../../wire/docs.js'
import type { AdminDeps } from '../../http/admin-deps.js'

const tags = ['control']

function info (publicUrl: string, ws: Workspace): ManagedUserInfo {
  const r = ws.record
  return {
    id: r.id,
    external_id: r.external_id,
    name: r.name,
    projects: r.projects.map(p => ({ id: p.id, name: p.name })),
    folders: r.folders.map(f => ({ id: f.id, name: f.name, project_id: f.project_id })),
    api_collections: r.api_collections.map(a => ({ id: a.id, name: a.name, project_id: a.project_id })),
    user_groups: r.user_groups.map(g => ({ id: g.id, name: g.name })),
    catalog: r.catalog.map(c => ({ trigger_application: c.trigger_application, id: c.id, name: c.name })),
    mcp_servers: ws.servers.map(s => ({ id: s.id, handle: s.handle, name: s.name, auth_type: s.auth_type, mcp_url: mcpUrl(publicUrl, s) }))
  }
}

export const managedUserAdminRoutes: FastifyPluginAsyncTypebox<AdminDeps> = async (app, { control, publicUrl }) => {
  app.post('/managed_users', {
    schema: {
      operationId: 'adminCreateManagedUser',
      summary: 'Create an isolated managed user (test tenant)',
      description: 'Creates a managed user holding its own copy of a fixtures managed user\'s projects, folders, API ' +
        'collections, tool catalog and user groups (same ids: they are scoped by the managed user path, so a suite ' +
        'can use the fixtures\' folder ids in any tenant). With `servers: true` the template\'s MCP servers are copied ' +
        'too, with fresh server, tool and policy ids, handles and tokens. `POST /__admin/reset` with this ' +
        'managed_user_id brings the tenant back to how it was created.',
      tags,
      body: CreateManagedUserBody,
      response: { 201: ManagedUserInfo, ...errorResponses(400, 401, 409, 413, 415, 422) }
    },
    preValidation: async (req) => { if (req.body === undefined || req.body === null) req.body = {} }
  }, async (req, reply) => {
    const ws = await control.createManagedUser(req.body)
    return reply.code(201).send(info(publicUrl, ws))
  })

  app.get('/managed_users', {
    schema: {
      operationId: 'adminListManagedUsers',
      summary: 'List every managed user',
      description: 'Every managed user in the fake with its projects, folders, API collections, user groups, catalog and MCP servers.',
      tags,
      response: { 200: ManagedUserList, ...errorResponses(401) }
    }
  }, async () => {
    const data = [...control.workspaces()].map(ws => info(publicUrl, ws))
    return { data, count: data.length }
  })

  app.get('/managed_users/:managed_user_id', {
    schema: {
      operationId: 'adminGetManagedUser',
      summary: 'Get one managed user',
      description: 'One managed user with what it holds.',
      tags,
      params: ManagedUserRefParams,
      response: { 200: ManagedUserInfo, ...errorResponses(401, 404) }
    }
  }, async (req) => info(publicUrl, control.workspace(req.params.managed_user_id)))

  app.delete('/managed_users/:managed_user_id', {
    schema: {
      operationId: 'adminDeleteManagedUser',
      summary: 'Delete a managed user',
      description: 'Removes a managed user and everything in it (its handles become free). A full reset brings fixtures managed users back.',
      tags,
      params: ManagedUserRefParams,
      response: { 204: Type.Null({ description: 'No Content' }), ...errorResponses(401, 404) }
    }
  }, async (req, reply) => {
    await control.deleteManagedUser(req.params.managed_user_id)
    return reply.code(204).send(null)
  })
}
