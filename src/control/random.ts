// Reproducible randomness for fault probabilities and latency: seeded streams, or random ones.
import { createHash, randomBytes } from 'node:crypto'

/** Returns numbers in [0, 1). */
export type Random = () => number

/** mulberry32: tiny, fast and good enough to decide whether a fault fires. */
function mulberry32 (state: number): Random {
  return () => {
    state = (state + 0x6D2B79F5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * One independent stream per purpose ("fault:3", "latency"), so one rule's draws never shift
 * another's: parallel suites stay reproducible whatever the other suite does.
 */
export function createRandomSource (seed?: string): (purpose: string) => Random {
  return (purpose) => {
    const material = seed === undefined ? randomBytes(4) : createHash('sha256').update(`${seed}\0${purpose}`).digest()
    return mulberry32(material.readUInt32LE(0))
  }
}
