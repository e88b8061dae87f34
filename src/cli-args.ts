// Command-line flags turned into config overrides; createConfig then applies flags > env > defaults.
import { parseArgs } from 'node:util'
import { ConfigError, parsePort, parseProfile, type Config } from './config.js'

export const USAGE = `Usage: fake-workato [options]

A stateful fake of the Workato Embedded API for MCP servers.

Options:
  --port <n>           port to listen on, 0 for any free port     (env PORT, default 4000)
  --host <addr>        address to bind                            (env HOST, default 127.0.0.1)
  --data <file>        keep the state in this JSON file (lowdb); created from the fixtures
                       when missing                               (env FAKE_WORKATO_DATA, default: in memory)
  --fixtures <path>    fixtures file or folder of *.json          (env FAKE_WORKATO_FIXTURES, default: shipped fixtures)
  --api-token <token>  accepted API token; repeat for several     (env FAKE_WORKATO_API_TOKENS, comma-separated, default dev-token)
  --public-url <url>   base of every mcp_url                      (env FAKE_WORKATO_PUBLIC_URL, default http://<host>:<port>)
  --log-level <level>  fatal, error, warn, info, debug, trace or silent (env LOG_LEVEL, default info)
  --profile <name>     wire shapes: docs (Workato's published samples) or live (what the
                       live service returns)                      (env FAKE_WORKATO_PROFILE, default docs)
  --trust-proxy        take MCP client addresses from X-Forwarded-For (env FAKE_WORKATO_TRUST_PROXY, default off)
  --seed <value>       reproducible tokens and fault probabilities (env FAKE_WORKATO_SEED, default: random)
  --admin-token <t>    require this Bearer token on /__admin      (env FAKE_WORKATO_ADMIN_TOKEN, default: open)
  --journal-size <n>   requests the journal keeps, 0 turns it off (env FAKE_WORKATO_JOURNAL_SIZE, default 1000)
  -h, --help           print this help and exit
  -v, --version        print the version and exit
`

export interface CliArgs {
  overrides: Partial<Config>
  help: boolean
  version: boolean
}

const options = {
  port: { type: 'string' },
  host: { type: 'string' },
  data: { type: 'string' },
  fixtures: { type: 'string' },
  'api-token': { type: 'string', multiple: true },
  'public-url': { type: 'string' },
  'log-level': { type: 'string' },
  profile: { type: 'string' },
  'trust-proxy': { type: 'boolean' },
  seed: { type: 'string' },
  'admin-token': { type: 'string' },
  'journal-size': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' }
} as const

function nonEmpty (flag: string, value: string | undefined): string | undefined {
  if (value !== undefined && value.trim() === '') throw new ConfigError(`--${flag} needs a non-empty value`)
  return value
}

/** Throws ConfigError (one line) for unknown flags, missing values and stray arguments. */
export function parseCliArgs (argv: string[]): CliArgs {
  let values
  try {
    ({ values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false }))
  } catch (err) {
    // Node's messages end with a hint on a second line ("To specify a positional argument…").
    throw new ConfigError((err as Error).message.split('\n')[0])
  }
  const overrides: Partial<Config> = {}
  if (values.port !== undefined) overrides.port = parsePort(values.port)
  const set = <K extends 'host' | 'data' | 'fixtures' | 'publicUrl' | 'logLevel'>(key: K, flag: string, value: string | undefined) => {
    const v = nonEmpty(flag, value)
    if (v !== undefined) overrides[key] = v
  }
  set('host', 'host', values.host)
  set('data', 'data', values.data)
  set('fixtures', 'fixtures', values.fixtures)
  set('publicUrl', 'public-url', values['public-url'])
  set('logLevel', 'log-level', values['log-level'])
  if (values['api-token'] !== undefined) {
    overrides.apiTokens = values['api-token'].map(t => nonEmpty('api-token', t) as string)
  }
  if (values.profile !== undefined) overrides.profile = parseProfile(values.profile)
  if (values['trust-proxy'] === true) overrides.trustProxy = true
  const seed = nonEmpty('seed', values.seed)
  if (seed !== undefined) overrides.seed = seed
  const adminToken = nonEmpty('admin-token', values['admin-token'])
  if (adminToken !== undefined) overrides.adminToken = adminToken
  if (values['journal-size'] !== undefined) {
    if (!/^[0-9]{1,9}$/.test(values['journal-size'])) throw new ConfigError(`invalid journal size "${values['journal-size']}" (expected a whole number; 0 disables the journal)`)
    overrides.journalSize = Number(values['journal-size'])
  }
  return { overrides, help: values.help === true, version: values.version === true }
}
