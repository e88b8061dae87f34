import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { ACME, AUTH, build, GLOBEX } from '../helpers/app.js'
import { admin } from '../helpers/admin.js'

/** A scripted session: every response's status and bytes. */
async function session (app: FastifyInstance): Promise<string[]> {
  const out: string[] = []
  const send = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) => {
    const res = await app.inject({ method, url, headers: AUTH, ...(payload === undefined ? {} : { payload }) })
    out.push(`${res.statusCode} ${res.body}`)
  }
  await admin(app, 'POST', '/clock', { frozen_at: '2026-01-02T03:04:05.678Z' })
  await admin(app, 'POST', '/faults', { path: '/api/**/user_groups', status: 503, probability: 0.5 })
  await send('POST', `${ACME}/mcp_servers`, { name: 'Deterministic', folder_id: 27180380, tools: [{ trigger_application: 'workato_recipe_function', id: 66870004 }] })
  await send('POST', `${ACME}/mcp_servers/deterministic/token_renew`)
  await send('PUT', `${ACME}/mcp_servers/deterministic`, { auth_type: 'workato_idp', idp_user_group_ids: ['group-abc123'] })
  await send('PUT', `${ACME}/mcp_servers/deterministic`, { auth_type: 'token' })
  await send('POST', `${GLOBEX}/mcp_servers`, { name: 'Deterministic', folder_id: 27190001 })
  for (let i = 0; i < 10; i++) await send('GET', `${ACME}/user_groups`)
  await send('GET', `${ACME}/mcp_servers`)
  await send('GET', `${ACME}/mcp_servers/deterministic/tools`)
  const tenant = await admin(app, 'POST', '/managed_users', { servers: true })
  out.push(tenant.raw)
  out.push((await admin(app, 'GET', '/state')).raw)
  return out
}

t.test('two runs with the same seed and a frozen clock give byte-identical responses', async (t) => {
  const one = await session(await build(t, { env: { FAKE_WORKATO_SEED: '1234' } }))
  const two = await session(await build(t, { env: { FAKE_WORKATO_SEED: '1234' } }))
  t.same(two, one)
  t.ok(one.some(r => r.startsWith('503 ')) && one.some(r => r.startsWith('200 {"data":[{"id":"group')), 'the seeded fault fired on some requests, not all')
  const other = await session(await build(t, { env: { FAKE_WORKATO_SEED: '1235' } }))
  t.not(other.join('\n'), one.join('\n'), 'another seed gives other tokens')
})

t.test('two runs with the same seed give identical tokens; without a seed they differ', async (t) => {
  const tokens = async (env: Record<string, string>) => {
    const app = await build(t, { env })
    const urls: string[] = []
    for (let i = 0; i < 3; i++) {
      const res = await app.inject({ method: 'POST', url: `${ACME}/mcp_servers`, headers: AUTH, payload: { name: `S${i}`, folder_id: 27180380 } })
      urls.push(JSON.parse(res.body).data.mcp_url)
    }
    const renewed = await app.inject({ method: 'POST', url: `${ACME}/mcp_servers/s0/token_renew`, headers: AUTH })
    urls.push(JSON.parse(renewed.body).data.mcp_url)
    return urls.map(u => new URL(u).searchParams.get('token')!)
  }
  const a = await tokens({ FAKE_WORKATO_SEED: 'fixed' })
  const b = await tokens({ FAKE_WORKATO_SEED: 'fixed' })
  t.same(a, b)
  t.equal(new Set(a).size, 4, 'a seeded generator still never repeats')
  for (const token of a) t.match(token, /^[A-Za-z0-9_-]{32}$/, 'URL-safe, 192 bits')
  const c = await tokens({})
  const d = await tokens({})
  t.not(c[0], d[0], 'random without a seed')
})

t.test('the seed can also be given as config', async (t) => {
  const first = async () => {
    const app = await build(t, { config: { seed: 'cfg' } })
    return (await app.inject({ method: 'POST', url: `${ACME}/mcp_servers`, headers: AUTH, payload: { name: 'x', folder_id: 27180380 } })).body
  }
  const x = JSON.parse(await first()).data.mcp_url
  const y = JSON.parse(await first()).data.mcp_url
  t.equal(x, y)
})
