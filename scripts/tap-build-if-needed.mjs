// `npm test`'s pretest: build tap's runner for the plugins in .taprc before the suite starts.
// tap notices a plugin change only once a run has begun; that first run then still loads every
// test file through the default plugins too (ts-node besides tsx): ~75 s more on 2 cores after
// every `npm ci`. Comparing the signatures costs ~0.3 s; `tap build` runs only when they differ.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { TapConfig } from '@tapjs/config'

const require = createRequire(import.meta.url)
const testPackage = dirname(require.resolve('@tapjs/test/package.json'))
const built = readFileSync(join(testPackage, 'test-built', 'dist', 'esm', 'index.js'), 'utf8')
const signature = /export const signature = `([^`]*)`/.exec(built)?.[1]?.trim()
const config = await TapConfig.load()
if (signature !== config.pluginSignature) {
  const tap = join(dirname(require.resolve('tap/package.json')), 'dist', 'esm', 'run.mjs')
  execFileSync(process.execPath, [tap, 'build'], { stdio: 'inherit' })
}
