// Property: after any sequence of writes in file mode, the durable state (data file + change log) is exactly the served state.
import t from 'tap'
import fc from 'fast-check'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { loadFixtures } from '../../src/fixtures.js'
import { createFileStore, readDurableState } from '../../src/store/file-store.js'
import type { Store } from '../../src/store/store.js'
import { build, call } from '../helpers/app.js'
import { admin } from '../helpers/admin.js'
import { fcSettings } from '../helpers/reliability.js'

const fixtures = loadFixtures()

/** A write, aimed at the n-th customer workspace and its m-th server as they are when it runs. */
type Command =
  | { kind: 'create', ws: number, name: string, tools: boolean }
  | { kind: 'update', ws: number, server: number, name?: string, description?: string, idp: boolean }
  | { kind: 'delete' | 'renew' | 'tool' | 'dropTool' | 'assign' | 'groups' | 'move', ws: number, server: number, n: number }
  | { kind: 'policy', ws: number, server: number, n: number }
  | { kind: 'tenant', n: number } | { kind: 'dropTenant', ws: number } | { kind: 'reset' }

const ix = fc.nat(9)
const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('create' as const), ws: ix, name: fc.constantFrom('Alpha', 'Beta', 'Gamma Server', 'Alpha 2'), tools: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('update' as const), ws: ix, server: ix, name: fc.option(fc.constantFrom('Renamed', 'Other'), { nil: undefined }), description: fc.option(fc.string({ maxLength: 8 }), { nil: undefined }), idp: fc.boolean() }) },
  { weight: 8, arbitrary: fc.record({ kind: fc.constantFrom('delete' as const, 'renew' as const, 'tool' as const, 'dropTool' as const, 'assign' as const, 'groups' as const, 'move' as const, 'policy' as const), ws: ix, server: ix, n: fc.nat(99) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('tenant' as const), n: fc.nat(99) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('dropTenant' as const), ws: ix }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'reset' as const }) }
)

async function run (app: FastifyInstance, store: Store, c: Command): Promise<number> {
  const customers = [...store.world.workspaces()].filter(w => w !== store.world.ownWorkspace())
  if (c.kind === 'reset') return (await admin(app, 'POST', '/reset')).status
  if (c.kind === 'tenant') return (await admin(app, 'POST', '/managed_users', { external_id: `model-${c.n}`, servers: c.n % 2 === 0 })).status
  if (customers.length === 0) return 0
  const ws = customers[c.ws % customers.length]
  const base = `/api/managed_users/${ws.record.id}`
  if (c.kind === 'dropTenant') return (await admin(app, 'DELETE', `/managed_users/${ws.record.id}`)).status
  const folder = ws.record.folders[0].id
  const catalog = ws.record.catalog.map(item => ({ trigger_application: item.trigger_application, id: item.id }))
  if (c.kind === 'create') {
    return (await call(app, 'POST', `${base}/mcp_servers`, { name: c.name, folder_id: folder, ...(c.tools ? { tools: catalog.slice(0, 2) } : {}) })).status
  }
  if (ws.servers.length === 0) return 0
  const server = ws.servers[c.server % ws.servers.length]
  const one = `${base}/mcp_servers/${server.handle}`
  switch (c.kind) {
    case 'update': return (await call(app, 'PUT', one, { name: c.name, description: c.description, ...(c.idp ? { auth_type: 'workato_idp' } : {}) })).status
    case 'delete': return (await call(app, 'DELETE', one)).status
    case 'renew': return (await call(app, 'POST', `${one}/token_renew`)).status
    case 'assign': return (await call(app, 'POST', `${one}/assign_tools`, { tools: catalog.slice(c.n % catalog.length, c.n % catalog.length + 2) })).status
    case 'tool':
      if (server.tools.length === 0) return 0
      return (await call(app, 'PUT', `${one}/tools/${server.tools[c.n % server.tools.length].id}`, { description: `d${c.n}` })).status
    case 'dropTool':
      if (server.tools.length === 0) return 0
      return (await call(app, 'DELETE', `${one}/tools/${server.tools[c.n % server.tools.length].id}`)).status
    case 'groups': {
      const groups = ws.record.user_groups.map(g => g.id).slice(0, 1 + (c.n % 2))
      return (await call(app, 'POST', `${one}/${c.n % 3 === 0 ? 'remove' : 'assign'}_user_groups`, { idp_user_group_ids: groups })).status
    }
    case 'move': return (await call(app, 'PUT', `${one}/update_folder`, { folder_id: ws.record.folders[c.n % ws.record.folders.length].id })).status
    case 'policy': return (await call(app, 'PUT', `${one}/server_policies`, { mcp_server_policy: { rate_limits: { per_minute: c.n + 1 }, ip_allow_list: c.n % 2 === 0 ? [] : [`10.0.${c.n}.0/24`] } })).status
  }
}

t.test('any writes, any compaction threshold: a restart at any time gives store.snapshot(), a clean close leaves the data file alone', async (t) => {
  await fc.assert(fc.asyncProperty(
    fc.array(fc.array(command, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 8 }),
    fc.constantFrom(1, 600, undefined),
    async (rounds, compactAt) => {
      const dir = mkdtempSync(join(tmpdir(), 'fw-model-'))
      try {
        const file = join(dir, 'state.json')
        const store = await createFileStore(file, fixtures, 0, { compactAt })
        const teardowns: Array<() => unknown> = []
        const app = await build({ teardown: fn => { teardowns.push(fn) }, fail: (m: string) => t.fail(m) }, { store })
        for (const round of rounds) {
          // Each round's commands run at once, so they share group commits.
          const statuses = await Promise.all(round.map(c => run(app, store, c)))
          if (statuses.some(s => s >= 500)) throw new Error(`a write failed: ${JSON.stringify(statuses)} for ${JSON.stringify(round)}`)
          // A kill -9 here: what a restart reads is exactly what was served.
          await store.idle()
          const served = JSON.stringify(store.snapshot())
          if (JSON.stringify(await readDurableState(file)) !== served) {
            t.same(await readDurableState(file), store.snapshot(), 'durable state after a round')
            return false
          }
        }
        // And a real restart from a copy of the files as they are.
        await store.idle()
        const copyDir = mkdtempSync(join(tmpdir(), 'fw-model-copy-'))
        try {
          for (const name of readdirSync(dir)) writeFileSync(join(copyDir, name), readFileSync(join(dir, name)))
          const again = await createFileStore(join(copyDir, 'state.json'), fixtures, 0)
          const same = JSON.stringify(again.snapshot()) === JSON.stringify(store.snapshot())
          await again.close()
          if (!same) return false
        } finally {
          rmSync(copyDir, { recursive: true, force: true })
        }
        const final = store.snapshot()
        await app.close()
        for (const fn of teardowns) await fn()
        if (JSON.stringify(readdirSync(dir)) !== '["state.json"]') return false
        return JSON.stringify(JSON.parse(readFileSync(file, 'utf8'))) === JSON.stringify(final)
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    }
  ), fcSettings(8))
})
