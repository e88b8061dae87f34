// A controllable clock: real time by default, frozen or advanced by the control API.
export interface Clock {
  now(): number
}

export interface ClockState {
  mode: 'real' | 'frozen' | 'offset'
  now: string
  offset_ms: number
}

export interface ControllableClock extends Clock {
  freeze(at: number): void
  advance(ms: number): void
  real(): void
  state(): ClockState
}

/** `base` is the time source (Date.now unless a test injects one). */
export function createClock (base: () => number = Date.now): ControllableClock {
  let frozen: number | null = null
  let offset = 0
  return {
    now: () => frozen ?? base() + offset,
    freeze (at) { frozen = at; offset = 0 },
    advance (ms) {
      if (frozen !== null) frozen += ms
      else offset += ms
    },
    real () { frozen = null; offset = 0 },
    state () {
      const now = frozen ?? base() + offset
      return {
        mode: frozen !== null ? 'frozen' : offset !== 0 ? 'offset' : 'real',
        now: new Date(now).toISOString(),
        offset_ms: frozen !== null ? 0 : offset
      }
    }
  }
}
