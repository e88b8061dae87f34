// Bearer-token checks in constant time: every accepted token is compared, by digest, every time.
import { createHash, timingSafeEqual } from 'node:crypto'

const digest = (value: string) => createHash('sha256').update(value).digest()

/** A checker for `Authorization: Bearer <token>` against a fixed set of accepted tokens. */
export function bearerChecker (accepted: readonly string[]): (header: string | undefined) => boolean {
  const wanted = accepted.map(digest)
  return (header) => {
    if (header === undefined) return false
    const m = /^Bearer[ ]+(\S+)\s*$/i.exec(header)
    if (m === null) return false
    const got = digest(m[1])
    let ok = false
    for (const w of wanted) ok = timingSafeEqual(got, w) || ok
    return ok
  }
}

/** Compares two secrets without leaking where they differ. */
export function sameSecret (a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b))
}
