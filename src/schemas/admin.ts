// Schemas of the test-control API under /__admin (tag "control").
import { Type, type Static } from '@sinclair/typebox'

const Ref = Type.Union([
  Type.Integer({ minimum: 1 }),
  Type.String({ minLength: 1, description: 'Account id ("91829") or E + external id ("EA2300").' })
], { description: 'Managed user: account id, or "E" + external id.' })

export const ResetBody = Type.Object({
  managed_user_id: Type.Optional(Ref)
}, { description: 'Empty (or no body) resets the whole fake; `managed_user_id` resets one managed user.' })
export type ResetBody = Static<typeof ResetBody>

export const ResetResult = Type.Object({
  reset: Type.Union([Type.Literal('world'), Type.Literal('managed_user')]),
  managed_user_id: Type.Union([Type.Integer(), Type.Null()])
})

export const CreateManagedUserBody = Type.Object({
  id: Type.Optional(Type.Integer({ minimum: 1, description: 'Account id; the next free id when omitted.' })),
  external_id: Type.Optional(Type.Union([Type.String({ minLength: 1 }), Type.Null()], { description: 'External id; none when omitted.' })),
  name: Type.Optional(Type.String({ minLength: 1, description: 'Defaults to "Managed user <id>".' })),
  servers: Type.Optional(Type.Boolean({ default: false, description: "Also copy the template's MCP servers, with fresh ids, handles and tokens." })),
  template: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.String({ minLength: 1 })], {
    description: 'The fixtures managed user to copy (account id or E + external id). Defaults to the first one.'
  }))
})
export type CreateManagedUserBody = Static<typeof CreateManagedUserBody>

export const ManagedUserInfo = Type.Object({
  id: Type.Integer(),
  external_id: Type.Union([Type.String(), Type.Null()]),
  name: Type.String(),
  projects: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })),
  folders: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), project_id: Type.Integer() })),
  api_collections: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), project_id: Type.Integer() })),
  user_groups: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  catalog: Type.Array(Type.Object({
    trigger_application: Type.String(),
    id: Type.Union([Type.Integer(), Type.String()]),
    name: Type.String()
  }), { description: 'Tools this managed user can assign.' }),
  mcp_servers: Type.Array(Type.Object({
    id: Type.Integer(),
    handle: Type.String(),
    name: Type.String(),
    auth_type: Type.String(),
    mcp_url: Type.String()
  }))
}, { description: 'A managed user (workspace) and what it holds.' })
export type ManagedUserInfo = Static<typeof ManagedUserInfo>

export const ManagedUserList = Type.Object({
  data: Type.Array(ManagedUserInfo),
  count: Type.Integer()
})

export const ManagedUserRefParams = Type.Object({
  managed_user_id: Type.String({ description: 'Account id or E + URL-encoded external id.' })
})

const Headers = Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String())]))

export const JournalEntry = Type.Object({
  id: Type.Integer({ description: 'Monotonic entry id (keeps rising across clears).' }),
  time: Type.String({ description: 'Real wall-clock time the request arrived (ISO 8601, UTC), even with a frozen clock.' }),
  method: Type.String(),
  path: Type.String({ description: 'Path without the query string.' }),
  query: Headers,
  managed_user_id: Type.Union([Type.Integer(), Type.Null()], { description: 'Account id the request addressed (resolved on arrival), or null.' }),
  headers: Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String())]), { description: 'Request headers; Authorization and cookies redacted.' }),
  body: Type.Unknown({ description: 'Request body (tokens redacted), or null.' }),
  status: Type.Union([Type.Integer(), Type.Null()], { description: 'null when the connection was dropped.' }),
  response_body: Type.Unknown({ description: 'Response body (tokens redacted), or null.' }),
  truncated: Type.Boolean({ description: 'A body was longer than 64 KiB and is kept cut, as a string.' }),
  duration_ms: Type.Number(),
  fault: Type.Union([Type.Integer(), Type.Null()], { description: 'Id of the fault rule that shaped the response.' })
})

export const JournalQuery = Type.Object({
  method: Type.Optional(Type.String({ description: 'HTTP method (any case).' })),
  path: Type.Optional(Type.String({ description: 'Path prefix, e.g. /api/managed_users/91829.' })),
  managed_user_id: Type.Optional(Type.String({ description: 'Account id or E + external id.' })),
  status: Type.Optional(Type.Integer({ minimum: 100, maximum: 599, description: 'Response status, e.g. 404.' })),
  since: Type.Optional(Type.Integer({ minimum: 0, description: 'Only entries with a larger id.' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, description: 'At most this many entries (newest first).' }))
})
export type JournalQuery = Static<typeof JournalQuery>

export const JournalList = Type.Object({
  data: Type.Array(JournalEntry, { description: 'Newest first.' }),
  count: Type.Integer({ description: 'Entries matching the filters (before limit).' })
})

export const FaultBody = Type.Object({
  method: Type.Optional(Type.String({ minLength: 1, description: 'Match this HTTP method only.' })),
  path: Type.String({
    pattern: '^/',
    description: 'Exact path, or a glob: `*` matches within one segment, `**` across segments (e.g. /api/managed_users/*/mcp_servers/**).'
  }),
  managed_user_id: Type.Optional(Ref),
  status: Type.Optional(Type.Integer({ minimum: 200, maximum: 599, description: 'Answer with this status instead of the real response.' })),
  body: Type.Optional(Type.Unknown({ description: 'Body to answer with (a string is sent as text/plain). Default: Workato-style {"message": …}.' })),
  delay_ms: Type.Optional(Type.Integer({ minimum: 0, maximum: 600000, description: 'Wait this long first.' })),
  drop: Type.Optional(Type.Boolean({ description: 'Destroy the connection without answering.' })),
  times: Type.Optional(Type.Integer({ minimum: 1, description: 'Fire this many times, then stop.' })),
  probability: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'Fire with this probability (seeded: reproducible with --seed).' }))
})
export type FaultBody = Static<typeof FaultBody>

export const FaultRule = Type.Object({
  id: Type.Integer(),
  method: Type.Optional(Type.String()),
  path: Type.String(),
  managed_user_id: Type.Optional(Type.Integer()),
  status: Type.Optional(Type.Integer()),
  body: Type.Optional(Type.Unknown()),
  delay_ms: Type.Optional(Type.Integer()),
  drop: Type.Optional(Type.Boolean()),
  times: Type.Optional(Type.Integer()),
  probability: Type.Optional(Type.Number()),
  fired: Type.Integer({ description: 'How many requests this rule has shaped.' })
})

export const FaultList = Type.Object({ data: Type.Array(FaultRule), count: Type.Integer() })

export const FaultParams = Type.Object({ id: Type.Integer({ minimum: 1, description: 'Fault rule id.' }) })

export const LatencyBody = Type.Object({
  ms: Type.Optional(Type.Integer({ minimum: 0, maximum: 600000, description: 'Fixed extra delay; 0 turns latency off.' })),
  min_ms: Type.Optional(Type.Integer({ minimum: 0, maximum: 600000 })),
  max_ms: Type.Optional(Type.Integer({ minimum: 0, maximum: 600000 }))
}, { description: 'Either `ms`, or `min_ms` and `max_ms` for a uniform range.' })
export type LatencyBody = Static<typeof LatencyBody>

export const Latency = Type.Object({
  min_ms: Type.Integer(),
  max_ms: Type.Integer()
}, { description: 'Extra delay added to every /api and /mcp request; equal bounds mean fixed, 0 means off.' })

export const ClockBody = Type.Object({
  frozen_at: Type.Optional(Type.String({ description: 'Freeze time at this ISO 8601 instant.' })),
  advance_ms: Type.Optional(Type.Integer({ minimum: 0, description: 'Move time forward (frozen or not).' })),
  real: Type.Optional(Type.Literal(true, { description: 'Back to real time.' }))
}, { description: 'Exactly one of frozen_at, advance_ms, real.' })
export type ClockBody = Static<typeof ClockBody>

export const ClockState = Type.Object({
  mode: Type.Union([Type.Literal('real'), Type.Literal('frozen'), Type.Literal('offset')]),
  now: Type.String({ description: 'The clock\'s current time (ISO 8601, UTC).' }),
  offset_ms: Type.Integer({ description: 'How far ahead of real time the clock runs (when not frozen).' })
})
