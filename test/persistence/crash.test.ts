// Crash test: SIGKILL the CLI while writes are in flight; the data file and its log hold every acknowledged write.
import t from 'tap'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readDurableState } from '../../src/store/file-store.js'
import { api, startCli } from '../helpers/cli.js'

const ACME = '/api/managed_users/91829'
const WORKERS = 8
/** Kill once this many creates were acknowledged, with every worker still sending. */
const KILL_AFTER = 150

t.test('no acknowledged write is lost or half-written when the process is killed', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'fw-crash-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const data = join(dir, 'state.json')
  const cli = await startCli(['--data', data, '--port', '0'])
  t.teardown(() => { cli.child.kill('SIGKILL') })

  const acked: string[] = []
  let sent = 0
  let killed = false
  let failedAfterKill = 0
  const worker = async (w: number) => {
    for (let n = 0; ; n++) {
      const name = `crash w${w} n${n}`
      sent++
      try {
        const res = await api(cli.url, 'POST', `${ACME}/mcp_servers`, { name, folder_id: 27180380 })
        if (res.status !== 200) throw new Error(`create answered ${res.status}`)
        // A response that arrives is acknowledged, even one read just after the kill signal went out.
        acked.push(name)
      } catch (err) {
        if (!killed) throw err
        failedAfterKill++
        return
      }
      if (!killed && acked.length >= KILL_AFTER) {
        killed = true
        cli.child.kill('SIGKILL')
      }
    }
  }
  await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)))
  const exit = await cli.exited
  t.equal(exit.signal, 'SIGKILL')
  t.ok(failedAfterKill > 0, `requests were still in flight at the kill (${failedAfterKill} of ${sent} sent)`)

  // What a restart replays: the data file, then its change log (a torn last line dropped).
  const state = await readDurableState(data)
  const names = new Set(state.managed_users[0].mcp_servers.map(s => s.name))
  const missing = acked.filter(n => !names.has(n))
  t.same(missing, [], `all ${acked.length} acknowledged creates are in the file`)
  t.ok(names.size >= acked.length + 2, 'the fixture servers are there too')

  // And the file starts a new process.
  const again = await startCli(['--data', data, '--port', '0'])
  t.teardown(() => { again.child.kill('SIGKILL') })
  const list = await api(again.url, 'GET', `${ACME}/mcp_servers?per_page=1`)
  t.equal(list.status, 200)
  t.equal(list.body.count, names.size)
  t.same(readdirSync(dir), ['state.json'], 'the start compacted the log into the data file')
  again.child.kill('SIGTERM')
  t.equal((await again.exited).code, 0)
})
