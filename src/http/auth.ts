// Bearer-token checks in constant time: every accepted token is compared, by digest, every time.
import * as crypto from 'node:crypto'

// crypto.hash (Node 20.12+) is a one-shot digest at half the cost of createHash, on every request.
const oneShot = typeof crypto.hash === 'function' ? crypto.hash : undefined
const digest = (value: string): Buffer => oneShot !== undefined
  ? oneShot('sha256', value, 'buffer')
  : crypto.createHash('sha256').update(value).digest()

/** How many presented headers' digests are remembered (cleared when full, so junk cannot grow it). */
const REMEMBERED = 64

/** A checker for `Authorization: Bearer <token>` against a fixed set of accepted tokens. */
export function bearerChecker (accepted: readonly string[]): (header: string | undefined) => boolean {
  const wanted = accepted.map(digest)
  // Hashing was most of the cost of a check, and a client sends the same header on every request.
  // Only the digest is remembered: every check still compares digests in constant time.
  const seen = new Map<string, Buffer | null>()
  const digestOf = (header: string): Buffer | null => {
    let got = seen.get(header)
    if (got !== undefined) return got
    const m = /^Bearer[ ]+(\S+)\s*$/i.exec(header)
    got = m === null ? null : digest(m[1])
    if (seen.size >= REMEMBERED) seen.clear()
    seen.set(header, got)
    return got
  }
  return (header) => {
    if (header === undefined) return false
    const got = digestOf(header)
    if (got === null) return false
    let ok = false
    for (const w of wanted) ok = crypto.timingSafeEqual(got, w) || ok
    return ok
  }
}

/** Compares two secrets without leaking where they differ. */
export function sameSecret (a: string, b: string): boolean {
  return crypto.timingSafeEqual(digest(a), digest(b))
}
