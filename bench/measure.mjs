// One bounded autocannon run: a discarded warm-up, then a timed run with exact latency percentiles.
import autocannon from 'autocannon'
import { readFileSync } from 'node:fs'

/** CPU seconds (user + system) a process has used so far, from /proc; undefined off Linux. */
function cpuSeconds (pid) {
  if (pid === undefined) return undefined
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // utime and stime are fields 14 and 15 of the line, in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return undefined
  }
}

function run (opts, onLatency) {
  return new Promise((resolve, reject) => {
    const instance = autocannon(opts, (err, result) => err ? reject(err) : resolve(result))
    if (onLatency !== undefined) instance.on('response', (_client, _status, _bytes, ms) => onLatency(ms))
  })
}

function percentile (sorted, p) {
  if (sorted.length === 0) return null
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  return Math.round(sorted[Math.max(0, i)] * 100) / 100
}

/** One timed run against one side, added into `acc`. */
async function timedRun (side, base, seconds, acc) {
  const cpuBefore = cpuSeconds(side.pid)
  const result = await run({ ...base, url: side.url, requests: side.requests, headers: side.headers ?? {}, duration: seconds }, (ms) => acc.latencies.push(ms))
  const cpuAfter = cpuSeconds(side.pid)
  acc.rounds.push(result.requests.total / (result.duration > 0 ? result.duration : seconds))
  acc.requests += result.requests.total
  acc.seconds += result.duration > 0 ? result.duration : seconds
  acc.non2xx += result.non2xx
  acc.errors += result.errors
  acc.timeouts += result.timeouts
  if (cpuBefore === undefined || cpuAfter === undefined) acc.cpu = null
  else if (acc.cpu !== null) acc.cpu += cpuAfter - cpuBefore
}

function summarize (acc) {
  acc.latencies.sort((a, b) => a - b)
  return {
    rps: Math.round(acc.requests / acc.seconds),
    p50: percentile(acc.latencies, 50),
    p99: percentile(acc.latencies, 99),
    requests: acc.requests,
    non2xx: acc.non2xx,
    errors: acc.errors,
    timeouts: acc.timeouts,
    // Server CPU per request: steadier than req/s on a shared machine, where the load generator competes.
    cpu_us_per_req: acc.cpu === null || acc.requests === 0 ? null : Math.round((acc.cpu * 1e6) / acc.requests),
    round_rps: acc.rounds.map(Math.round)
  }
}

/**
 * `a / b` of two sides measured by `compare`: the median of the per-round ratios, each round's two
 * runs being adjacent in time. A burst of load from elsewhere spoils one round, not the figure.
 */
export function medianRatio (a, b) {
  const ratios = a.round_rps.map((x, i) => b.round_rps[i] > 0 ? x / b.round_rps[i] : null).filter(r => r !== null).sort((x, y) => x - y)
  if (ratios.length === 0) return null
  const mid = Math.floor(ratios.length / 2)
  const median = ratios.length % 2 === 1 ? ratios[mid] : (ratios[mid - 1] + ratios[mid]) / 2
  return Math.round(median * 100) / 100
}

/**
 * Measures two sides (e.g. baseline and fake) side by side: after a discarded warm-up of each, the
 * `duration` seconds of each side are split into `rounds` runs taken in alternating order, so a
 * burst of load from elsewhere on the machine falls on both. Each side is `{ url, requests,
 * headers?, pid? }`: `requests` is an autocannon request list (paths relative to `url`), `pid` the
 * server process whose CPU time is sampled around every run. Latencies are kept per response as
 * floats: autocannon's own histogram rounds to whole milliseconds.
 */
export async function compare (sides, { connections = 10, duration = 4, warmup = 1, rounds = 5 } = {}) {
  const base = { connections, pipelining: 1, timeout: 10 }
  if (warmup > 0) {
    for (const side of sides) await run({ ...base, url: side.url, requests: side.requests, headers: side.headers ?? {}, duration: warmup })
  }
  // Rounds of at least half a second: shorter ones are mostly autocannon's connection set-up.
  const n = Math.max(1, Math.min(rounds, Math.floor(duration * 2)))
  const accs = sides.map(() => ({ rounds: [], latencies: [], requests: 0, seconds: 0, non2xx: 0, errors: 0, timeouts: 0, cpu: 0 }))
  for (let r = 0; r < n; r++) {
    const order = sides.map((_, i) => i)
    if (r % 2 === 1) order.reverse()
    for (const i of order) await timedRun(sides[i], base, duration / n, accs[i])
  }
  return accs.map(summarize)
}
