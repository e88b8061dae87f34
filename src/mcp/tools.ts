// A server's tools as MCP sees them: stable names, input schemas from the catalog, canned results.
import type { CallToolResult, Tool as McpToolShape } from '@modelcontextprotocol/sdk/types.js'
import type { JsonSchemaType, jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation'
import type { CatalogItemRecord, ServerRecord, ToolRecord } from '../schemas/state.js'
import { catalogKey, type Workspace } from '../domain/world.js'

export interface OfferedTool {
  /** The MCP tool name: snake_case of the tool's name, unique within the server. */
  name: string
  record: ToolRecord
  item: CatalogItemRecord | undefined
  inputSchema: McpToolShape['inputSchema']
}

const MAX_NAME = 64

/** "Create Salesforce Lead" → "create_salesforce_lead"; MCP names allow [A-Za-z0-9_.-], 1–128 chars. */
export function baseToolName (name: string): string {
  const s = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, MAX_NAME).replace(/_+$/, '')
  return s === '' ? 'tool' : s
}

/**
 * The tools an MCP client is offered, in the order the tools route lists them. Verified User Access
 * needs Workato Identity, so tools that require it are not offered on token-auth servers. A name
 * that an earlier tool already took gets the tool's id appended, so names never depend on later tools.
 */
export function offeredTools (ws: Workspace, server: ServerRecord): OfferedTool[] {
  const taken = new Set<string>()
  const out: OfferedTool[] = []
  for (const record of server.tools) {
    if (record.vua_required && server.auth_type === 'token') continue
    let name = baseToolName(record.name)
    while (taken.has(name)) name = `${name}_${record.id}`
    taken.add(name)
    const item = ws.catalog.get(catalogKey(record.trigger_application, record.asset_id))
    out.push({ name, record, item, inputSchema: inputSchemaOf(item) })
  }
  return out
}

function inputSchemaOf (item: CatalogItemRecord | undefined): McpToolShape['inputSchema'] {
  const schema = item?.input_schema
  // MCP requires an object schema at the root; a schema that omits `type` gets it.
  if (schema === undefined) return { type: 'object' }
  return { ...schema, type: 'object' } as McpToolShape['inputSchema']
}

export function listedTool (tool: OfferedTool): McpToolShape {
  return {
    name: tool.name,
    title: tool.record.name,
    description: tool.record.description,
    inputSchema: tool.inputSchema
  }
}

export type ArgumentsCheck = (tool: OfferedTool, args: Record<string, unknown>) => string | undefined

/** Validates arguments against each tool's inputSchema, compiling each schema once. */
export function createArgumentsCheck (validator: jsonSchemaValidator): ArgumentsCheck {
  const compiled = new WeakMap<object, (input: unknown) => string | undefined>()
  return (tool, args) => {
    const key = tool.item?.input_schema ?? tool.record
    let check = compiled.get(key)
    if (check === undefined) {
      try {
        const validate = validator.getValidator(tool.inputSchema as JsonSchemaType)
        check = (input) => {
          const r = validate(input)
          // Ajv names the arguments object "data": "data/ticket_id must be integer" → "ticket_id must be integer".
          return r.valid ? undefined : r.errorMessage.replace(/(^|, )data\//g, '$1').replace(/(^|, )data /g, '$1arguments ')
        }
      } catch (err) {
        const problem = `the tool's input schema cannot be compiled (${(err as Error).message})`
        check = () => problem
      }
      compiled.set(key, check)
    }
    return check(args)
  }
}

function isPlainObject (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * The catalog item's canned `result`, or — when it has none — an echo of the call. `content` always
 * carries the text (JSON for structured values), and `structuredContent` the object when there is one.
 */
export function callResult (tool: OfferedTool, args: Record<string, unknown>): CallToolResult {
  const canned = tool.item?.result
  const value = canned !== undefined ? canned : { tool: tool.record.name, arguments: args }
  const text = typeof value === 'string' ? value : JSON.stringify(value)
  return isPlainObject(value)
    ? { content: [{ type: 'text', text }], structuredContent: value }
    : { content: [{ type: 'text', text }] }
}

export function invalidArguments (tool: OfferedTool, problem: string): CallToolResult {
  return { content: [{ type: 'text', text: `Invalid arguments for tool ${tool.name}: ${problem}` }], isError: true }
}
