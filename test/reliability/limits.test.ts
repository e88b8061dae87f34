// Limits and timeouts over real sockets: slow clients are cut off while others are served; oversized headers are refused.
import t from 'tap'
import { connect, type Socket } from 'node:net'
import { build } from '../helpers/app.js'
import { within } from '../helpers/reliability.js'
import { DEFAULT_LIMITS, type ServerLimits } from '../../src/http/limits.js'

/** Short timeouts so the test runs in about a second; the defaults are checked separately. */
const SHORT: Partial<ServerLimits> = { headersTimeout: 400, requestTimeout: 1200, connectionsCheckingInterval: 50, keepAliveTimeout: 500 }

async function listening (t: Parameters<typeof build>[0], limits: Partial<ServerLimits> = SHORT) {
  const app = await build(t, { limits })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const port = (app.server.address() as { port: number }).port
  return { app, port, base: `http://127.0.0.1:${port}` }
}

interface Slow { socket: Socket, received: () => string, closed: Promise<void>, open: () => boolean }

function open (port: number): Promise<Slow> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let data = ''
    let isOpen = true
    const closed = new Promise<void>(resolve => socket.on('close', () => { isOpen = false; resolve() }))
    socket.on('data', chunk => { data += chunk.toString() })
    socket.on('error', () => {})
    socket.once('connect', () => resolve({ socket, received: () => data, closed, open: () => isOpen }))
    socket.once('error', reject)
  })
}

/** Writes `piece` every `ms` until the server closes the socket; returns how many pieces went out. */
function trickle (slow: Slow, piece: string, ms: number): { stop: () => number } {
  let sent = 0
  const timer = setInterval(() => {
    if (!slow.open()) return
    slow.socket.write(piece)
    sent++
  }, ms)
  return { stop: () => { clearInterval(timer); return sent } }
}

const statusOf = (raw: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1] ?? 0)
const bodyOf = (raw: string) => raw.slice(raw.indexOf('\r\n\r\n') + 4)

t.test('the server runs with the documented limits', async (t) => {
  const app = await build(t)
  t.equal(app.server.headersTimeout, DEFAULT_LIMITS.headersTimeout)
  t.equal(app.server.requestTimeout, DEFAULT_LIMITS.requestTimeout)
  t.equal(app.server.keepAliveTimeout, DEFAULT_LIMITS.keepAliveTimeout)
  t.equal(app.server.timeout, DEFAULT_LIMITS.connectionTimeout)
  t.equal(app.server.maxHeadersCount, DEFAULT_LIMITS.maxHeadersCount)
  t.ok(DEFAULT_LIMITS.headersTimeout > 0 && DEFAULT_LIMITS.headersTimeout <= DEFAULT_LIMITS.requestTimeout, 'headers come first, then the body')
  t.ok(DEFAULT_LIMITS.requestTimeout < 40_000, 'below the live API\'s 40 s request timeout')
})

t.test('slowloris: a client trickling headers is cut off with 408 while other clients are served', async (t) => {
  const { port, base } = await listening(t)
  const slow = await open(port)
  slow.socket.write('GET /api/managed_users/91829/mcp_servers HTTP/1.1\r\nHost: 127.0.0.1\r\n')
  const dribble = trickle(slow, 'X-Slow: a\r\n', 60)
  let servedMeanwhile = 0
  while (slow.open()) {
    const res = await within(5000, 'a normal client', fetch(`${base}/api/managed_users/91829/mcp_servers`, { headers: { authorization: 'Bearer dev-token' } }))
    t.equal(res.status, 200)
    await res.arrayBuffer()
    if (slow.open()) servedMeanwhile++
    // The slow client never finishes on its own: only the server can end this loop (or the 10 s guard).
    if (servedMeanwhile > 2000) break
  }
  await within(10_000, 'the slow client to be cut off', slow.closed)
  const sent = dribble.stop()
  t.ok(servedMeanwhile >= 1, `${servedMeanwhile} other requests served while the slow client was connected`)
  t.ok(sent >= 2, `the slow client was still sending (${sent} header lines) when it was cut off`)
  t.equal(statusOf(slow.received()), 408, 'answered 408')
  t.same(JSON.parse(bodyOf(slow.received())), { message: 'Request timeout: the request did not arrive in time' }, 'with a Workato error body')
})

t.test('a client trickling its body is cut off too', async (t) => {
  const { port } = await listening(t)
  const slow = await open(port)
  slow.socket.write('POST /api/managed_users/91829/mcp_servers HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer dev-token\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"name":"')
  const dribble = trickle(slow, 'x', 50)
  await within(10_000, 'the slow body to be cut off', slow.closed)
  t.ok(dribble.stop() >= 5, 'it was still sending')
  t.equal(statusOf(slow.received()), 408)
})

t.test('idle connections that never send a byte are closed; the server keeps serving', async (t) => {
  const { port, base } = await listening(t)
  const idle = await Promise.all(Array.from({ length: 50 }, () => open(port)))
  const res = await within(5000, 'a request beside 50 idle sockets', fetch(`${base}/health`))
  t.equal(res.status, 200)
  await within(10_000, 'idle sockets to be closed', Promise.all(idle.map(s => s.closed)))
  t.ok(idle.every(s => !s.open()), 'all 50 closed by the server')
})

t.test('oversized headers: 431 with a Workato body; a bad request line: 400', async (t) => {
  const { port } = await listening(t)
  const big = await open(port)
  big.socket.write(`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(DEFAULT_LIMITS.maxHeaderSize + 1024)}\r\n\r\n`)
  await within(5000, '431', big.closed)
  t.equal(statusOf(big.received()), 431)
  t.same(JSON.parse(bodyOf(big.received())), { message: 'Request headers are too large' })

  const garbage = await open(port)
  garbage.socket.write('THIS IS NOT HTTP\r\n\r\n')
  await within(5000, '400', garbage.closed)
  t.equal(statusOf(garbage.received()), 400)
  t.same(JSON.parse(bodyOf(garbage.received())), { message: 'Malformed HTTP request' })
})
