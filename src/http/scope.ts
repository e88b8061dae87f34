// Which workspace a route acts on: a customer's (/managed_users/:managed_user_id) or the API client's own (/mcp).
import { Type, type TObject, type TProperties } from '@sinclair/typebox'
import type { DomainContext } from '../domain/context.js'
import { NotFound } from '../domain/errors.js'
import type { Workspace } from '../domain/world.js'
import { ManagedUserParams } from '../schemas/common.js'
import { workspaceOf } from './deps.js'

export interface WorkspaceScope {
  /** Path prefix under /api. */
  prefix: string
  /** The route's path parameters: the scope's own (managed_user_id) plus the route's. */
  params: <T extends TProperties>(props: T) => TObject<T>
  resolve: (ctx: DomainContext, params: unknown) => Workspace
  /** A distinct operationId, summary and description for the scope's copy of a route. */
  operationId: (id: string) => string
  text: (s: string) => string
}

export const customerScope: WorkspaceScope = {
  prefix: '/managed_users/:managed_user_id',
  // Typed as the route's own parameters: handlers reach the workspace only through resolve().
  params: <T extends TProperties>(props: T) => Type.Object({ ...ManagedUserParams.properties, ...props }) as unknown as TObject<T>,
  resolve: (ctx, params) => workspaceOf(ctx, (params as { managed_user_id: string }).managed_user_id),
  operationId: (id) => id,
  text: (s) => s
}

export const ownScope: WorkspaceScope = {
  prefix: '/mcp',
  params: <T extends TProperties>(props: T) => Type.Object(props),
  resolve: (ctx) => {
    // Fixtures without an own workspace leave the /api/mcp routes with nothing to serve.
    const ws = ctx.world.ownWorkspace()
    if (ws === undefined) throw new NotFound()
    return ws
  },
  // listMcpServers → listOwnMcpServers, getMcpServerPolicies → getOwnMcpServerPolicies.
  operationId: (id) => id.replace(/^([a-z]+)/, '$1Own'),
  text: (s) => s.replace(/in a customer workspace/g, "in the API client's own workspace")
    .replace(/a customer workspace/g, "the API client's own workspace")
}
