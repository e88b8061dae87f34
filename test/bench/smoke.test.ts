// The benchmark cannot rot: one scenario for one second through the real harness. Nothing about speed is asserted.
import t from 'tap'
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

t.test('npm run bench --smoke measures GET server detail against its baseline', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'fake-workato-bench-smoke-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const out = join(dir, 'results.json')
  // Runs the compiled dist/ that tap's `before` script builds, as `npm run bench` does.
  const child = spawn(process.execPath, ['bench/run.mjs', '--smoke', '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => { stdout += d })
  child.stderr.on('data', (d) => { stderr += d })
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  t.equal(code, 0, stderr)

  const report = JSON.parse(readFileSync(out, 'utf8'))
  t.match(report.machine, { cpu: String, cores: Number, node: process.version })
  t.equal(report.scenarios.length, 1)
  const [row] = report.scenarios
  t.match(row, { name: 'detail', available: true, connections: 10 })
  for (const side of [row.fake, row.baseline]) {
    t.ok(side.requests > 0, 'requests were made')
    t.equal(side.non2xx, 0, 'every answer was 2xx')
    t.equal(side.errors, 0)
    t.type(side.p50, 'number')
    t.type(side.p99, 'number')
  }
  t.ok(row.ratio > 0, 'a ratio to the baseline')
  t.equal(row.fake.round_rps.length, row.baseline.round_rps.length, 'both sides ran the same rounds')
  // Both sides answered the same bytes: the baseline replays what the fake said.
  t.ok(row.bytes[0] > 100)
  t.match(stdout, /GET server detail\s+-\s+10\s+\d+/)
})
