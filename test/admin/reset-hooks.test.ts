import t from 'tap'
import { createControl } from '../../src/control/control.js'
import { createFaults } from '../../src/control/faults.js'
import { createJournal } from '../../src/control/journal.js'
import { createRandomSource } from '../../src/control/random.js'
import { createResetRegistry, type ResetScope } from '../../src/control/resets.js'
import { createClock } from '../../src/domain/clock.js'
import type { DomainContext } from '../../src/domain/context.js'
import { createTokenGenerator } from '../../src/domain/tokens.js'
import { loadFixtures } from '../../src/fixtures.js'
import { createMemoryStore } from '../../src/store/memory-store.js'

// Other subsystems (MCP policy counters) register on the reset registry; this is their contract.
t.test('reset listeners hear whole and scoped resets with the servers involved', async (t) => {
  const fixtures = loadFixtures()
  const store = createMemoryStore(fixtures, 0)
  const clock = createClock()
  const ctx: DomainContext = { get world () { return store.world }, clock, tokens: createTokenGenerator('x'), tzOffset: 0 }
  const resets = createResetRegistry()
  const heard: ResetScope[] = []
  resets.onReset(scope => heard.push(scope))
  const control = createControl({ store, ctx, clock, fixtures, journal: createJournal(10), faults: createFaults(createRandomSource('x')), resets })

  const tenant = await control.createManagedUser({ servers: true })
  t.same(heard, [], 'creating a tenant is not a reset')
  await control.resetManagedUser(tenant.record.id)
  await control.resetManagedUser('EA2300')
  await control.resetAll()
  t.same(heard, [
    { scope: 'managed_user', managed_user_id: 91831, server_ids: [1004, 1005], handles: ['sales-tools-mcp-server-2', 'hr-automation-server-2'] },
    { scope: 'managed_user', managed_user_id: 91829, server_ids: [1001, 1002], handles: ['sales-tools-mcp-server', 'hr-automation-server'] },
    { scope: 'world' }
  ])
  t.same(fixtures, loadFixtures(), 'the fixtures object is never mutated')
})
