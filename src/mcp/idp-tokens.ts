// Workato Identity stand-in: Bearer tokens for named users in user groups, issued by the control API.
import { createHash, randomBytes } from 'node:crypto'
import type { Clock } from '../domain/clock.js'

export interface IdpUser {
  user: string
  group_ids: string[]
  /** When set, the token is valid only on servers of this managed user (account id). */
  managed_user_id: number | null
  issued_at: number
  /** Epoch ms, or null for a token that never expires. */
  expires_at: number | null
}

export interface IssueInput {
  user: string
  group_ids: string[]
  managed_user_id?: number | null
  /** Seconds from now on the app's clock. */
  expires_in?: number
  /** A caller-chosen token, for reproducible tests; otherwise a random one. */
  token?: string
}

export interface IdpTokens {
  issue(input: IssueInput): { token: string } & IdpUser
  /** The user a token belongs to, whether or not it has expired. */
  find(token: string): IdpUser | undefined
  expired(user: IdpUser): boolean
  revokeAll(): number
  reset(): void
}

/** Tokens are kept by digest: lookups never compare the secret itself, byte by byte. */
const digest = (token: string) => createHash('sha256').update(token).digest('base64url')

export function createIdpTokens (clock: Clock): IdpTokens {
  let users = new Map<string, IdpUser>()
  return {
    issue (input) {
      const token = input.token ?? `idp_${randomBytes(24).toString('base64url')}`
      const now = clock.now()
      const user: IdpUser = {
        user: input.user,
        group_ids: [...new Set(input.group_ids)],
        managed_user_id: input.managed_user_id ?? null,
        issued_at: now,
        expires_at: input.expires_in === undefined ? null : now + input.expires_in * 1000
      }
      // Issuing a known token again re-binds it: tests move a user between groups that way too.
      users.set(digest(token), user)
      return { token, ...user, group_ids: [...user.group_ids] }
    },
    find (token) {
      return users.get(digest(token))
    },
    expired (user) {
      return user.expires_at !== null && clock.now() >= user.expires_at
    },
    revokeAll () {
      const n = users.size
      users = new Map()
      return n
    },
    reset () {
      users = new Map()
    }
  }
}
