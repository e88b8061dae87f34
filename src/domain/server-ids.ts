// Live-profile server ids ("mcps-…"): a stable, URL-safe, reversible code of a server's numeric id.
import { createCipheriv, createDecipheriv } from 'node:crypto'

export const LIVE_ID_PREFIX = 'mcps-'

// Not a secret: the cipher only makes ids look like Workato's opaque ones while staying reversible,
// so a data file gives the same live ids on every run and in every fake.
const KEY = Buffer.from('fake-workato-mcp', 'utf8')
const MARKER = Buffer.from('mcps\0id\0', 'latin1')

/** `mcps-` + 22 base64url characters; the same for a server id forever. */
export function liveServerId (id: number): string {
  const block = Buffer.alloc(16)
  MARKER.copy(block, 0)
  block.writeBigUInt64BE(BigInt(id), 8)
  const cipher = createCipheriv('aes-128-ecb', KEY, null).setAutoPadding(false)
  return LIVE_ID_PREFIX + Buffer.concat([cipher.update(block), cipher.final()]).toString('base64url')
}

/** The numeric server id a live id stands for, or undefined when the text is not one. */
export function serverIdOfLiveId (text: string): number | undefined {
  if (!text.startsWith(LIVE_ID_PREFIX)) return undefined
  const code = text.slice(LIVE_ID_PREFIX.length)
  if (!/^[A-Za-z0-9_-]{22}$/.test(code)) return undefined
  const raw = Buffer.from(code, 'base64url')
  // Base64url has several spellings of the last character's unused bits: only the canonical one counts.
  if (raw.length !== 16 || raw.toString('base64url') !== code) return undefined
  const decipher = createDecipheriv('aes-128-ecb', KEY, null).setAutoPadding(false)
  const block = Buffer.concat([decipher.update(raw), decipher.final()])
  if (!block.subarray(0, 8).equals(MARKER)) return undefined
  const id = block.readBigUInt64BE(8)
  return id >= 1n && id <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(id) : undefined
}
