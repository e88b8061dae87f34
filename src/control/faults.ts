// Fault rules and global latency: what to break, for which requests, how often, reproducibly.
import type { Random } from './random.js'

export interface FaultInput {
  method?: string
  path: string
  managed_user_id?: number
  status?: number
  body?: unknown
  delay_ms?: number
  drop?: boolean
  times?: number
  probability?: number
}

export interface FaultRule extends FaultInput {
  id: number
  /** How many requests this rule has shaped so far. */
  fired: number
}

export interface Latency {
  min_ms: number
  max_ms: number
}

export interface Faults {
  add(input: FaultInput): FaultRule
  list(): FaultRule[]
  get(id: number): FaultRule | undefined
  remove(id: number): boolean
  /** Removes every rule, or only the rules scoped to one managed user. */
  clear(managedUserId?: number): void
  /** The first rule that matches and decides to fire; it is counted as fired. */
  pick(method: string, path: string, managedUserId: number | null): FaultRule | undefined
  latency(): Latency
  setLatency(latency: Latency): void
  /** Extra delay for one request under the global latency setting. */
  drawLatency(): number
  /** Back to the start: no rules, ids from 1, no latency, random streams restarted. */
  reset(): void
}

/** `*` matches within one path segment, `**` across segments; everything else is literal. */
export function globToRegExp (glob: string): RegExp {
  let out = ''
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]
    if (c === '*') {
      if (glob[i + 1] === '*') {
        out += '.*'
        i++
      } else {
        out += '[^/]*'
      }
    } else {
      out += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&')
    }
  }
  return new RegExp(`^${out}$`)
}

interface Armed {
  rule: FaultRule
  matches: RegExp
  random: Random
}

export function createFaults (random: (purpose: string) => Random): Faults {
  let rules: Armed[] = []
  let lastId = 0
  let latency: Latency = { min_ms: 0, max_ms: 0 }
  let latencyRandom = random('latency')

  const copy = (r: FaultRule): FaultRule => structuredClone(r)

  return {
    add (input) {
      const rule: FaultRule = { id: ++lastId, ...structuredClone(input), fired: 0 }
      if (rule.method !== undefined) rule.method = rule.method.toUpperCase()
      rules.push({ rule, matches: globToRegExp(rule.path), random: random(`fault:${rule.id}`) })
      return copy(rule)
    },
    list: () => rules.map(a => copy(a.rule)),
    get (id) {
      const hit = rules.find(a => a.rule.id === id)
      return hit === undefined ? undefined : copy(hit.rule)
    },
    remove (id) {
      const before = rules.length
      rules = rules.filter(a => a.rule.id !== id)
      return rules.length < before
    },
    clear (managedUserId) {
      rules = managedUserId === undefined ? [] : rules.filter(a => a.rule.managed_user_id !== managedUserId)
    },
    pick (method, path, managedUserId) {
      for (const a of rules) {
        const r = a.rule
        if (r.times !== undefined && r.fired >= r.times) continue
        if (r.method !== undefined && r.method !== method) continue
        if (r.managed_user_id !== undefined && r.managed_user_id !== managedUserId) continue
        if (!a.matches.test(path)) continue
        // Drawn only for matching requests, so the sequence depends on this rule's traffic alone.
        if (r.probability !== undefined && a.random() >= r.probability) continue
        r.fired++
        return copy(r)
      }
      return undefined
    },
    latency: () => ({ ...latency }),
    setLatency (l) { latency = { ...l } },
    drawLatency () {
      if (latency.max_ms === 0) return 0
      if (latency.min_ms === latency.max_ms) return latency.min_ms
      return latency.min_ms + Math.floor(latencyRandom() * (latency.max_ms - latency.min_ms + 1))
    },
    reset () {
      rules = []
      lastId = 0
      latency = { min_ms: 0, max_ms: 0 }
      latencyRandom = random('latency')
    }
  }
}
