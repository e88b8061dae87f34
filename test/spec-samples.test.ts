// Replays every curl sample of the spec against fresh default fixtures: status, shape, and values.
import t from 'tap'
import { build, call } from './helpers/app.js'
import { frozenClock, OFFSET_STAMP, shapeDiff, SPEC_SAMPLES, UTC_Z_STAMP, type SpecSample } from './helpers/expect.js'

// The spec deletes sales-tools-mcp-server in the middle; its later samples still use that server.
// So the DELETE samples run last, the tool DELETE before the server DELETE that would orphan it.
const ORDER = [
  ...SPEC_SAMPLES.filter(s => s.method !== 'DELETE'),
  ...SPEC_SAMPLES.filter(s => s.method === 'DELETE').sort((a, b) => b.url.length - a.url.length)
]

const TOKEN_URL = /^https:\/\/www\.workato\.com\/mcp\/servers\/sales-tools-mcp-server\?token=([A-Za-z0-9_-]{22,})$/

t.test('the replay covers all 16 samples, one per route, DELETEs last', async (t) => {
  t.equal(ORDER.length, 16)
  t.same(new Set(ORDER.map(s => `${s.method} ${s.url}`)).size, 16)
  t.same(ORDER.slice(-2).map(s => s.method), ['DELETE', 'DELETE'])
  t.match(ORDER[14].url, /\/tools\/3002$/)
})

t.test('every sample, in order, with -07:00 timestamps: the documented status and the sample body', async (t) => {
  const clock = frozenClock()
  const app = await build(t, {
    clock,
    env: { FAKE_WORKATO_TZ_OFFSET: '-07:00', FAKE_WORKATO_PUBLIC_URL: 'https://www.workato.com' }
  })
  let renewedToken = ''

  for (const sample of ORDER) {
    const label = `${sample.method} ${sample.url}`
    const stamp = sample.response?.data?.updated_at ?? sample.response?.updated_at
    // Freezing the clock at the sample's updated_at makes a mutation write exactly that timestamp.
    if (sample.method !== 'GET' && stamp !== undefined) clock.freeze(Date.parse(stamp))
    const res = await call(app, sample.method, sample.url, sample.body)
    t.equal(res.status, sample.status, `${label}: status`)
    if (sample.status === 204) {
      t.equal(res.body, undefined, `${label}: empty body`)
      continue
    }
    t.match(res.headers['content-type'], /^application\/json/, `${label}: JSON`)
    t.same(shapeDiff(res.body, sample.response), [], `${label}: same keys and types as the sample`)

    const expected = structuredClone(sample.response)
    const route = sample.url.replace('/api/managed_users/91829', '')
    switch (`${sample.method} ${route}`) {
      case 'GET /mcp_servers?folder_id=27180380':
        // Fixtures differ on purpose: 1001 has the two tools the tools sample lists, not 5.
        expected.data[0].tools_count = 2
        break
      case 'POST /mcp_servers': {
        // The sample reuses 1001 and its handle, both taken by the fixtures: the new server gets the
        // next id and the -2 handle. Without asset_id the prose says project_asset (the sample shows
        // api_collection). The token is random.
        const m = /^https:\/\/www\.workato\.com\/mcp\/servers\/sales-tools-mcp-server-2\?token=([A-Za-z0-9_-]{22,})$/.exec(res.body.data.mcp_url)
        t.ok(m, `${label}: mcp_url with the -2 handle and a random token (${res.body.data.mcp_url})`)
        expected.data.id = 1004
        expected.data.asset_type = 'project_asset'
        expected.data.mcp_url = res.body.data.mcp_url
        break
      }
      case 'GET /mcp_servers/sales-tools-mcp-server':
      case 'PUT /mcp_servers/sales-tools-mcp-server':
        expected.data.tools_count = 2
        break
      case 'POST /mcp_servers/sales-tools-mcp-server/token_renew': {
        // A fresh random token replaces abc123xyz (the sample shows "newtoken789").
        const m = TOKEN_URL.exec(res.body.data.mcp_url)
        t.ok(m, `${label}: mcp_url carries a new random token`)
        renewedToken = m?.[1] ?? ''
        t.not(renewedToken, 'abc123xyz')
        expected.data.mcp_url = res.body.data.mcp_url
        expected.data.tools_count = 2
        break
      }
      case 'POST /mcp_servers/sales-tools-mcp-server/assign_tools':
        // The sample's 5 + 2 = 7 is our 2 + 2 = 4; the token is the one renewed just before.
        expected.data.mcp_url = `https://www.workato.com/mcp/servers/sales-tools-mcp-server?token=${renewedToken}`
        expected.data.tools_count = 4
        break
      case 'GET /mcp_servers/sales-tools-mcp-server/tools':
        // In the spec's order assign_tools ran first: the sample's two tools, then the two assigned.
        t.same(res.body.data.slice(0, 2), sample.response.data, `${label}: the sample's tools first`)
        t.same(res.body.data.slice(2).map((x: { name: string }) => x.name), ['Get Salesforce Opportunity', 'Ask Sales Genie'])
        expected.data = res.body.data
        expected.count = 4
        break
    }
    t.same(res.body, expected, `${label}: body`)
  }

  // The server DELETE sample really deleted it.
  const gone = await call(app, 'GET', '/api/managed_users/91829/mcp_servers/sales-tools-mcp-server')
  t.same([gone.status, gone.body], [404, { message: 'Not found' }])
})

t.test('with the default settings every sample keeps its shape, with +00:00 timestamps', async (t) => {
  const app = await build(t)
  const check = (v: unknown, path: string): void => {
    if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)) {
      if (path.startsWith('/api/managed_users/91829/user_groups')) t.match(v, UTC_Z_STAMP, path)
      else { t.match(v, OFFSET_STAMP, path); t.ok(v.endsWith('+00:00'), `${path}: ${v}`) }
    } else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) check(x, `${path}.${k}`)
    }
  }
  for (const sample of ORDER as SpecSample[]) {
    const res = await call(app, sample.method, sample.url, sample.body)
    t.equal(res.status, sample.status, `${sample.method} ${sample.url}`)
    if (sample.response !== undefined) {
      t.same(shapeDiff(res.body, sample.response), [], `${sample.method} ${sample.url}: shape`)
      check(res.body, sample.url)
    }
  }
})

t.test('tools_count of server 1001 equals what its tools route lists (the fixture invariant)', async (t) => {
  const app = await build(t)
  const detail = await call(app, 'GET', '/api/managed_users/91829/mcp_servers/sales-tools-mcp-server')
  const tools = await call(app, 'GET', '/api/managed_users/91829/mcp_servers/sales-tools-mcp-server/tools')
  t.equal(detail.body.data.tools_count, 2)
  t.equal(tools.body.count, 2)
  t.equal(tools.body.data.length, 2)
})
