// One bounded autocannon run: a discarded warm-up, then a timed run with exact latency percentiles.
import autocannon from 'autocannon'

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

/**
 * `requests` is an autocannon request list (paths relative to `url`). Latencies are kept per
 * response as floats: autocannon's own histogram rounds to whole milliseconds.
 */
export async function measure ({ url, requests, headers = {}, connections = 10, duration = 4, warmup = 1 }) {
  const base = { url, requests, headers, connections, pipelining: 1, timeout: 10 }
  if (warmup > 0) await run({ ...base, duration: warmup })
  const latencies = []
  const result = await run({ ...base, duration }, (ms) => latencies.push(ms))
  latencies.sort((a, b) => a - b)
  const seconds = result.duration > 0 ? result.duration : duration
  return {
    rps: Math.round(result.requests.total / seconds),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts
  }
}
