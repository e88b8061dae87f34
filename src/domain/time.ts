// Timestamps as the samples print them: milliseconds and a numeric UTC offset.
const OFFSET = /^([+-])(\d{2}):(\d{2})$/

/** Parses "+00:00" / "-07:00" into minutes east of UTC; throws on anything else. */
export function parseOffset (text: string): number {
  const m = OFFSET.exec(text)
  if (m === null) throw new Error(`invalid UTC offset "${text}" (expected e.g. +00:00 or -07:00)`)
  const minutes = Number(m[2]) * 60 + Number(m[3])
  if (minutes > 14 * 60) throw new Error(`invalid UTC offset "${text}"`)
  return m[1] === '-' ? -minutes : minutes
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0')

/** Formats epoch ms as e.g. 2025-10-15T13:41:05.207-07:00. */
export function formatTimestamp (ms: number, offsetMinutes: number): string {
  const d = new Date(ms + offsetMinutes * 60_000)
  const sign = offsetMinutes < 0 ? '-' : '+'
  const abs = Math.abs(offsetMinutes)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
}

/** Re-expresses an RFC 3339 timestamp at the given offset (same instant). */
export function reformat (text: string, offsetMinutes: number): string {
  return formatTimestamp(Date.parse(text), offsetMinutes)
}
