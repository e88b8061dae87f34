// Fixtures: validated at load; an invalid fixture stops start-up with a message naming file and field.
import t from 'tap'
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_FIXTURES, FixtureError, loadFixtures } from '../src/fixtures.js'
import { build, call } from './helpers/app.js'

const acme = () => loadFixtures(join(DEFAULT_FIXTURES, 'acme.json'))
const globex = () => loadFixtures(join(DEFAULT_FIXTURES, 'globex.json'))

const dirs: string[] = []
t.teardown(() => { for (const dir of dirs) rmSync(dir, { recursive: true, force: true }) })

function tempDir (): string {
  const dir = mkdtempSync(join(tmpdir(), 'fake-workato-fixtures-'))
  dirs.push(dir)
  return dir
}

function folderWith (files: Record<string, unknown>): string {
  const dir = tempDir()
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content))
  return dir
}

function loadError (path: string): string {
  try {
    loadFixtures(path)
  } catch (err) {
    if (err instanceof FixtureError) return err.message
    throw err
  }
  throw new Error('loaded without an error')
}

t.test('the default fixtures load: two managed users, the samples\' records, and the own workspace', async (t) => {
  const data = loadFixtures()
  t.same(data.managed_users.map(mu => [mu.id, mu.external_id, mu.own === true]), [[91829, 'A2300', false], [91830, 'globex/eu 7', false], [91800, null, true]])
})

t.test('a folder of files is merged; FAKE_WORKATO_FIXTURES may name a single file', async (t) => {
  const dir = folderWith({ 'b.json': globex(), 'a.json': acme(), 'notes.txt': 'ignored' })
  t.same(loadFixtures(dir).managed_users.map(mu => mu.id), [91829, 91830], 'in file name order')
  const app = await build(t, { env: { FAKE_WORKATO_FIXTURES: join(DEFAULT_FIXTURES, 'globex.json') } })
  t.equal((await call(app, 'GET', '/api/managed_users/91829/mcp_servers')).status, 404)
  t.equal((await call(app, 'GET', '/api/managed_users/91830/mcp_servers')).body.count, 1)
})

t.test('invalid fixtures name the file and the field', async (t) => {
  const badType = acme()
  ;(badType.managed_users[0].mcp_servers[0] as { folder_id: unknown }).folder_id = 'x'
  const missingFolder = acme()
  missingFolder.managed_users[0].mcp_servers[1].folder_id = 1
  const badGroup = acme()
  badGroup.managed_users[0].mcp_servers[1].idp_user_group_ids = ['group-nope']
  const dupTool = acme()
  dupTool.managed_users[0].mcp_servers[1].tools[0].id = 3001
  const cases: Array<[string, unknown, RegExp]> = [
    ['not-json.json', '{"schema_version": 1,', /not-json\.json: not valid JSON/],
    ['version.json', { schema_version: 2, managed_users: [] }, /version\.json: schema_version: unsupported schema version 2/],
    ['type.json', badType, /type\.json: managed_users\[0\]\.mcp_servers\[0\]\.folder_id: /],
    ['folder.json', missingFolder, /managed_users\[0\]\.mcp_servers\[1\]\.folder_id: folder 1 does not exist in this managed user/],
    ['group.json', badGroup, /managed_users\[0\]\.mcp_servers\[1\]\.idp_user_group_ids\[0\]: user group "group-nope" does not exist/],
    ['tool.json', dupTool, /managed_users\[0\]\.mcp_servers\[1\]\.tools\[0\]\.id: duplicate tool id 3001/]
  ]
  for (const [name, content, message] of cases) {
    const dir = folderWith({ [name]: content })
    t.match(loadError(join(dir, name)), message, name)
  }
})

t.test('records that clash across files are refused', async (t) => {
  const twin = globex()
  twin.managed_users[0].mcp_servers[0].handle = 'sales-tools-mcp-server'
  t.match(loadError(folderWith({ 'a.json': acme(), 'b.json': twin })), /handle: duplicate handle "sales-tools-mcp-server"/)
  t.match(loadError(folderWith({ 'a.json': acme(), 'b.json': acme() })), /managed_users\[1\]\.id: duplicate managed user id 91829/)
})

t.test('a missing path or an empty folder is a clear error', async (t) => {
  t.match(loadError('/nonexistent/fixtures'), /\/nonexistent\/fixtures: fixtures file or folder not found/)
  const empty = tempDir()
  mkdirSync(join(empty, 'sub'))
  t.match(loadError(empty), /no \.json fixtures in this folder/)
})
