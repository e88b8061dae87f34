// tap `after`: which operations and statuses the suite exercised, checked against the OpenAPI document.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { buildApp } from '../../src/app.js'
import type { CheckedResponse, OpenApiDocument } from '../../src/http/contract-check.js'
import { CONTRACT_DIR } from './contract.js'

interface Record { checked: Array<CheckedResponse & { count: number }> }

const records: Record[] = existsSync(CONTRACT_DIR)
  ? readdirSync(CONTRACT_DIR).filter(f => /^\d+\.json$/.test(f)).map(f => JSON.parse(readFileSync(join(CONTRACT_DIR, f), 'utf8')) as Record)
  : []

const app = await buildApp({ logger: false, env: {} })
await app.ready()
const doc = app.swagger() as OpenApiDocument
await app.close()

const exercised = new Map<string, Map<number, number>>()
let responses = 0
for (const r of records) {
  for (const c of r.checked) {
    responses += c.count
    const byStatus = exercised.get(c.operationId) ?? new Map<number, number>()
    byStatus.set(c.status, (byStatus.get(c.status) ?? 0) + c.count)
    exercised.set(c.operationId, byStatus)
  }
}

const rows: Array<{ operationId: string, exercised: number[], notExercised: number[] }> = []
let documented = 0
let covered = 0
for (const [path, item] of Object.entries(doc.paths ?? {})) {
  if (!path.startsWith('/api/')) continue
  for (const op of Object.values(item)) {
    const id = op.operationId ?? path
    const statuses = Object.keys(op.responses ?? {}).map(Number)
    const seen = exercised.get(id) ?? new Map<number, number>()
    documented += statuses.length
    covered += statuses.filter(s => seen.has(s)).length
    rows.push({ operationId: id, exercised: [...seen.keys()].sort((a, b) => a - b), notExercised: statuses.filter(s => !seen.has(s)) })
  }
}

const width = Math.max(...rows.map(r => r.operationId.length))
const lines = [
  `contract self-check: ${responses} /api responses from ${records.length} test processes checked against the OpenAPI document (a mismatch fails its test)`,
  `${'operation'.padEnd(width)}  exercised statuses        documented, not exercised`,
  ...rows.map(r => `${r.operationId.padEnd(width)}  ${r.exercised.join(' ').padEnd(24)}  ${r.notExercised.join(' ')}`),
  `${rows.filter(r => r.exercised.length > 0).length}/${rows.length} operations and ${covered}/${documented} documented operation+status pairs exercised`
]
process.stdout.write(lines.map(l => `# ${l}`).join('\n') + '\n')
if (records.length > 0) writeFileSync(join(CONTRACT_DIR, 'report.json'), JSON.stringify({ responses, rows }, null, 2))
