// Restart test: change everything with --data, stop with SIGTERM, start again: every GET answers the same.
import t from 'tap'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { api, startCli } from '../helpers/cli.js'

const ACME = '/api/managed_users/91829'
const GLOBEX = '/api/managed_users/Eglobex%2Feu%207'

async function ok (base: string, method: string, path: string, body?: unknown) {
  const res = await api(base, method, path, body)
  if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`)
  return res.body
}

/** Every server each managed user has after the changes (list items carry no handle). */
const HANDLES: Array<[string, string[]]> = [
  [ACME, ['sales-tools-mcp-server', 'hr-automation-server', 'restart-server']],
  [GLOBEX, ['globex-support-server']]
]

/** Every read route, for every server of both managed users. */
async function readAll (base: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {}
  for (const [mu, handles] of HANDLES) {
    const list = await ok(base, 'GET', `${mu}/mcp_servers?per_page=50`)
    out[`${mu}/mcp_servers`] = list
    out[`${mu}/user_groups`] = await ok(base, 'GET', `${mu}/user_groups`)
    if (list.count !== handles.length) throw new Error(`${mu} has ${list.count} servers, expected ${handles.length}`)
    for (const handle of handles) {
      for (const path of [`/mcp_servers/${handle}`, `/mcp_servers/${handle}/tools`, `/mcp_servers/${handle}/server_policies`]) {
        out[mu + path] = await ok(base, 'GET', mu + path)
      }
    }
  }
  // The handle-keyed reads above cover every server; a deleted one must stay gone.
  out.deleted = (await api(base, 'GET', `${ACME}/mcp_servers/temporary-server`)).status
  return out
}

t.test('state survives a restart exactly', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'fw-restart-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const data = join(dir, 'state.json')

  const first = await startCli(['--data', data, '--port', '0'])
  t.match(first.line, `(store: file ${data}, docs: ${first.url}/docs)`)
  t.teardown(() => { first.child.kill('SIGKILL') })
  const u = first.url
  await ok(u, 'POST', `${ACME}/mcp_servers`, {
    name: 'Restart Server',
    folder_id: 27180380,
    description: 'made before the restart',
    tools: [{ trigger_application: 'workato_recipe_function', id: 66870002 }]
  })
  await ok(u, 'PUT', `${ACME}/mcp_servers/restart-server`, { name: 'Restart Server Renamed', description: 'renamed' })
  await ok(u, 'POST', `${ACME}/mcp_servers/restart-server/token_renew`)
  await ok(u, 'POST', `${ACME}/mcp_servers/restart-server/assign_tools`, {
    tools: [{ trigger_application: 'workato_genie', id: 'my-genie-handle' }, { trigger_application: 'workato_api_platform', id: '98231' }]
  })
  await ok(u, 'PUT', `${ACME}/mcp_servers/restart-server/server_policies`, {
    mcp_server_policy: { rate_limits: { per_minute: 5 }, quota_limits: {}, ip_allow_list: ['10.0.0.0/8', '2001:db8::/32'], ip_deny_list: ['10.1.2.3'] }
  })
  await ok(u, 'PUT', `${ACME}/mcp_servers/restart-server/update_folder`, { folder_id: 27180399 })
  await ok(u, 'POST', `${ACME}/mcp_servers/hr-automation-server/assign_user_groups`, { idp_user_group_ids: ['group-abc123', 'group-def456'] })
  await ok(u, 'POST', `${ACME}/mcp_servers/hr-automation-server/remove_user_groups`, { idp_user_group_ids: ['group-abc123'] })
  await ok(u, 'PUT', `${ACME}/mcp_servers/hr-automation-server/tools/3004`, { description: 'edited before the restart' })
  await ok(u, 'DELETE', `${ACME}/mcp_servers/hr-automation-server/tools/3005`)
  await ok(u, 'PUT', `${ACME}/mcp_servers/sales-tools-mcp-server`, { auth_type: 'workato_idp', idp_user_group_ids: ['group-def456'] })
  await ok(u, 'POST', `${ACME}/mcp_servers`, { name: 'Temporary Server', folder_id: 27180380 })
  await ok(u, 'DELETE', `${ACME}/mcp_servers/temporary-server`)
  await ok(u, 'POST', `${GLOBEX}/mcp_servers/globex-support-server/token_renew`)

  const before = await readAll(u)
  t.equal(before.deleted, 404)
  first.child.kill('SIGTERM')
  const stopped = await first.exited
  t.equal(stopped.code, 0, 'SIGTERM exits 0')

  const second = await startCli(['--data', data, '--port', '0'])
  t.teardown(() => { second.child.kill('SIGKILL') })
  t.not(second.url, u, 'a new port')
  const after = await readAll(second.url)
  // Only mcp_url's host and port follow the new port; everything else is identical.
  t.same(JSON.parse(JSON.stringify(after).replaceAll(second.url, u)), before)

  // Counters survived too: ids continue after the deleted server's, they are not reused.
  const next = await ok(second.url, 'POST', `${ACME}/mcp_servers`, { name: 'After Restart', folder_id: 27180380 })
  t.equal(next.data.id, 1006)
  t.equal(next.data.mcp_url.startsWith(`${second.url}/mcp/servers/after-restart?token=`), true)
  second.child.kill('SIGINT')
  t.equal((await second.exited).code, 0, 'SIGINT exits 0')
})
