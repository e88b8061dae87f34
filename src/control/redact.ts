// Redaction for the request journal: no token survives into what /__admin/requests shows.
export const REDACTED = '[REDACTED]'

const TOKEN_PARAM = /([?&](?:wkt_)?token=)[^&#\s"]*/gi
const SECRET_KEYS = new Set(['token', 'wkt_token', 'access_token', 'authorization'])
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie'])
const SECRET_QUERY = new Set(['token', 'wkt_token'])

/** Token query values inside any string (an mcp_url, a URL in a message, an SSE frame). */
export function redactText (text: string): string {
  return text.includes('token=') || text.includes('TOKEN=') ? text.replace(TOKEN_PARAM, `$1${REDACTED}`) : text
}

/**
 * Deeper than any body this API or an MCP client sends: a hostile body nested 100,000 levels deep
 * is kept only down to here, so neither this recursion nor JSON.stringify overflows the stack.
 */
export const MAX_DEPTH = 32
export const TOO_DEEP = '[TRUNCATED: nested too deeply]'

/** Whether `value` nests deeper than MAX_DEPTH (checked with a stack of its own, not recursion). */
export function nestsTooDeeply (value: unknown): boolean {
  const pending: Array<[unknown, number]> = [[value, 0]]
  while (pending.length > 0) {
    const [v, depth] = pending.pop()!
    if (v === null || typeof v !== 'object') continue
    if (depth >= MAX_DEPTH) return true
    for (const child of Array.isArray(v) ? v : Object.values(v)) pending.push([child, depth + 1])
  }
  return false
}

/** A deep copy of a JSON value with token-bearing strings and secret-named keys redacted, cut at MAX_DEPTH. */
export function redactJson (value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value)
  if (value === null || typeof value !== 'object') return value
  if (depth >= MAX_DEPTH) return TOO_DEEP
  if (Array.isArray(value)) return value.map(v => redactJson(v, depth + 1))
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET_KEYS.has(k.toLowerCase()) && v !== null && v !== '' ? REDACTED : redactJson(v, depth + 1)
  }
  return out
}

export function redactHeaders (headers: Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue
    out[k] = SECRET_HEADERS.has(k) ? REDACTED : v
  }
  return out
}

/** The query string as name → value(s), token values redacted. */
export function redactedQuery (search: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const [k, raw] of new URLSearchParams(search)) {
    const v = SECRET_QUERY.has(k.toLowerCase()) ? REDACTED : redactText(raw)
    const prev = out[k]
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v]
  }
  return out
}
