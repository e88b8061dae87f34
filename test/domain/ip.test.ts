// IP/CIDR validation and matching (used by server policies and, later, the MCP endpoint).
import t from 'tap'
import { ipMatcher, isIpOrCidr } from '../../src/domain/ip.js'

t.test('isIpOrCidr accepts addresses and ranges of both families', async (t) => {
  for (const ok of ['203.0.113.0/24', '198.51.100.42', '0.0.0.0/0', '255.255.255.255/32', '2001:db8::/32', '::1', '::/0', '2001:db8::1/128', '::ffff:192.0.2.1']) {
    t.ok(isIpOrCidr(ok), ok)
  }
  for (const bad of ['', ' ', '10.0.0.256', '10.0.0', '10.0.0.0/33', '10.0.0.0/-1', '10.0.0.0/', '10.0.0.0/08', '10.0.0.0/8/8', '2001:db8::/129',
    'example.com', '10.0.0.1 ', ' 10.0.0.1', '10.0.0.1/ 8', '1.2.3.4/1e1', 'gggg::1', '/24']) {
    t.notOk(isIpOrCidr(bad), JSON.stringify(bad))
  }
})

t.test('ipMatcher matches addresses inside ranges and exact addresses', async (t) => {
  const match = ipMatcher(['203.0.113.0/24', '198.51.100.42', '2001:db8::/32'])
  t.ok(match('203.0.113.7'))
  t.ok(match('198.51.100.42'))
  t.notOk(match('198.51.100.43'))
  t.ok(match('2001:db8:1::5'))
  t.notOk(match('2001:db9::1'))
  t.notOk(match('not an ip'))
  t.notOk(ipMatcher([])('127.0.0.1'))
  t.ok(ipMatcher(['0.0.0.0/0'])('8.8.8.8'))
})
