// IP rules alone: address normalization, deny over allow, IPv4/IPv6/CIDR and IPv4-mapped forms.
import t from 'tap'
import { createIpChecker, normalizeAddress } from '../../src/mcp/ip-policy.js'
import type { PolicyRecord } from '../../src/schemas/state.js'

const policy = (allow: string[], deny: string[]): PolicyRecord => ({
  id: 1, rate_limits: {}, quota_limits: {}, ip_allow_list: allow, ip_deny_list: deny, created_at: '', updated_at: ''
})

t.test('normalizeAddress', async (t) => {
  t.equal(normalizeAddress('127.0.0.1'), '127.0.0.1')
  t.equal(normalizeAddress('::ffff:127.0.0.1'), '127.0.0.1')
  t.equal(normalizeAddress('::FFFF:203.0.113.9'), '203.0.113.9')
  t.equal(normalizeAddress(' 203.0.113.9 '), '203.0.113.9')
  t.equal(normalizeAddress('203.0.113.9:4711'), '203.0.113.9')
  t.equal(normalizeAddress('[2001:db8::1]:443'), '2001:db8::1')
  t.equal(normalizeAddress('[2001:db8::1]'), '2001:db8::1')
  t.equal(normalizeAddress('2001:db8::1'), '2001:db8::1')
  t.equal(normalizeAddress('unknown'), undefined)
  t.equal(normalizeAddress(''), undefined)
  t.equal(normalizeAddress(undefined), undefined)
})

t.test('checks', async (t) => {
  const check = createIpChecker()
  t.equal(check(policy([], []), 'garbage'), undefined, 'no rules, nothing to refuse')
  t.equal(check(policy(['203.0.113.0/24'], []), '203.0.113.200'), undefined)
  t.same(check(policy(['203.0.113.0/24'], []), '203.0.114.1'), {
    rule: 'ip_allow_list', address: '203.0.114.1', message: "Client address 203.0.114.1 is not in the server policy's ip_allow_list"
  })
  t.same(check(policy(['203.0.113.0/24'], ['203.0.113.7', '203.0.113.0/28']), '203.0.113.7')?.entry, '203.0.113.7', 'first matching deny entry')
  t.equal(check(policy([], ['2001:db8::/32']), '2001:db8:ffff::1')?.rule, 'ip_deny_list')
  t.equal(check(policy([], ['2001:db8::/32']), '2001:db9::1'), undefined)
  t.equal(check(policy(['::ffff:203.0.113.0/120'], []), '203.0.113.5'), undefined, 'IPv4-mapped IPv6 entry matches its IPv4 address')
  t.equal(check(policy(['203.0.113.0/24'], []), '::ffff:203.0.113.5'), undefined)
  t.same(check(policy(['203.0.113.0/24'], []), 'not-an-ip'), {
    rule: 'ip_allow_list', address: 'not-an-ip', message: 'Client address "not-an-ip" is not a valid IP address, so the server policy\'s ip_allow_list refuses it'
  })
  t.equal(check(policy([], ['10.0.0.0/8']), undefined)?.rule, 'ip_deny_list', 'an unknown address cannot be shown outside the deny list')
  // A replaced list is matched afresh (matchers are cached per list).
  const p = policy(['10.0.0.1'], [])
  t.equal(check(p, '10.0.0.1'), undefined)
  p.ip_allow_list = ['10.0.0.2']
  t.equal(check(p, '10.0.0.1')?.rule, 'ip_allow_list')
})
