// Suite-wide contract self-check: every /api response a test receives is validated against the OpenAPI document.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createContractCheck, type CheckedResponse, type ContractMismatch } from '../../src/http/contract-check.js'

/** Where each test process leaves what it checked; test/helpers/contract-report.ts reads it after the run. */
export const CONTRACT_DIR = join(process.env.TAP_CWD ?? process.cwd(), '.tap', 'contract')

interface Failing { fail(message: string): unknown }

const checked = new Map<string, CheckedResponse & { count: number }>()

let recording = false

/** One file per test process, written as it exits; only under tap, so ad-hoc runs leave nothing behind. */
function recordOnExit (): void {
  if (recording || process.env.TAP !== '1') return
  recording = true
  process.on('exit', () => {
    mkdirSync(CONTRACT_DIR, { recursive: true })
    writeFileSync(join(CONTRACT_DIR, `${process.pid}.json`), JSON.stringify({ checked: [...checked.values()] }))
  })
}

/** The onSend hook for one test: a mismatch fails that test at once. */
export function contractHook (t: Failing) {
  recordOnExit()
  return createContractCheck({
    onChecked (c) {
      const key = `${c.method} ${c.path} ${c.status}`
      const seen = checked.get(key)
      if (seen === undefined) checked.set(key, { ...c, count: 1 })
      else seen.count++
    },
    onMismatch (m: ContractMismatch) {
      t.fail(`contract self-check: ${m.method.toUpperCase()} ${m.url} answered ${m.status}: ${m.problem} (${m.operationId})`)
    }
  })
}
