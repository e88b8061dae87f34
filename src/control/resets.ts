// Reset listeners: subsystems with their own state (e.g. MCP policy counters) clear it on reset.
export type ResetScope =
  | { scope: 'world' }
  | {
    scope: 'managed_user'
    managed_user_id: number
    /** The managed user's servers before and after the reset. */
    server_ids: number[]
    handles: string[]
  }

export type ResetListener = (scope: ResetScope) => void

export interface ResetRegistry {
  /** Registers a listener; called synchronously after the world has been restored. */
  onReset(listener: ResetListener): void
  run(scope: ResetScope): void
}

export function createResetRegistry (): ResetRegistry {
  const listeners: ResetListener[] = []
  return {
    onReset: (listener) => { listeners.push(listener) },
    run: (scope) => { for (const l of listeners) l(scope) }
  }
}
