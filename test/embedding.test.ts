// The README's embedding example, run as is (importing from src/ instead of the package name).
import t from 'tap'
import { buildApp, createClock, createTokenGenerator, startServer } from '../src/index.js'

t.test('in-process with app.inject: no port, a fresh world per test', async (t) => {
  const clock = createClock()
  clock.freeze(Date.parse('2025-01-01T00:00:00Z'))
  const app = await buildApp({ logger: false, clock, tokens: createTokenGenerator('readme') })
  t.teardown(() => app.close())

  const res = await app.inject({
    method: 'POST',
    url: '/api/managed_users/91829/mcp_servers',
    headers: { authorization: 'Bearer dev-token' },
    payload: { name: 'My Test Server', folder_id: 27180380 }
  })
  t.equal(res.statusCode, 200)
  t.equal(res.json().data.created_at, '2025-01-01T00:00:00.000+00:00')
})

t.test('over HTTP with startServer: for clients that need a URL', async (t) => {
  const server = await startServer({ logger: false, config: { port: 0, apiTokens: ['test-token'] } })
  t.teardown(() => server.close())

  const res = await fetch(`${server.url}/api/managed_users/EA2300/mcp_servers`, {
    headers: { authorization: 'Bearer test-token' }
  })
  t.equal(res.status, 200)
  const body = await res.json() as { count: number }
  t.equal(body.count, 2)
})
