// The one store test suite, run against both implementations: memory and the lowdb file store.
import t, { type Test } from 'tap'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadFixtures } from '../../src/fixtures.js'
import { createMemoryStore } from '../../src/store/memory-store.js'
import { createFileStore } from '../../src/store/file-store.js'
import type { Store } from '../../src/store/store.js'
import type { WorldData } from '../../src/schemas/state.js'
import { ACME, build, call } from '../helpers/app.js'

const fixtures = loadFixtures()

interface Impl {
  name: string
  /** A fresh store seeded from `initial`, plus a way to open the same state again (durable stores). */
  open(t: Test, initial?: WorldData): Promise<{ store: Store, reopen?: () => Promise<Store> }>
}

const impls: Impl[] = [
  {
    name: 'memory',
    open: async (_t, initial = fixtures) => ({ store: createMemoryStore(initial, 0) })
  },
  {
    name: 'file',
    open: async (t, initial = fixtures) => {
      const dir = mkdtempSync(join(tmpdir(), 'fw-store-'))
      t.teardown(() => rmSync(dir, { recursive: true, force: true }))
      const file = join(dir, 'state.json')
      return {
        store: await createFileStore(file, initial, 0),
        reopen: () => createFileStore(file, initial, 0)
      }
    }
  }
]

for (const impl of impls) {
  t.test(`${impl.name} store`, async (t) => {
    t.test('starts with the fixtures, counters derived from the highest ids', async (t) => {
      const { store } = await impl.open(t)
      t.equal(store.kind, impl.name)
      const snap = store.snapshot()
      t.equal(snap.schema_version, 1)
      t.same(snap.managed_users.map(m => m.id), [91829, 91830, 91800], 'the two customers, then the own workspace (fixtures/own.json)')
      t.same(snap.counters, { managed_user: 91830, server: 1003, tool: 3007, policy: 503, token: 0 })
      await store.close()
    })

    t.test('snapshot is a deep copy: changing it changes nothing', async (t) => {
      const { store } = await impl.open(t)
      const snap = store.snapshot()
      snap.managed_users[0].mcp_servers[0].name = 'changed'
      snap.managed_users.pop()
      t.equal(store.world.data.managed_users.length, 3)
      t.equal(store.world.data.managed_users[0].mcp_servers[0].name, 'Sales Tools MCP Server')
      await store.close()
    })

    t.test('changes made through the world are kept and committed', async (t) => {
      const { store, reopen } = await impl.open(t)
      const app = await build(t, { store })
      const created = await call(app, 'POST', `${ACME}/mcp_servers`, { name: 'Contract Server', folder_id: 27180380 })
      t.equal(created.status, 200)
      const renamed = await call(app, 'PUT', `${ACME}/mcp_servers/contract-server`, { name: 'Contract Server 2' })
      t.equal(renamed.status, 200)
      // Many commits at once all resolve.
      await Promise.all(Array.from({ length: 20 }, () => store.commit()))
      const after = store.snapshot()
      t.same(after.managed_users[0].mcp_servers.map(s => s.handle), ['sales-tools-mcp-server', 'hr-automation-server', 'contract-server'])
      t.equal(after.counters?.server, 1004)
      await app.close()
      if (reopen !== undefined) {
        const again = await reopen()
        t.same(again.snapshot(), after, 'the same state after reopening')
        await again.close()
      }
    })

    t.test('replace swaps the whole state; an invalid one changes nothing', async (t) => {
      const { store, reopen } = await impl.open(t)
      const smaller = structuredClone(fixtures)
      smaller.managed_users = smaller.managed_users.slice(0, 1)
      await store.replace(smaller)
      t.same(store.snapshot().managed_users.map(m => m.id), [91829])

      const broken = structuredClone(fixtures)
      broken.managed_users[1].id = broken.managed_users[0].id
      await t.rejects(store.replace(broken), { path: 'managed_users[1].id', message: 'managed_users[1].id: duplicate managed user id 91829' })
      await t.rejects(store.replace({ schema_version: 2 } as unknown as WorldData), /unsupported schema version 2/)
      t.same(store.snapshot().managed_users.map(m => m.id), [91829])
      await store.close()
      if (reopen !== undefined) {
        const again = await reopen()
        t.same(again.snapshot().managed_users.map(m => m.id), [91829], 'the replacement is what was stored')
        await again.close()
      }
    })

    t.test('an empty world works too', async (t) => {
      const { store } = await impl.open(t, { schema_version: 1, managed_users: [] })
      t.same(store.snapshot().managed_users, [])
      await store.commit()
      await store.close()
    })
  })
}
