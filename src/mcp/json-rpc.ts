// JSON-RPC error codes and bodies of the MCP endpoint, kept apart from the REST error handler.

/**
 * Codes from JSON-RPC 2.0 (-32700…-32603) and, for refusals the HTTP layer makes before a message is
 * read, codes from the implementation-defined server range (-32000…-32099). -32000 is what the SDK's
 * own transport uses for its HTTP-level errors (406, 415, 405), so we use it for those too.
 */
export const JSONRPC_ERRORS = {
  PARSE_ERROR: -32700,
  INVALID_REQUEST: -32600,
  METHOD_NOT_FOUND: -32601,
  INVALID_PARAMS: -32602,
  INTERNAL_ERROR: -32603,
  SERVER_ERROR: -32000,
  UNAUTHORIZED: -32010,
  FORBIDDEN: -32011,
  NOT_FOUND: -32012,
  RATE_LIMITED: -32013,
  QUOTA_EXCEEDED: -32014
} as const

export type JsonRpcErrorCode = typeof JSONRPC_ERRORS[keyof typeof JSONRPC_ERRORS]

export interface JsonRpcErrorBody {
  jsonrpc: '2.0'
  error: { code: number, message: string, data?: Record<string, unknown> }
  id: null
}

/** `id` is null: these refusals happen before (or instead of) reading the JSON-RPC message. */
export function rpcErrorBody (code: JsonRpcErrorCode, message: string, data?: Record<string, unknown>): JsonRpcErrorBody {
  return { jsonrpc: '2.0', error: data === undefined ? { code, message } : { code, message, data }, id: null }
}

/** An HTTP-level refusal of an MCP request: status, headers and a JSON-RPC error body. */
export class McpRefusal extends Error {
  constructor (
    readonly statusCode: number,
    readonly code: JsonRpcErrorCode,
    message: string,
    readonly data?: Record<string, unknown>,
    readonly headers: Record<string, string> = {}
  ) {
    super(message)
    this.name = 'McpRefusal'
  }

  get body (): JsonRpcErrorBody {
    return rpcErrorBody(this.code, this.message, this.data)
  }
}

/**
 * An error for an SDK request handler to throw: the SDK sends `code`, `message` and `data` as the
 * JSON-RPC error (McpError would prefix the message with "MCP error <code>:").
 */
export function handlerError (code: JsonRpcErrorCode, message: string, data?: unknown): Error & { code: number, data?: unknown } {
  return Object.assign(new Error(message), data === undefined ? { code } : { code, data })
}
