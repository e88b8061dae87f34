// Bearer-token checks in constant time: every accepted token is compared, by digest, every time.
import * as crypto from 'node:crypto'

// crypto.hash (Node 20.12+) is a one-shot digest at half the cost of createHash, on every request.
const oneShot = typeof crypto.hash === 'function' ? crypto.hash : undefined
const digest = (value: string): Buffer => oneShot !== undefined
  ? oneShot('sha256', value, 'buffer')
  : crypto.createHash('sha256').update(value).digest()

/** A checker for `Authorization: Bearer <token>` against a fixed set of accepted tokens. */
export function bearerChecker (accepted: readonly string[]): (header: string | undefined) => boolean {
  const wanted = accepted.map(digest)
  return (header) => {
    if (header === undefined) return false
    const m = /^Bearer[ ]+(\S+)\s*$/i.exec(header)
    if (m === null) return false
    const got = digest(m[1])
    let ok = false
    for (const w of wanted) ok = crypto.timingSafeEqual(got, w) || ok
    return ok
  }
}

/** Compares two secrets without leaking where they differ. */
export function sameSecret (a: string, b: string): boolean {
  return crypto.timingSafeEqual(digest(a), digest(b))
}
