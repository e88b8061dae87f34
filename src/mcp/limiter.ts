// Rate and quota limits of MCP requests: fixed windows per server on the app's clock, resettable.
import type { Clock } from '../domain/clock.js'
import type { PolicyRecord } from '../schemas/state.js'

export const INTERVALS = ['minute', 'hour', 'day', '30 days', '60 days', '90 days', 'year'] as const
export type Interval = typeof INTERVALS[number]

export interface Limit {
  /** Which policy key set it. */
  source: 'rate_limits' | 'quota_limits'
  limit: number
  interval: Interval
}

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** The fixed window `now` falls in: minutes, hours and days from the epoch (so days are UTC days), N-day blocks, UTC years. */
export function windowOf (interval: Interval, now: number): { index: number, end: number } {
  switch (interval) {
    case 'minute': return span(now, MINUTE)
    case 'hour': return span(now, HOUR)
    case 'day': return span(now, DAY)
    case '30 days': return span(now, 30 * DAY)
    case '60 days': return span(now, 60 * DAY)
    case '90 days': return span(now, 90 * DAY)
    case 'year': {
      const year = new Date(now).getUTCFullYear()
      return { index: year, end: Date.UTC(year + 1, 0, 1) }
    }
  }
}

function span (now: number, size: number): { index: number, end: number } {
  const index = Math.floor(now / size)
  return { index, end: (index + 1) * size }
}

function positiveInt (value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined
}

function intervalOf (value: unknown): Interval | undefined {
  if (typeof value !== 'string') return undefined
  const text = value.trim().toLowerCase()
  return (INTERVALS as readonly string[]).includes(text) ? text as Interval : undefined
}

/**
 * The limits a policy sets, in either shape: the documented `{per_minute}` / `{per_day}` or the live
 * service's `{limit, interval}`. Anything else sets no limit (the policy routes validate shapes).
 */
export function limitsOf (policy: PolicyRecord): Limit[] {
  const out: Limit[] = []
  const read = (source: Limit['source'], value: Record<string, unknown>, documentedKey: string, documented: Interval) => {
    const perX = positiveInt(value[documentedKey])
    if (perX !== undefined) out.push({ source, limit: perX, interval: documented })
    const limit = positiveInt(value.limit)
    const interval = intervalOf(value.interval)
    if (limit !== undefined && interval !== undefined) out.push({ source, limit, interval })
  }
  read('rate_limits', policy.rate_limits, 'per_minute', 'minute')
  read('quota_limits', policy.quota_limits, 'per_day', 'day')
  return out
}

export interface LimitRefusal extends Limit {
  /** Whole seconds until the window that refused the request ends. */
  retryAfter: number
  /** When that window ends (epoch ms). */
  resetsAt: number
}

export interface Limiter {
  /**
   * Counts one request against the server's windows and answers undefined, or refuses it (not
   * counted) with the limit that is used up. Every interval is counted whether or not a limit is set,
   * so a policy change neither resets nor forgets the requests already made in a window.
   */
  admit(serverId: number, policy: PolicyRecord): LimitRefusal | undefined
  /** Requests counted in the current window of each interval (for diagnostics and tests). */
  usage(serverId: number): Record<Interval, number>
  reset(): void
  /** Forgets the counts of some servers only (a reset of one managed user). */
  forget(serverIds: readonly number[]): void
}

type Windows = Record<Interval, { index: number, count: number }>

export function createLimiter (clock: Clock): Limiter {
  let counters = new Map<number, Windows>()

  const current = (serverId: number, now: number): Windows => {
    let w = counters.get(serverId)
    if (w === undefined) {
      w = {} as Windows
      for (const interval of INTERVALS) w[interval] = { index: NaN, count: 0 }
      counters.set(serverId, w)
    }
    for (const interval of INTERVALS) {
      const { index } = windowOf(interval, now)
      // A clock that moved backwards (a test re-freezing it earlier) starts the window afresh too.
      if (w[interval].index !== index) w[interval] = { index, count: 0 }
    }
    return w
  }

  return {
    admit (serverId, policy) {
      const now = clock.now()
      const w = current(serverId, now)
      let refusal: LimitRefusal | undefined
      for (const limit of limitsOf(policy)) {
        if (w[limit.interval].count < limit.limit) continue
        const { end } = windowOf(limit.interval, now)
        // When several limits are used up, the caller has to wait for the last of them.
        if (refusal === undefined || end > refusal.resetsAt) {
          refusal = { ...limit, resetsAt: end, retryAfter: Math.max(1, Math.ceil((end - now) / 1000)) }
        }
      }
      if (refusal !== undefined) return refusal
      for (const interval of INTERVALS) w[interval].count++
      return undefined
    },
    usage (serverId) {
      const w = current(serverId, clock.now())
      const out = {} as Record<Interval, number>
      for (const interval of INTERVALS) out[interval] = w[interval].count
      return out
    },
    reset () {
      counters = new Map()
    },
    forget (serverIds) {
      for (const id of serverIds) counters.delete(id)
    }
  }
}
