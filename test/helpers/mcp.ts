// Test helpers for the MCP endpoint: a listening fake, the SDK's own client, and raw JSON-RPC posts.
import type { FastifyInstance } from 'fastify'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { call } from './app.js'

interface TapLike { teardown(fn: () => unknown): void, fail(message: string): unknown }

export const ACCEPT = 'application/json, text/event-stream'
export const GLOBEX_MCP = '/mcp/servers/globex-support-server'
export const GLOBEX_TOKEN = 'globextoken001'

/** The SDK's Client connected over Streamable HTTP, closed after the test. */
export async function connect (t: TapLike, url: string, headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: 'fake-workato-tests', version: '1.0.0' })
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } })
  await client.connect(transport)
  t.teardown(() => client.close())
  return client
}

/** The HTTP status an SDK call was refused with (StreamableHTTPError carries it as `code`). */
export async function refusedWith (promise: Promise<unknown>): Promise<number | string> {
  try {
    await promise
    return 'not refused'
  } catch (err) {
    return err instanceof StreamableHTTPError ? err.code as number : `unexpected ${String(err)}`
  }
}

/** The status a fresh SDK client's connect() is refused with. */
export async function connectRefusal (url: string, headers: Record<string, string> = {}): Promise<number | string> {
  const client = new Client({ name: 'fake-workato-tests', version: '1.0.0' })
  const status = await refusedWith(client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } })))
  await client.close()
  return status
}

/** The mcp_url the Embedded API hands out for a server, with the public URL pointed at `base`. */
export async function mcpUrlOf (app: FastifyInstance, base: string, managedUser: string, handle: string): Promise<string> {
  const res = await call(app, 'GET', `${managedUser}/mcp_servers/${handle}`)
  const url = new URL(res.body.data.mcp_url as string)
  return `${base}${url.pathname}${url.search}`
}

export interface RawResponse {
  status: number
  headers: Headers
  body: unknown
}

/** One POST of a JSON-RPC message (or any body) with the headers an MCP client sends. */
export async function post (url: string, message: unknown, headers: Record<string, string> = {}): Promise<RawResponse> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: ACCEPT, ...headers },
    body: typeof message === 'string' ? message : JSON.stringify(message)
  })
  const text = await res.text()
  return { status: res.status, headers: res.headers, body: text === '' ? undefined : JSON.parse(text) }
}

export const initialize = (protocolVersion = '2025-06-18', id = 1) => ({
  jsonrpc: '2.0',
  id,
  method: 'initialize',
  params: { protocolVersion, capabilities: {}, clientInfo: { name: 'raw', version: '1' } }
})

export const listToolsMessage = (id = 2) => ({ jsonrpc: '2.0', id, method: 'tools/list' })
