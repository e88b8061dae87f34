// The limiter alone: windows per interval, both policy shapes, counts that survive policy changes, reset.
import t from 'tap'
import { createClock } from '../../src/domain/clock.js'
import { createLimiter, limitsOf, windowOf } from '../../src/mcp/limiter.js'
import type { PolicyRecord } from '../../src/schemas/state.js'

const policy = (rate: Record<string, unknown>, quota: Record<string, unknown> = {}): PolicyRecord => ({
  id: 1, rate_limits: rate, quota_limits: quota, ip_allow_list: [], ip_deny_list: [], created_at: '', updated_at: ''
})
const at = (iso: string) => Date.parse(iso)

t.test('windows: clock minutes, hours, UTC days, N-day blocks, UTC years', async (t) => {
  const now = at('2026-03-02T10:15:20.250Z')
  t.same(windowOf('minute', now).end, at('2026-03-02T10:16:00.000Z'))
  t.same(windowOf('hour', now).end, at('2026-03-02T11:00:00.000Z'))
  t.same(windowOf('day', now).end, at('2026-03-03T00:00:00.000Z'))
  t.same(windowOf('year', now), { index: 2026, end: at('2027-01-01T00:00:00.000Z') })
  for (const [interval, days] of [['30 days', 30], ['60 days', 60], ['90 days', 90]] as const) {
    const w = windowOf(interval, now)
    t.ok(w.end > now && w.end - now <= days * 86_400_000, interval)
    t.equal(w.end % (days * 86_400_000), 0, `${interval} windows are aligned to the epoch`)
  }
})

t.test('limitsOf reads both shapes and ignores what sets no limit', async (t) => {
  t.same(limitsOf(policy({ per_minute: 60 }, { per_day: 10000 })), [
    { source: 'rate_limits', limit: 60, interval: 'minute' },
    { source: 'quota_limits', limit: 10000, interval: 'day' }
  ])
  t.same(limitsOf(policy({ limit: 5, interval: 'minute' }, { limit: 1000, interval: '30 days' })), [
    { source: 'rate_limits', limit: 5, interval: 'minute' },
    { source: 'quota_limits', limit: 1000, interval: '30 days' }
  ])
  t.same(limitsOf(policy({ limit: 5, interval: ' Hour ' }, { limit: 9, interval: 'year' })).map(l => l.interval), ['hour', 'year'])
  t.same(limitsOf(policy({}, {})), [])
  t.same(limitsOf(policy({ per_minute: 0 }, { per_day: '10' })), [])
  t.same(limitsOf(policy({ limit: 5 }, { interval: 'day' })), [])
  t.same(limitsOf(policy({ limit: 5, interval: 'fortnight' }, { limit: 1.5, interval: 'day' })), [])
})

t.test('admits exactly N per window, refuses without counting, and reset forgets', async (t) => {
  const clock = createClock()
  clock.freeze(at('2026-03-02T10:15:59.001Z'))
  const limiter = createLimiter(clock)
  const p = policy({ per_minute: 2 }, { per_day: 3 })
  t.equal(limiter.admit(1, p), undefined)
  t.equal(limiter.admit(1, p), undefined)
  t.same(limiter.admit(1, p), { source: 'rate_limits', limit: 2, interval: 'minute', resetsAt: at('2026-03-02T10:16:00.000Z'), retryAfter: 1 })
  t.equal(limiter.usage(1).minute, 2, 'the refused request was not counted')
  t.equal(limiter.admit(2, p), undefined, 'servers are counted apart')
  clock.advance(999)
  t.equal(limiter.admit(1, p), undefined)
  // Both used up: the caller waits for the later window.
  const refused = limiter.admit(1, p)
  t.equal(refused?.source, 'quota_limits')
  t.equal(refused?.retryAfter, 86_400 - (10 * 3600 + 16 * 60))
  limiter.reset()
  t.same(limiter.usage(1), { minute: 0, hour: 0, day: 0, '30 days': 0, '60 days': 0, '90 days': 0, year: 0 })
  t.equal(limiter.admit(1, p), undefined)
})

t.test('every interval is counted, so a limit set later sees the requests already made', async (t) => {
  const clock = createClock()
  clock.freeze(at('2026-03-02T10:00:00.000Z'))
  const limiter = createLimiter(clock)
  for (let i = 0; i < 4; i++) t.equal(limiter.admit(7, policy({})), undefined)
  t.equal(limiter.admit(7, policy({ limit: 4, interval: 'hour' }))?.interval, 'hour')
  t.equal(limiter.admit(7, policy({ limit: 5, interval: 'year' })), undefined)
  t.equal(limiter.admit(7, policy({}, { limit: 5, interval: '90 days' }))?.retryAfter !== undefined, true)
  // A clock set back starts afresh rather than staying stuck.
  clock.freeze(at('2026-03-01T10:00:00.000Z'))
  t.equal(limiter.admit(7, policy({ per_minute: 1 })), undefined)
})
