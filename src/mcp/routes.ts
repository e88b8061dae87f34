// The live MCP endpoint at every server's mcp_url: Streamable HTTP via the official SDK transport.
import { readFileSync } from 'node:fs'
import type { FastifyBaseLogger, FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest, FastifySchema } from 'fastify'
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js'
import type { DomainContext } from '../domain/context.js'
import type { ServerRecord } from '../schemas/state.js'
import type { Workspace } from '../domain/world.js'
import { authorize } from './access.js'
import { JSONRPC_ERRORS, McpRefusal, rpcErrorBody } from './json-rpc.js'
import { createProtocolServer } from './protocol.js'
import type { McpState } from './state.js'
import { redactUrl } from '../http/logging.js'

export interface McpRouteOptions {
  ctx: DomainContext
  mcp: McpState
  errorLog: (request: FastifyRequest) => FastifyBaseLogger
}

interface Target { ws: Workspace, server: ServerRecord }

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'mcp-session-id, mcp-protocol-version, www-authenticate, retry-after'
}
const PREFLIGHT = {
  ...CORS,
  'access-control-allow-methods': 'POST, GET, DELETE, OPTIONS',
  'access-control-allow-headers': 'authorization, content-type, accept, mcp-protocol-version, mcp-session-id, last-event-id',
  'access-control-max-age': '600'
}

function packageVersion (): string {
  try {
    // Two levels up from src/mcp or dist/mcp.
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown }
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0'
  } catch {
    return '0.0.0'
  }
}

/**
 * The parts of the request the SDK transport reads: method and headers (the body is already parsed).
 * The SDK only hands the URL on to handlers, which don't use it, so a fixed origin spares us from
 * trusting a Host or X-Forwarded-Host header that might not even parse as a URL.
 */
function webRequest (request: FastifyRequest): Request {
  const headers = new Headers()
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || name === 'content-length' || name === 'transfer-encoding') continue
    try {
      headers.set(name, Array.isArray(value) ? value.join(', ') : value)
    } catch {
      // A value fetch's Headers refuses is one the transport never needed.
    }
  }
  let url: URL
  try {
    url = new URL(request.url, 'http://localhost')
  } catch {
    url = new URL('http://localhost/')
  }
  return new Request(url, { method: request.method, headers })
}

const notFound = () => new McpRefusal(404, JSONRPC_ERRORS.NOT_FOUND, 'MCP server not found')

export const mcpRoutes: FastifyPluginAsync<McpRouteOptions> = async (app, { ctx, mcp, errorLog }) => {
  const version = packageVersion()
  const targets = new WeakMap<FastifyRequest, Target>()

  // JSON-RPC bodies for everything under /mcp, whatever fails: never the REST error shape.
  app.setErrorHandler((error: FastifyError | McpRefusal, request, reply) => {
    if (error instanceof McpRefusal) {
      return reply.code(error.statusCode).headers(error.headers).send(error.body)
    }
    switch (error.code) {
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return reply.code(415).send(rpcErrorBody(JSONRPC_ERRORS.SERVER_ERROR, 'Unsupported Media Type: Content-Type must be application/json'))
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return reply.code(413).send(rpcErrorBody(JSONRPC_ERRORS.SERVER_ERROR, 'Request body is too large (limit 1 MiB)'))
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return reply.code(400).send(rpcErrorBody(JSONRPC_ERRORS.PARSE_ERROR, 'Parse error: Invalid JSON'))
    }
    if (error instanceof SyntaxError) return reply.code(400).send(rpcErrorBody(JSONRPC_ERRORS.PARSE_ERROR, 'Parse error: Invalid JSON'))
    const status = error.statusCode ?? 500
    if (status >= 400 && status < 500) return reply.code(status).send(rpcErrorBody(JSONRPC_ERRORS.SERVER_ERROR, error.message))
    errorLog(request).error({ err: error, method: request.method, url: redactUrl(request.url) }, 'unhandled MCP error')
    return reply.code(500).send(rpcErrorBody(JSONRPC_ERRORS.INTERNAL_ERROR, 'Internal error'))
  })

  app.setNotFoundHandler((_request, reply) => reply.code(404).send(notFound().body))

  /** 404, then the IP rules, then credentials: refusals here are never counted against the limits. */
  const admit = async (request: FastifyRequest<{ Params: { handle: string } }>, reply: FastifyReply) => {
    // Set on the raw response so that every answer carries them, the error handler's included.
    reply.raw.setHeader('access-control-allow-origin', CORS['access-control-allow-origin'])
    reply.raw.setHeader('access-control-expose-headers', CORS['access-control-expose-headers'])
    // A CORS preflight carries no credentials; browsers (the MCP Inspector's direct mode) need it answered.
    if (request.method === 'OPTIONS') return
    const hit = ctx.world.serverByHandle(request.params.handle)
    if (hit === undefined) throw notFound()
    const refused = mcp.checkIp(hit.server.policy, request.ip)
    if (refused !== undefined) {
      const { rule, address, entry } = refused
      throw new McpRefusal(403, JSONRPC_ERRORS.FORBIDDEN, refused.message, entry === undefined ? { rule, address } : { rule, address, entry })
    }
    authorize(hit.ws, hit.server, {
      query: request.query as Record<string, unknown>,
      authorization: request.headers.authorization
    }, mcp.idp)
    targets.set(request, hit)
  }

  app.all<{ Params: { handle: string } }>('/servers/:handle', {
    // Not a Workato REST route: @fastify/swagger's `hide` keeps it out of the Embedded API's document.
    schema: { hide: true } as FastifySchema,
    onRequest: admit
  }, async (request, reply) => {
    if (request.method === 'OPTIONS') return reply.code(204).headers(PREFLIGHT).send()
    // Stateless: there is no session to stream to (GET) or to end (DELETE), which MCP answers with 405.
    if (request.method !== 'POST') {
      return reply.code(405).header('allow', 'POST, OPTIONS')
        .send(rpcErrorBody(JSONRPC_ERRORS.SERVER_ERROR, 'Method not allowed: this MCP endpoint is stateless; send JSON-RPC with POST'))
    }
    const hit = targets.get(request)
    // The server may have gone while the body was read.
    const current = ctx.world.serverByHandle(request.params.handle)
    if (hit === undefined || current?.server !== hit.server) throw notFound()

    if (request.body === undefined) {
      throw request.headers['content-type'] === undefined
        ? new McpRefusal(415, JSONRPC_ERRORS.SERVER_ERROR, 'Unsupported Media Type: Content-Type must be application/json')
        : new McpRefusal(400, JSONRPC_ERRORS.PARSE_ERROR, 'Parse error: empty body')
    }

    const limited = mcp.limiter.admit(hit.server.id, hit.server.policy)
    if (limited !== undefined) {
      const { source, limit, interval, retryAfter } = limited
      const quota = source === 'quota_limits'
      throw new McpRefusal(429, quota ? JSONRPC_ERRORS.QUOTA_EXCEEDED : JSONRPC_ERRORS.RATE_LIMITED,
        `${quota ? 'Quota' : 'Rate limit'} exceeded: ${limit} requests per ${interval} (server policy ${source}); retry after ${retryAfter} s`,
        { rule: source, limit, interval, retry_after: retryAfter, resets_at: new Date(limited.resetsAt).toISOString() },
        { 'retry-after': String(retryAfter) })
    }

    // The SDK's web-standard transport (the core that its Node wrapper adapts) answers with a
    // Response that we send through Fastify, so onSend hooks, the request journal and the logger see
    // MCP replies like any other; hijacking the reply for the Node wrapper would bypass them.
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true })
    const server = createProtocolServer({ ctx, record: hit.server, checkArguments: mcp.checkArguments, validator: mcp.validator, version })
    try {
      await server.connect(transport)
      const response = await transport.handleRequest(webRequest(request), { parsedBody: request.body })
      const text = await response.text()
      reply.code(response.status)
      response.headers.forEach((value, name) => { reply.header(name, value) })
      return reply.send(text === '' ? undefined : text)
    } finally {
      await server.close()
    }
  })
}
