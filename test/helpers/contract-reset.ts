// tap `before`: forget the previous run's contract records so the report covers this run only.
import { rmSync } from 'node:fs'
import { CONTRACT_DIR } from './contract.js'

rmSync(CONTRACT_DIR, { recursive: true, force: true })
