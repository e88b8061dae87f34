// Configuration resolved in one place: explicit option > environment > default.
import { DEFAULT_FIXTURES } from './fixtures.js'
import { parseOffset } from './domain/time.js'

export interface Config {
  port: number
  host: string
  /** Accepted `Authorization: Bearer` tokens for /api. */
  apiTokens: string[]
  /** Base of every mcp_url; defaults to http://<host>:<port>. */
  publicUrl: string
  /** Fixtures file or folder. */
  fixtures: string
  logLevel: string
  /** lowdb data file (`--data`); undefined keeps the state in memory. */
  data?: string
  /** UTC offset of written timestamps, e.g. "+00:00" or "-07:00". */
  tzOffset: string
  /** Take the client address from X-Forwarded-For (only behind a proxy you trust). */
  trustProxy: boolean
  /** Makes generated tokens and fault probabilities reproducible; random when unset. */
  seed?: string
  /** When set, /__admin requires `Authorization: Bearer <adminToken>`. */
  adminToken?: string
  /** Request journal capacity (entries); 0 disables the journal. */
  journalSize: number
  /** Wire shapes: `docs` (Workato's published samples) or `live` (what the live service returns). */
  profile: Profile
}

export const PROFILES = ['docs', 'live'] as const
export type Profile = typeof PROFILES[number]

export function parseProfile (text: string): Profile {
  if (!(PROFILES as readonly string[]).includes(text)) throw new ConfigError(`invalid profile "${text}" (expected docs or live)`)
  return text as Profile
}

export class ConfigError extends Error {}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']

type Env = Record<string, string | undefined>

function pick (override: string | undefined, env: string | undefined): string | undefined {
  if (override !== undefined) return override
  return env === undefined || env === '' ? undefined : env
}

export function parsePort (text: string): number {
  if (!/^[0-9]{1,5}$/.test(text) || Number(text) > 65535) throw new ConfigError(`invalid port "${text}" (expected 0-65535)`)
  return Number(text)
}

export function parseBoolean (name: string, text: string): boolean {
  if (/^(1|true|yes|on)$/i.test(text)) return true
  if (/^(0|false|no|off)$/i.test(text)) return false
  throw new ConfigError(`invalid ${name} "${text}" (expected true or false)`)
}

export function createConfig (overrides: Partial<Config> = {}, env: Env = process.env): Config {
  const port = overrides.port ?? parsePort(pick(undefined, env.PORT) ?? '4000')
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`invalid port ${port} (expected 0-65535)`)
  const host = pick(overrides.host, env.HOST) ?? '127.0.0.1'
  const apiTokens = overrides.apiTokens ??
    (pick(undefined, env.FAKE_WORKATO_API_TOKENS) ?? 'dev-token').split(',').map(t => t.trim()).filter(t => t !== '')
  if (apiTokens.length === 0) throw new ConfigError('at least one API token is required')
  const tzOffset = pick(overrides.tzOffset, env.FAKE_WORKATO_TZ_OFFSET) ?? '+00:00'
  try {
    parseOffset(tzOffset)
  } catch (err) {
    throw new ConfigError((err as Error).message)
  }
  const urlHost = host.includes(':') ? `[${host}]` : host
  const publicUrl = (pick(overrides.publicUrl, env.FAKE_WORKATO_PUBLIC_URL) ?? `http://${urlHost}:${port}`).replace(/\/+$/, '')
  try {
    const u = new URL(publicUrl)
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http(s)')
  } catch {
    throw new ConfigError(`invalid public URL "${publicUrl}"`)
  }
  const logLevel = pick(overrides.logLevel, env.LOG_LEVEL) ?? 'info'
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`invalid log level "${logLevel}" (expected one of ${LOG_LEVELS.join(', ')})`)
  const data = pick(overrides.data, env.FAKE_WORKATO_DATA)
  if (data === '') throw new ConfigError('the data file path is empty')
  const journalText = pick(undefined, env.FAKE_WORKATO_JOURNAL_SIZE)
  if (overrides.journalSize === undefined && journalText !== undefined && !/^[0-9]{1,9}$/.test(journalText)) {
    throw new ConfigError(`invalid journal size "${journalText}" (expected a whole number; 0 disables the journal)`)
  }
  const journalSize = overrides.journalSize ?? Number(journalText ?? 1000)
  if (!Number.isInteger(journalSize) || journalSize < 0) throw new ConfigError(`invalid journal size ${journalSize} (expected a whole number; 0 disables the journal)`)
  const adminToken = pick(overrides.adminToken, env.FAKE_WORKATO_ADMIN_TOKEN)
  // Otherwise one token would open both doors, and the two must stay apart.
  if (adminToken !== undefined && apiTokens.includes(adminToken)) throw new ConfigError('the admin token must differ from every API token')
  return {
    port,
    host,
    apiTokens,
    publicUrl,
    fixtures: pick(overrides.fixtures, env.FAKE_WORKATO_FIXTURES) ?? DEFAULT_FIXTURES,
    logLevel,
    tzOffset,
    profile: parseProfile(pick(overrides.profile, env.FAKE_WORKATO_PROFILE) ?? 'docs'),
    trustProxy: overrides.trustProxy ?? parseBoolean('FAKE_WORKATO_TRUST_PROXY', pick(undefined, env.FAKE_WORKATO_TRUST_PROXY) ?? 'false'),
    ...(data === undefined ? {} : { data }),
    seed: pick(overrides.seed, env.FAKE_WORKATO_SEED),
    adminToken,
    journalSize
  }
}
