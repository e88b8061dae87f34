// What every domain operation needs: the world, time, and where tokens come from.
import type { Clock } from './clock.js'
import { formatTimestamp } from './time.js'
import type { TokenGenerator } from './tokens.js'
import type { World } from './world.js'

export interface DomainContext {
  world: World
  clock: Clock
  tokens: TokenGenerator
  /** Minutes east of UTC used for every timestamp the fake writes. */
  tzOffset: number
}

export function nowStamp (ctx: DomainContext): string {
  return formatTimestamp(ctx.clock.now(), ctx.tzOffset)
}

export function newToken (ctx: DomainContext): string {
  return ctx.tokens.next(ctx.world.nextTokenPosition())
}
