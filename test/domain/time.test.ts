// Timestamp formatting with a UTC offset, and offset parsing.
import t from 'tap'
import { formatTimestamp, parseOffset, reformat } from '../../src/domain/time.js'

t.test('parseOffset', async (t) => {
  t.equal(parseOffset('+00:00'), 0)
  t.equal(parseOffset('-07:00'), -420)
  t.equal(parseOffset('+05:45'), 345)
  t.equal(parseOffset('+14:00'), 840)
  for (const bad of ['Z', '+7', '07:00', '+14:01', '-15:00', 'UTC']) t.throws(() => parseOffset(bad), bad)
})

t.test('formatTimestamp: milliseconds and the offset, crossing day and year boundaries', async (t) => {
  const ms = Date.parse('2025-10-15T20:41:05.207Z')
  t.equal(formatTimestamp(ms, 0), '2025-10-15T20:41:05.207+00:00')
  t.equal(formatTimestamp(ms, -420), '2025-10-15T13:41:05.207-07:00')
  t.equal(formatTimestamp(Date.parse('2026-01-01T00:00:00.005Z'), -420), '2025-12-31T17:00:00.005-07:00')
  t.equal(formatTimestamp(Date.parse('2025-12-31T23:30:00.000Z'), 330), '2026-01-01T05:00:00.000+05:30')
  t.equal(reformat('2025-10-15T13:41:05.207-07:00', 0), '2025-10-15T20:41:05.207+00:00')
})
