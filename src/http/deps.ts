// What the route plugins are given: the domain context, the store, and how to build URLs.
import type { DomainContext } from '../domain/context.js'
import { NotFound } from '../domain/errors.js'
import type { Workspace } from '../domain/world.js'
import type { Store } from '../store/store.js'
import type { WireProfile } from '../wire/profile.js'
import type { WorkspaceScope } from './scope.js'

export interface RouteDeps {
  ctx: DomainContext
  store: Store
  publicUrl: string
  /** Wire shapes and accepted request shapes of the running profile. */
  profile: WireProfile
  /** Which workspace the plugin's routes act on; each route plugin is registered once per scope. */
  scope: WorkspaceScope
}

/** The customer workspace a `:managed_user_id` names, or 404. */
export function workspaceOf (ctx: DomainContext, managedUserId: string): Workspace {
  const ws = ctx.world.workspace(managedUserId)
  // The API client's own workspace is no customer: /api/mcp serves it, /api/managed_users does not.
  if (ws === undefined || ws === ctx.world.ownWorkspace()) throw new NotFound()
  return ws
}

/**
 * Answers `body` once the store has made the change durable. The body is built by the caller
 * before the wait, because by the time the commit lands a concurrent request may have changed
 * the same record again (concurrent token_renew calls must each see their own token).
 */
export async function afterCommit<T> (store: Store, body: T): Promise<T> {
  await store.commit()
  return body
}
