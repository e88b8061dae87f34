// `npm start` runs compiled JS: build once when dist/ is missing or older than src/.
import { execSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

function newest (dir) {
  let t = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name)
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs)
  }
  return t
}

const stale = !existsSync('dist/cli.js') || newest('src') > statSync('dist/cli.js').mtimeMs
if (stale) execSync('npm run build', { stdio: 'inherit' })
