// The request journal: a bounded ring buffer of what /api and /mcp were asked and answered.
export interface JournalEntry {
  id: number
  /** Real wall-clock time, even while the controllable clock is frozen. */
  time: string
  method: string
  path: string
  query: Record<string, string | string[]>
  managed_user_id: number | null
  headers: Record<string, string | string[]>
  body: unknown
  /** null when the connection was dropped before a response was sent. */
  status: number | null
  response_body: unknown
  /** True when a body was longer than the journal keeps and was cut. */
  truncated: boolean
  duration_ms: number
  /** The id of the fault rule that shaped this response, if any. */
  fault: number | null
}

export interface JournalFilter {
  method?: string
  path?: string
  managed_user_id?: number
  status?: number
  since?: number
  limit?: number
}

/**
 * What the ring holds: the fields filters look at, plus the entry, built only when someone reads it
 * (most recorded requests are never read, so recording stays a few field writes).
 */
export interface Recorded {
  /** Set by the journal when the record is added. */
  id: number
  readonly method: string
  readonly path: string
  readonly managedUserId: number | null
  readonly status: number | null
  entry(): JournalEntry
}

export interface Journal {
  readonly capacity: number
  /** Entries currently held (never more than capacity). */
  readonly length: number
  /**
   * Stores an entry under the next id. Ids are given at completion, so the ring stays in id order,
   * and they keep rising across clears, so `since` stays meaningful.
   */
  add(record: Recorded): void
  /** Newest first; `count` is how many entries match before `limit` applies. */
  list(filter: JournalFilter): { data: JournalEntry[], count: number }
  clear(managedUserId?: number): void
}

export function createJournal (capacity: number): Journal {
  // A fixed array reused in place: memory stays bounded however many requests arrive.
  const ring: Array<Recorded | undefined> = new Array(capacity)
  let start = 0
  let length = 0
  let lastId = 0

  function * newestFirst (): Generator<Recorded> {
    for (let i = length - 1; i >= 0; i--) yield ring[(start + i) % capacity]!
  }

  return {
    capacity,
    get length () { return length },
    add (record) {
      if (capacity === 0) return
      record.id = ++lastId
      if (length < capacity) {
        ring[(start + length) % capacity] = record
        length++
      } else {
        ring[start] = record
        start = (start + 1) % capacity
      }
    },
    list (filter) {
      const method = filter.method?.toUpperCase()
      const data: JournalEntry[] = []
      let count = 0
      for (const e of newestFirst()) {
        // Ids rise with time, so nothing older can match once we pass `since`.
        if (filter.since !== undefined && e.id <= filter.since) break
        if (method !== undefined && e.method !== method) continue
        if (filter.path !== undefined && !e.path.startsWith(filter.path)) continue
        if (filter.managed_user_id !== undefined && e.managedUserId !== filter.managed_user_id) continue
        if (filter.status !== undefined && e.status !== filter.status) continue
        count++
        if (filter.limit === undefined || data.length < filter.limit) data.push(e.entry())
      }
      return { data, count }
    },
    clear (managedUserId) {
      if (managedUserId === undefined) {
        ring.fill(undefined)
        start = 0
        length = 0
        return
      }
      const keep = [...newestFirst()].reverse().filter(e => e.managedUserId !== managedUserId)
      ring.fill(undefined)
      keep.forEach((e, i) => { ring[i] = e })
      start = 0
      length = keep.length
    }
  }
}
