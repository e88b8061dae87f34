// The MCP state's reset: IdP tokens and request counts are forgotten together (for /__admin/reset).
import t from 'tap'
import { createClock } from '../../src/domain/clock.js'
import { createMcpState } from '../../src/mcp/state.js'

t.test('reset forgets IdP tokens and request counts', async (t) => {
  const mcp = createMcpState(createClock())
  const { token } = mcp.idp.issue({ user: 'dana', group_ids: ['g'] })
  const policy = { id: 1, rate_limits: { per_minute: 1 }, quota_limits: {}, ip_allow_list: [], ip_deny_list: [], created_at: '', updated_at: '' }
  t.equal(mcp.limiter.admit(1, policy), undefined)
  t.ok(mcp.limiter.admit(1, policy))
  t.ok(mcp.idp.find(token))
  mcp.reset()
  t.equal(mcp.idp.find(token), undefined)
  t.equal(mcp.limiter.admit(1, policy), undefined)
})
