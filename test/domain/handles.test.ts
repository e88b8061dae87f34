// Handle slugs and their uniqueness suffixes.
import t from 'tap'
import { slugify, uniqueHandle } from '../../src/domain/handles.js'

t.test('slugify', async (t) => {
  t.equal(slugify('Sales Tools MCP Server'), 'sales-tools-mcp-server')
  t.equal(slugify('Sales & CRM Tools MCP Server'), 'sales-crm-tools-mcp-server')
  t.equal(slugify('Crème brûlée'), 'creme-brulee')
  t.equal(slugify('--a--b--'), 'a-b')
  t.equal(slugify('!!!'), 'mcp-server')
  t.equal(slugify(''), 'mcp-server')
  const long = slugify('abcdefghij '.repeat(10))
  t.ok(long.length <= 60)
  t.notMatch(long, /-$/)
})

t.test('uniqueHandle takes the first free -N suffix', async (t) => {
  const taken = new Set(['a', 'a-2', 'a-4'])
  t.equal(uniqueHandle('A', h => taken.has(h)), 'a-3')
  t.equal(uniqueHandle('B', h => taken.has(h)), 'b')
})
