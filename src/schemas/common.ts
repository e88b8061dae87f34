// Schemas shared by every resource: errors, pagination, path parameters.
import { Type, type SchemaOptions, type Static, type TUnsafe } from '@sinclair/typebox'

export const ErrorBody = Type.Object({
  message: Type.String({ description: 'What went wrong, in words.' }),
  errors: Type.Optional(Type.Record(Type.String(), Type.Array(Type.String()), {
    description: 'Validation failures keyed by the offending field.'
  }))
}, {
  $id: 'Error',
  title: 'Error',
  description: 'Workato-style error body.',
  examples: [{ message: 'Not found' }]
})
export type ErrorBody = Static<typeof ErrorBody>

export const ManagedUserParams = Type.Object({
  managed_user_id: Type.String({
    description: 'Embedded customer Account ID or External ID. External IDs must have the prefix E and be URL-encoded. For example, EA2300.'
  })
})

const HANDLE_DESCRIPTION = 'MCP server handle (or, in either profile, the live server id mcps-…).'

/** Path parameters of the server routes, without the workspace's (see src/http/scope.ts). */
export const HandleProps = { handle: Type.String({ description: HANDLE_DESCRIPTION }) }
export const ServerHandleProps = { mcp_server_handle: Type.String({ description: HANDLE_DESCRIPTION }) }
export const ToolProps = { ...ServerHandleProps, id: Type.Integer({ description: 'Tool ID.' }) }

/** Page query; per_page above the maximum is clamped, not refused (see README fidelity notes). */
export function pageQuery (perPageDefault: number, perPageMax: number) {
  return {
    // The page is echoed back: beyond the safe integers it would come back changed (1e23).
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, default: 1, description: 'Page number. Defaults to 1.' })),
    per_page: Type.Optional(Type.Integer({
      minimum: 1,
      default: perPageDefault,
      description: `Number of items per page. Defaults to ${perPageDefault}. Maximum is ${perPageMax}; larger values are clamped.`,
      'x-maximum': perPageMax
    }))
  }
}

export const PageMeta = {
  count: Type.Integer({ description: 'Total number of matching items (not the size of this page).' }),
  page: Type.Integer({ description: 'Page number.' }),
  per_page: Type.Integer({ description: 'Items per page.' })
}

/** What each error status means on this API: the response descriptions of the OpenAPI document. */
export const ERROR_MEANINGS: Record<number, string> = {
  400: 'Bad request: malformed JSON, a field that fails validation (see `errors`), or a documented rule refusing the request.',
  401: 'Unauthorized: the `Authorization: Bearer <api token>` header is missing or names no accepted token.',
  403: 'Forbidden.',
  404: 'Not found: unknown managed user, MCP server handle or tool.',
  413: 'Request body too large (over 1 MiB).',
  415: 'Unsupported media type: bodies must be `application/json`.',
  422: 'Unprocessable: the request is well formed but names something that does not exist in the workspace (folder, API collection, catalog tool, user group).',
  429: 'Too many requests: the live service rate-limits the Embedded API per admin workspace; the fake returns it when a fault is injected.',
  500: 'Internal server error. The live service can return it; the fake only when a fault is injected.',
  503: 'Service unavailable. The live service can return it; the fake only when a fault is injected.'
}

/**
 * Statuses any Workato API call can answer whatever the route: the live service returns them and the
 * control API's faults inject them, so clients must expect them everywhere.
 */
export const SERVICE_ERROR_STATUSES = [429, 500, 503] as const

/** One response entry per error status a route can return, plus the service-wide ones. */
export function errorResponses (...statuses: number[]) {
  const out: Record<number, TUnsafe<ErrorBody>> = {}
  for (const s of [...statuses, ...SERVICE_ERROR_STATUSES]) {
    out[s] = Type.Unsafe<ErrorBody>({ $ref: 'Error', description: ERROR_MEANINGS[s] ?? 'Error.' })
  }
  return out
}

export const Timestamp = Type.String({ description: 'ISO 8601 timestamp with milliseconds and UTC offset.' })

/** A string enum as plain JSON Schema `enum` (clear validation errors and OpenAPI output). */
export function StringEnum<const T extends readonly string[]> (values: T, options: SchemaOptions = {}) {
  return Type.Unsafe<T[number]>({ ...options, type: 'string', enum: [...values] })
}
