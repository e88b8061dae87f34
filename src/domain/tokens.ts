// MCP server tokens: 192 random bits, or a reproducible sequence when a seed is set.
import { createHmac, randomBytes } from 'node:crypto'

export interface TokenGenerator {
  /** `position` is how many tokens were generated before; seeded generators derive from it. */
  next(position: number): string
}

export function createTokenGenerator (seed?: string): TokenGenerator {
  if (seed === undefined) return { next: () => randomBytes(24).toString('base64url') }
  return {
    next: (position) => createHmac('sha256', seed).update(String(position)).digest('base64url').slice(0, 32)
  }
}
