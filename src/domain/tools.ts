// Tool rules: filtered listing, description updates, and deletes (API endpoints can't be deleted).
import type { ServerRecord, ToolRecord } from '../schemas/state.js'
import type { ToolListQuery, UpdateToolBody } from '../schemas/tools.js'
import { nowStamp, type DomainContext } from './context.js'
import { BadRequest, NotFound } from './errors.js'
import { paginate, type Page } from './pagination.js'

export const TOOLS_PER_PAGE = 100

export function listTools (server: ServerRecord, query: ToolListQuery): Page<ToolRecord> {
  const needle = query.search?.toLowerCase()
  const vua = query.vua_required
  const all = needle === undefined && vua === undefined
    ? server.tools
    : server.tools.filter(t =>
      (vua === undefined || t.vua_required === vua) &&
      (needle === undefined || t.name.toLowerCase().includes(needle)))
  return paginate(all, query, TOOLS_PER_PAGE, TOOLS_PER_PAGE)
}

export function findTool (server: ServerRecord, id: number): ToolRecord {
  const tool = server.tools.find(t => t.id === id)
  if (tool === undefined) throw new NotFound()
  return tool
}

export function updateTool (ctx: DomainContext, server: ServerRecord, id: number, body: UpdateToolBody): ToolRecord {
  const tool = findTool(server, id)
  if (body.description !== undefined && body.description !== tool.description) {
    // A tool's description is the tool's own; the server record is not touched (as Rails would not).
    tool.description = body.description
    ctx.world.touch(server)
  }
  return tool
}

export function deleteTool (ctx: DomainContext, server: ServerRecord, id: number): void {
  const tool = findTool(server, id)
  if (tool.trigger_application === 'workato_api_platform') {
    throw new BadRequest("API endpoints can't be deleted. Only tools backed by recipe functions or Genie agents can be deleted.")
  }
  server.tools.splice(server.tools.indexOf(tool), 1)
  server.updated_at = nowStamp(ctx)
  ctx.world.touch(server)
}
