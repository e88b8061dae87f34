// Every /api route requires an accepted bearer token: 401 {"message":"Unauthorized"} otherwise.
import t from 'tap'
import { ACME, build } from '../helpers/app.js'
import { ROUTES } from '../helpers/routes.js'
import { bearerChecker } from '../../src/http/auth.js'

const S = `${ACME}/mcp_servers/sales-tools-mcp-server`

const headerCases: Array<[string, Record<string, string>]> = [
  ['no Authorization header', {}],
  ['a wrong token', { authorization: 'Bearer not-the-token' }],
  ['the token in another case', { authorization: 'Bearer DEV-TOKEN' }],
  ['Basic auth', { authorization: 'Basic ZGV2LXRva2VuOg==' }],
  ['Bearer without a token', { authorization: 'Bearer ' }],
  ['the bare token', { authorization: 'dev-token' }],
  ['two tokens', { authorization: 'Bearer dev-token dev-token' }],
  ['legacy x-user-token headers', { 'x-user-email': 'a@b.c', 'x-user-token': 'dev-token' }]
]

t.test('all 16 routes answer 401 without an accepted token, and change nothing', async (t) => {
  const app = await build(t)
  for (const [what, headers] of headerCases) {
    for (const [method, url, body] of ROUTES) {
      const res = await app.inject({ method: method as 'GET', url, headers, ...(body === undefined ? {} : { payload: body as object }) })
      t.same([res.statusCode, JSON.parse(res.body)], [401, { message: 'Unauthorized' }], `${what}: ${method} ${url}`)
    }
  }
  const ok = await app.inject({ method: 'GET', url: `${ACME}/mcp_servers`, headers: { authorization: 'Bearer dev-token' } })
  t.equal(JSON.parse(ok.body).count, 2, 'nothing was created')
  const tools = await app.inject({ method: 'GET', url: `${S}/tools`, headers: { authorization: 'Bearer dev-token' } })
  t.equal(JSON.parse(tools.body).count, 2, 'nothing was deleted')
})

t.test('401 comes before 404 and before body parsing', async (t) => {
  const app = await build(t)
  const unknownUser = await app.inject({ method: 'GET', url: '/api/managed_users/424242/mcp_servers' })
  t.same([unknownUser.statusCode, JSON.parse(unknownUser.body)], [401, { message: 'Unauthorized' }])
  const badJson = await app.inject({ method: 'POST', url: `${ACME}/mcp_servers`, headers: { 'content-type': 'application/json' }, payload: '{oops' })
  t.same([badJson.statusCode, JSON.parse(badJson.body)], [401, { message: 'Unauthorized' }])
})

t.test('the accepted tokens come from FAKE_WORKATO_API_TOKENS; "bearer" in any case', async (t) => {
  const app = await build(t, { env: { FAKE_WORKATO_API_TOKENS: 'wrkprod-one, wrkprod-two' } })
  for (const [header, status] of [
    ['Bearer wrkprod-one', 200],
    ['bearer wrkprod-two', 200],
    ['BEARER wrkprod-one', 200],
    ['Bearer dev-token', 401],
    ['Bearer wrkprod-one,wrkprod-two', 401],
    ['Bearer wrkprod', 401]
  ] as const) {
    const res = await app.inject({ method: 'GET', url: `${ACME}/mcp_servers`, headers: { authorization: header } })
    t.equal(res.statusCode, status, header)
  }
})

t.test('the checker answers the same however many different headers it has seen', async (t) => {
  const check = bearerChecker(['tok-one', 'tok-two'])
  const headers = ['Bearer tok-one', 'bearer   tok-two ', 'Bearer tok-three', 'Basic tok-one', 'Bearer', '']
  const expected = [true, true, false, false, false, false]
  t.same(headers.map(check), expected)
  // Far more distinct headers than the checker remembers digests of: answers never change.
  for (let i = 0; i < 500; i++) t.equal(check(`Bearer junk-${i}`), false)
  t.same(headers.map(check), expected, 'the same answers after the junk')
  t.same(headers.map(check), expected, 'and again, from what it remembers')
  t.equal(check(undefined), false)
})
