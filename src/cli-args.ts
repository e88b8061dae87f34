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
  return { overrides, help: values.help === true, version: values.version === true }
}
