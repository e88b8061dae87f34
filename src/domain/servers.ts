// MCP server rules: create, update, move, rotate tokens, assign tools and user groups, delete.
import type { ServerRecord, ToolRecord } from '../schemas/state.js'
import type { AssignToolsBody, CreateServerBody, ServerListQuery, ToolRef, UpdateServerBody } from '../schemas/servers.js'
import { newToken, nowStamp, type DomainContext } from './context.js'
import { BadRequest, fieldError, NotFound } from './errors.js'
import { uniqueHandle } from './handles.js'
import { paginate, type Page } from './pagination.js'
import { catalogKey, type Workspace } from './world.js'

export const LOGO_URL = 'https://www.workato.com/images/mcp-server-logo.png'
export const SERVERS_PER_PAGE = 50

/** Defaults of a new server's policy, as in the spec's policy sample (a fidelity note). */
export const DEFAULT_POLICY = { rate_limits: { per_minute: 60 }, quota_limits: { per_day: 10000 } }

export function projectOf (ws: Workspace, server: ServerRecord): number {
  // Folders are never deleted, so a server's folder always resolves.
  return ws.folders.get(server.folder_id)!.project_id
}

export function listServers (ws: Workspace, query: ServerListQuery): Page<ServerRecord> {
  const { project_id: projectId, folder_id: folderId, authentication_method: auth } = query
  const all = projectId === undefined && folderId === undefined && auth === undefined
    ? ws.servers
    : ws.servers.filter(s =>
      (folderId === undefined || s.folder_id === folderId) &&
      (auth === undefined || s.auth_type === auth) &&
      (projectId === undefined || projectOf(ws, s) === projectId))
  return paginate(all, query, SERVERS_PER_PAGE, SERVERS_PER_PAGE)
}

export function findServer (ctx: DomainContext, ws: Workspace, handle: string): ServerRecord {
  const server = ctx.world.server(ws, handle)
  if (server === undefined) throw new NotFound()
  return server
}

function requireFolder (ws: Workspace, folderId: number): void {
  if (!ws.folders.has(folderId)) throw fieldError(422, 'folder_id', `folder ${folderId} does not exist`)
}

/**
 * Resolves tool references against the workspace catalog, in request order, skipping repeats and
 * tools the server already has. Throws before anything changes, so a bad item changes nothing.
 */
function resolveTools (ctx: DomainContext, ws: Workspace, existing: readonly ToolRecord[], refs: readonly ToolRef[]): ToolRecord[] {
  const have = new Set(existing.map(t => catalogKey(t.trigger_application, t.asset_id)))
  const picked: ToolRecord[] = []
  refs.forEach((ref, i) => {
    const field = `tools[${i}].id`
    let id: number | string = ref.id
    if (ref.trigger_application === 'workato_genie') {
      if (typeof id !== 'string') throw fieldError(400, field, 'must be a string handle for workato_genie tools')
    } else if (typeof id === 'string') {
      // The spec's samples send numeric ids as strings ("98231"); accept exactly that form.
      if (!/^[1-9][0-9]{0,15}$/.test(id)) throw fieldError(400, field, `must be a number for ${ref.trigger_application} tools`)
      id = Number(id)
    }
    const key = catalogKey(ref.trigger_application, id)
    const item = ws.catalog.get(key)
    if (item === undefined) throw fieldError(422, field, `${ref.trigger_application} ${JSON.stringify(ref.id)} does not exist in this workspace`)
    if (have.has(key)) return
    have.add(key)
    picked.push({
      id: 0,
      trigger_application: item.trigger_application,
      asset_id: item.id,
      name: item.name,
      description: item.description,
      action_applications: [...item.action_applications],
      flow_id: item.flow_id,
      vua_required: item.vua_required
    })
  })
  // Ids are drawn only once every item is known to be valid.
  for (const t of picked) t.id = ctx.world.nextId('tool')
  return picked
}

export function createServer (ctx: DomainContext, ws: Workspace, body: CreateServerBody): ServerRecord {
  requireFolder(ws, body.folder_id)
  if (body.asset_id !== undefined && !ws.collections.has(body.asset_id)) {
    throw fieldError(422, 'asset_id', `API collection ${body.asset_id} does not exist`)
  }
  const tools = resolveTools(ctx, ws, [], body.tools ?? [])
  const now = nowStamp(ctx)
  const server: ServerRecord = {
    id: ctx.world.nextId('server'),
    handle: uniqueHandle(body.name, h => ctx.world.handleTaken(h)),
    name: body.name,
    description: body.description ?? '',
    folder_id: body.folder_id,
    asset_id: body.asset_id ?? null,
    auth_type: 'token',
    token: newToken(ctx),
    idp_user_group_ids: [],
    logo_url: LOGO_URL,
    created_at: now,
    updated_at: now,
    tools,
    policy: {
      id: ctx.world.nextId('policy'),
      rate_limits: { ...DEFAULT_POLICY.rate_limits },
      quota_limits: { ...DEFAULT_POLICY.quota_limits },
      ip_allow_list: [],
      ip_deny_list: [],
      created_at: now,
      updated_at: now
    }
  }
  ctx.world.addServer(ws, server)
  return server
}

function requireGroups (ws: Workspace, ids: readonly string[]): void {
  const missing = ids.filter(id => !ws.groups.has(id))
  if (missing.length > 0) {
    throw fieldError(422, 'idp_user_group_ids', `user groups not found: ${missing.join(', ')}`)
  }
}

const dedupe = (ids: readonly string[]) => [...new Set(ids)]

export function updateServer (ctx: DomainContext, ws: Workspace, server: ServerRecord, body: UpdateServerBody): ServerRecord {
  const authType = body.auth_type ?? server.auth_type
  if (body.idp_user_group_ids !== undefined) {
    if (authType !== 'workato_idp') {
      throw fieldError(400, 'idp_user_group_ids', 'is only applicable when auth_type is workato_idp')
    }
    requireGroups(ws, body.idp_user_group_ids)
  }
  if (body.folder_id !== undefined) requireFolder(ws, body.folder_id)

  // Everything is valid from here on: apply.
  let changed = false
  const set = <K extends keyof ServerRecord>(key: K, value: ServerRecord[K]) => {
    if (JSON.stringify(server[key]) !== JSON.stringify(value)) { server[key] = value; changed = true }
  }
  if (body.name !== undefined) set('name', body.name)
  if (body.description !== undefined) set('description', body.description)
  if (body.folder_id !== undefined) set('folder_id', body.folder_id)
  if (authType !== server.auth_type) {
    // Switching auth type revokes the old token (fidelity notes), and token auth has no groups.
    set('auth_type', authType)
    set('token', newToken(ctx))
    if (authType === 'token') set('idp_user_group_ids', [])
  }
  if (body.idp_user_group_ids !== undefined) set('idp_user_group_ids', dedupe(body.idp_user_group_ids))
  if (changed) touch(ctx, server)
  return server
}

function touch (ctx: DomainContext, server: ServerRecord): void {
  server.updated_at = nowStamp(ctx)
  ctx.world.touch(server)
}

export function deleteServer (ctx: DomainContext, ws: Workspace, server: ServerRecord): void {
  ctx.world.removeServer(ws, server)
}

export function renewToken (ctx: DomainContext, server: ServerRecord): ServerRecord {
  server.token = newToken(ctx)
  touch(ctx, server)
  return server
}

export function assignTools (ctx: DomainContext, ws: Workspace, server: ServerRecord, body: AssignToolsBody): ServerRecord {
  const added = resolveTools(ctx, ws, server.tools, body.tools)
  if (added.length > 0) {
    server.tools.push(...added)
    touch(ctx, server)
  }
  return server
}

function requireIdp (server: ServerRecord): void {
  if (server.auth_type !== 'workato_idp') {
    throw new BadRequest('User groups can only be managed when the server auth_type is workato_idp', {
      auth_type: ['must be workato_idp to manage user groups']
    })
  }
}

export function assignUserGroups (ctx: DomainContext, ws: Workspace, server: ServerRecord, ids: readonly string[]): ServerRecord {
  requireIdp(server)
  requireGroups(ws, ids)
  const next = dedupe([...server.idp_user_group_ids, ...ids])
  if (next.length !== server.idp_user_group_ids.length) {
    server.idp_user_group_ids = next
    touch(ctx, server)
  }
  return server
}

export function removeUserGroups (ctx: DomainContext, ws: Workspace, server: ServerRecord, ids: readonly string[]): ServerRecord {
  requireIdp(server)
  requireGroups(ws, ids)
  const drop = new Set(ids)
  const next = server.idp_user_group_ids.filter(id => !drop.has(id))
  if (next.length !== server.idp_user_group_ids.length) {
    server.idp_user_group_ids = next
    touch(ctx, server)
  }
  return server
}

export function moveServer (ctx: DomainContext, ws: Workspace, server: ServerRecord, folderId: number): ServerRecord {
  requireFolder(ws, folderId)
  if (server.folder_id !== folderId) {
    server.folder_id = folderId
    touch(ctx, server)
  }
  return server
}
