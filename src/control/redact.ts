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

/** A deep copy of a JSON value with token-bearing strings and secret-named keys redacted. */
export function redactJson (value: unknown): unknown {
  if (typeof value === 'string') return redactText(value)
  if (Array.isArray(value)) return value.map(redactJson)
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) {
      out[k] = SECRET_KEYS.has(k.toLowerCase()) && v !== null && v !== '' ? REDACTED : redactJson(v)
    }
    return out
  }
  return value
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
