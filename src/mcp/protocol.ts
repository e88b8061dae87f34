// One SDK Server per MCP request: tools/list and tools/call read the world afresh every time.
import { Server } from '@modelcontextprotocol/sdk/server/index.js'
import type { jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation'
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js'
import type { DomainContext } from '../domain/context.js'
import type { ServerRecord } from '../schemas/state.js'
import { handlerError, JSONRPC_ERRORS } from './json-rpc.js'
import { callResult, invalidArguments, listedTool, offeredTools, type ArgumentsCheck } from './tools.js'

export interface ProtocolOptions {
  ctx: DomainContext
  /** The server as the request's checks found it. */
  record: ServerRecord
  checkArguments: ArgumentsCheck
  validator: jsonSchemaValidator
  version: string
}

/**
 * The SDK's Server answers initialize (negotiating any version in SUPPORTED_PROTOCOL_VERSIONS),
 * notifications/initialized, ping, and -32601 for methods nobody registered; we add the tools.
 */
export function createProtocolServer ({ ctx, record, checkArguments, validator, version }: ProtocolOptions): Server {
  const handle = record.handle
  const target = () => {
    const hit = ctx.world.serverByHandle(handle)
    // Checked before the request got here; only a reset or state import in between can land here.
    if (hit === undefined) throw handlerError(JSONRPC_ERRORS.INVALID_REQUEST, 'MCP server not found')
    return hit
  }
  // The SDK marks the low-level Server deprecated in favour of McpServer, which wants zod schemas;
  // our input schemas are JSON Schema from the catalog, which the low-level Server takes as they are.
  const server = new Server(
    { name: record.handle, title: record.name, version },
    { capabilities: { tools: { listChanged: false } }, jsonSchemaValidator: validator, ...(record.description !== '' ? { instructions: record.description } : {}) }
  )

  server.setRequestHandler(ListToolsRequestSchema, () => {
    const { ws, server: s } = target()
    return { tools: offeredTools(ws, s).map(listedTool) }
  })

  server.setRequestHandler(CallToolRequestSchema, (request) => {
    const { ws, server: s } = target()
    const { name } = request.params
    const tool = offeredTools(ws, s).find(t => t.name === name)
    // The MCP spec reports an unknown tool as a protocol error (-32602), not as a tool result.
    if (tool === undefined) throw handlerError(JSONRPC_ERRORS.INVALID_PARAMS, `Unknown tool: ${name}`)
    const args = request.params.arguments ?? {}
    const problem = checkArguments(tool, args)
    return problem === undefined ? callResult(tool, args) : invalidArguments(tool, problem)
  })

  invalidParamsFromSchemaErrors(server)
  return server
}

type Handler = (request: unknown, extra: unknown) => Promise<unknown>

function isSchemaError (err: unknown): err is { issues: Array<{ path: PropertyKey[], message: string }> } {
  // zod's classic ZodError, or zod/v4-mini's $ZodError (what the SDK's parse throws).
  const e = err as { name?: unknown, issues?: unknown } | null
  return typeof e === 'object' && e !== null && typeof e.name === 'string' && /ZodError$/.test(e.name) && Array.isArray(e.issues)
}

/**
 * The SDK parses each request against its method's schema before the handler runs and reports a
 * mismatch (tools/call without a string `name`, initialize without `protocolVersion`) as -32603
 * Internal error; JSON-RPC calls that -32602 Invalid params, so the handlers are wrapped to say so.
 * `_requestHandlers` is the SDK's own (private) table; if a release renames it, nothing is wrapped.
 */
function invalidParamsFromSchemaErrors (server: Server): void {
  const table = (server as unknown as { _requestHandlers?: unknown })._requestHandlers
  if (!(table instanceof Map)) return
  for (const [method, handler] of table as Map<string, Handler>) {
    table.set(method, async (request: unknown, extra: unknown) => {
      try {
        return await handler(request, extra)
      } catch (err) {
        if (!isSchemaError(err)) throw err
        const problems = err.issues.map(i => `${i.path.length > 0 ? i.path.map(String).join('.') : 'request'}: ${i.message}`)
        throw handlerError(JSONRPC_ERRORS.INVALID_PARAMS, `Invalid params for ${method}: ${problems.join('; ')}`)
      }
    })
  }
}
