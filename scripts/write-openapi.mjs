// `npm run openapi`: regenerates openapi/openapi{,-live}.{json,yaml} from the code (default config, each profile).
import { mkdirSync, writeFileSync } from 'node:fs'
import { buildApp } from '../dist/app.js'
import { renderOpenApi } from '../dist/http/openapi.js'

const dir = new URL('../openapi/', import.meta.url)
mkdirSync(dir, { recursive: true })
for (const [profile, base] of [['docs', 'openapi'], ['live', 'openapi-live']]) {
  // An empty environment: the committed copy always names the default URL, http://127.0.0.1:4000.
  const app = await buildApp({ logger: false, env: {}, config: { profile } })
  await app.ready()
  const { json, yaml } = renderOpenApi(app)
  await app.close()
  writeFileSync(new URL(`${base}.json`, dir), json)
  writeFileSync(new URL(`${base}.yaml`, dir), yaml)
  process.stdout.write(`wrote openapi/${base}.json (${json.length} bytes) and openapi/${base}.yaml (${yaml.length} bytes)\n`)
}
