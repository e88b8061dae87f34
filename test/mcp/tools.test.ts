// MCP tool names and schemas alone: snake_case, unique within a server, stable as tools come and go.
import t from 'tap'
import { baseToolName, offeredTools } from '../../src/mcp/tools.js'
import type { Workspace } from '../../src/domain/world.js'
import type { ServerRecord, ToolRecord } from '../../src/schemas/state.js'

const tool = (id: number, name: string, vua = false): ToolRecord => ({
  id, trigger_application: 'workato_recipe_function', asset_id: id, name, description: '', action_applications: [], flow_id: id, vua_required: vua
})
const server = (tools: ToolRecord[], auth: 'token' | 'workato_idp' = 'token') => ({ auth_type: auth, tools }) as unknown as ServerRecord
const ws = { catalog: new Map() } as unknown as Workspace

t.test('baseToolName', async (t) => {
  t.equal(baseToolName('Create Salesforce Lead'), 'create_salesforce_lead')
  t.equal(baseToolName('  Ask   Sales-Genie!! '), 'ask_sales_genie')
  t.equal(baseToolName('Crème brûlée (v2.1)'), 'creme_brulee_v2_1')
  t.equal(baseToolName('日本語'), 'tool')
  t.equal(baseToolName(''), 'tool')
  t.equal(baseToolName('x'.repeat(300)).length, 64)
  t.match(baseToolName('a '.repeat(100)), /^[a-z0-9]+(_[a-z0-9]+)*$/)
})

t.test('names are unique within a server and do not depend on later tools', async (t) => {
  const tools = [tool(1, 'Look Up'), tool(2, 'look-up'), tool(3, 'LOOK UP'), tool(4, '日本語'), tool(5, '')]
  t.same(offeredTools(ws, server(tools)).map(x => x.name), ['look_up', 'look_up_2', 'look_up_3', 'tool', 'tool_5'])
  t.same(offeredTools(ws, server(tools.slice(0, 2))).map(x => x.name), ['look_up', 'look_up_2'])
  t.same(offeredTools(ws, server([tool(1, 'a_2'), tool(2, 'a'), tool(3, 'a')])).map(x => x.name), ['a_2', 'a', 'a_3'])
  t.same(offeredTools(ws, server([tool(2, 'a'), tool(9, 'a_2'), tool(12, 'a')])).map(x => x.name), ['a', 'a_2', 'a_12'])
})

t.test('VUA tools only on workato_idp; a missing catalog item gives the default schema', async (t) => {
  const tools = [tool(1, 'Open'), tool(2, 'Personal', true)]
  t.same(offeredTools(ws, server(tools)).map(x => x.name), ['open'])
  const idp = offeredTools(ws, server(tools, 'workato_idp'))
  t.same(idp.map(x => [x.name, x.inputSchema]), [['open', { type: 'object' }], ['personal', { type: 'object' }]])
})
