// Test helpers beyond the app: a frozen clock, JSON shape comparison, and the spec's samples.
import { readFileSync } from 'node:fs'
import { createClock, type ControllableClock } from '../../src/domain/clock.js'

/** A clock frozen at `iso` (or at a fixed instant); tests move it with advance()/freeze(). */
export function frozenClock (iso = '2026-01-02T03:04:05.678Z'): ControllableClock {
  const clock = createClock()
  clock.freeze(Date.parse(iso))
  return clock
}

/** The JSON type of a value, telling arrays, null and integers apart. */
export function jsonType (v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number'
  return typeof v
}

/**
 * Differences between the shape of `actual` and `expected`: the same keys with the same JSON types,
 * recursively; every element of an array is compared with the expected array's first element.
 * Returns a list of human-readable problems (empty when the shapes agree).
 */
export function shapeDiff (actual: unknown, expected: unknown, path = '$'): string[] {
  const ta = jsonType(actual)
  const te = jsonType(expected)
  if (ta !== te) return [`${path}: ${ta} where the sample has ${te}`]
  if (te === 'array') {
    const sample = (expected as unknown[])[0]
    if (sample === undefined) return []
    return (actual as unknown[]).flatMap((item, i) => shapeDiff(item, sample, `${path}[${i}]`))
  }
  if (te === 'object') {
    const a = actual as Record<string, unknown>
    const e = expected as Record<string, unknown>
    const problems: string[] = []
    for (const k of Object.keys(e)) if (!(k in a)) problems.push(`${path}.${k}: missing`)
    for (const k of Object.keys(a)) if (!(k in e)) problems.push(`${path}.${k}: not in the sample`)
    for (const k of Object.keys(e)) if (k in a) problems.push(...shapeDiff(a[k], e[k], `${path}.${k}`))
    return problems
  }
  return []
}

export interface SpecSample {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  url: string
  body?: unknown
  status: number
  response?: any
}

/** Every sample of the spec, in document order (extracted from the spec's markdown). */
export const SPEC_SAMPLES: SpecSample[] = JSON.parse(
  readFileSync(new URL('./spec-samples.json', import.meta.url), 'utf8')
).samples

/** Timestamps as the samples print them: milliseconds and a numeric offset. */
export const OFFSET_STAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/
export const UTC_Z_STAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/
