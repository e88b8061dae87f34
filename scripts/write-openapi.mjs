// `npm run openapi`: regenerates openapi/openapi.json and openapi/openapi.yaml from the code (default config).
import { mkdirSync, writeFileSync } from 'node:fs'
import { buildApp } from '../dist/app.js'
import { renderOpenApi } from '../dist/http/openapi.js'

// An empty environment: the committed copy always names the default URL, http://127.0.0.1:4000.
const app = await buildApp({ logger: false, env: {} })
await app.ready()
const { json, yaml } = renderOpenApi(app)
await app.close()

const dir = new URL('../openapi/', import.meta.url)
mkdirSync(dir, { recursive: true })
writeFileSync(new URL('openapi.json', dir), json)
writeFileSync(new URL('openapi.yaml', dir), yaml)
process.stdout.write(`wrote openapi/openapi.json (${json.length} bytes) and openapi/openapi.yaml (${yaml.length} bytes)\n`)
