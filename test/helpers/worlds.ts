// Fixture variants for tests that need more than the default world (built from the default fixtures).
import { loadFixtures } from '../../src/fixtures.js'
import type { WorldData } from '../../src/schemas/state.js'

/** The default fixtures plus a second project in Acme (13595200) with folder 27180500 in it. */
export function withSecondProject (): WorldData {
  const data = loadFixtures()
  const acme = data.managed_users.find(mu => mu.id === 91829)!
  acme.projects.push({ id: 13595200, name: 'Finance' })
  acme.folders.push({ id: 27180500, name: 'Finance MCP', project_id: 13595200 })
  return data
}
