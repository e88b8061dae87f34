// trustProxy: option > FAKE_WORKATO_TRUST_PROXY > false; anything but a boolean word is refused.
import t from 'tap'
import { ConfigError, createConfig } from '../src/config.js'

t.test('trustProxy from options and environment', async (t) => {
  t.equal(createConfig({}, {}).trustProxy, false)
  for (const yes of ['1', 'true', 'TRUE', 'yes', 'on']) t.equal(createConfig({}, { FAKE_WORKATO_TRUST_PROXY: yes }).trustProxy, true, yes)
  for (const no of ['0', 'false', 'no', 'off', '']) t.equal(createConfig({}, { FAKE_WORKATO_TRUST_PROXY: no }).trustProxy, false, no)
  t.equal(createConfig({ trustProxy: false }, { FAKE_WORKATO_TRUST_PROXY: 'true' }).trustProxy, false)
  t.throws(() => createConfig({}, { FAKE_WORKATO_TRUST_PROXY: 'maybe' }), new ConfigError('invalid FAKE_WORKATO_TRUST_PROXY "maybe" (expected true or false)'))
})
