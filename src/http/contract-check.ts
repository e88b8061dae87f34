// The contract self-check: an onSend hook validating each response against the app's own OpenAPI document.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { FAULT_HEADER } from '../control/traffic.js'

/** The parts of an OpenAPI document the check reads. */
export interface OpenApiDocument {
  paths?: Record<string, Record<string, { operationId?: string, responses?: Record<string, OpenApiResponse> }>>
  [key: string]: unknown
}

interface OpenApiResponse {
  description?: string
  content?: Record<string, { schema?: unknown }>
}

/** One response the check looked at: which operation, which status. */
export interface CheckedResponse {
  operationId: string
  method: string
  /** The OpenAPI path, e.g. /api/managed_users/{managed_user_id}/mcp_servers */
  path: string
  status: number
}

export interface ContractMismatch extends CheckedResponse {
  url: string
  problem: string
}

export interface ContractCheckOptions {
  /** Called for every response that disagrees with the document. */
  onMismatch: (mismatch: ContractMismatch) => void
  /** Called for every response that was checked (mismatched or not). */
  onChecked?: (checked: CheckedResponse) => void
  /** Which routes are checked, by their Fastify URL; by default everything under /api/. */
  include?: (routeUrl: string) => boolean
  /** The document to check against; by default the app's own (`app.swagger()`). */
  document?: (request: FastifyRequest) => OpenApiDocument
}

type ContractHook = (request: FastifyRequest, reply: FastifyReply, payload: unknown) => Promise<unknown>

/** `/a/:b/c` → `/a/{b}/c`, as @fastify/swagger writes paths. */
export function openApiPath (routeUrl: string): string {
  return routeUrl.replace(/:([A-Za-z0-9_]+)/g, '{$1}')
}

const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1')

/** Compiled validators of one document, by JSON pointer to a media schema. */
function validatorsFor (doc: OpenApiDocument) {
  // OpenAPI 3.1 schemas are JSON Schema 2020-12; `example` and `x-` keys are annotations.
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false, validateFormats: false })
  ajv.addSchema(doc as object, 'openapi.json')
  const compiled = new Map<string, ValidateFunction>()
  return (pointer: string): ValidateFunction => {
    let v = compiled.get(pointer)
    if (v === undefined) {
      v = ajv.compile({ $ref: `openapi.json#${pointer}` })
      compiled.set(pointer, v)
    }
    return v
  }
}

function payloadText (payload: unknown): string | undefined {
  if (payload === null || payload === undefined) return ''
  if (typeof payload === 'string') return payload
  if (Buffer.isBuffer(payload)) return payload.toString('utf8')
  return undefined
}

/**
 * The onSend hook: for a checked route, the status must be documented for its operation, a body must
 * be present exactly when the document gives content, and a JSON body must match the schema.
 */
export function createContractCheck (options: ContractCheckOptions): ContractHook {
  const include = options.include ?? ((url: string) => url.startsWith('/api/'))
  const documentOf = options.document ?? ((request: FastifyRequest) => request.server.swagger() as OpenApiDocument)
  // Documents are cached per object and compiled validators per identical document text.
  const byDoc = new WeakMap<object, (pointer: string) => ValidateFunction>()
  const byText = new Map<string, (pointer: string) => ValidateFunction>()

  function validators (doc: OpenApiDocument) {
    let v = byDoc.get(doc)
    if (v === undefined) {
      const text = JSON.stringify(doc)
      v = byText.get(text) ?? validatorsFor(JSON.parse(text) as OpenApiDocument)
      byText.set(text, v)
      byDoc.set(doc, v)
    }
    return v
  }

  return async function contractCheck (request, reply, payload) {
    const routeUrl = request.routeOptions.url
    if (routeUrl === undefined || request.method === 'HEAD' || !include(routeUrl)) return payload
    // An injected fault answers what the test asked for, outside the contract; its header says so.
    if (reply.raw.hasHeader(FAULT_HEADER)) return payload
    const doc = documentOf(request)
    const method = request.method.toLowerCase()
    const path = openApiPath(routeUrl)
    const status = reply.statusCode
    const op = doc.paths?.[path]?.[method]
    const checked: CheckedResponse = { operationId: op?.operationId ?? `${method} ${path}`, method, path, status }
    options.onChecked?.(checked)
    const fail = (problem: string) => options.onMismatch({ ...checked, url: request.url, problem })

    if (op === undefined) {
      fail('the operation is not in the OpenAPI document')
      return payload
    }
    const responses = op.responses ?? {}
    const statusKey = [String(status), `${String(status)[0]}XX`, 'default'].find(k => responses[k] !== undefined)
    if (statusKey === undefined) {
      fail(`status ${status} is not documented (documented: ${Object.keys(responses).join(', ')})`)
      return payload
    }
    // Fastify drops any payload of a 204 or 304 before it reaches the client.
    const text = status === 204 || status === 304 ? '' : payloadText(payload)
    if (text === undefined) {
      fail('the body is a stream; the check cannot read it')
      return payload
    }
    const content = responses[statusKey].content
    if (content === undefined) {
      if (text !== '') fail(`the document gives no body for ${statusKey} but the response has one`)
      return payload
    }
    const media = content['application/json']
    if (media === undefined) return payload
    const type = String(reply.getHeader('content-type') ?? '')
    if (!type.startsWith('application/json')) {
      fail(`content-type is "${type}", the document says application/json`)
      return payload
    }
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch {
      fail('the body is not valid JSON')
      return payload
    }
    const pointer = `/paths/${escapePointer(path)}/${method}/responses/${statusKey}/content/${escapePointer('application/json')}/schema`
    const validate = validators(doc)(pointer)
    if (!validate(body)) {
      const errors = (validate.errors ?? []).map(e => `${e.instancePath || '(body)'} ${e.message ?? 'is invalid'}`)
      fail(`the body does not match the schema: ${errors.join('; ')}`)
    }
    return payload
  }
}
