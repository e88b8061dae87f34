// /__admin/faults and /__admin/latency: injected errors, delays and dropped connections.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { errorResponses } from '../../schemas/common.js'
import { FaultBody, FaultList, FaultParams, FaultRule, Latency, LatencyBody } from '../../schemas/admin.js'
import { fieldError, NotFound } from '../../domain/errors.js'
import type { FaultInput } from '../../control/faults.js'
import { FAULT_HEADER } from '../../control/traffic.js'
import type { AdminDeps } from '../../http/admin-deps.js'

const tags = ['control']

export const faultRoutes: FastifyPluginAsyncTypebox<AdminDeps> = async (app, { faults, control }) => {
  app.post('/faults', {
    schema: {
      operationId: 'adminAddFault',
      summary: 'Add a fault rule',
      description: 'Shapes matching /api and /mcp requests: answer `status` with a Workato-style body (or `body`), and/or ' +
        'wait `delay_ms` first, or `drop` the connection. Matches on `path` (exact, or a glob: `*` within one segment, ' +
        '`**` across), and optionally `method` and `managed_user_id`. Fires `times` times, or with `probability` ' +
        '(seeded, reproducible), or always. Rules are tried in creation order; the first that fires applies. Faulted ' +
        `responses carry the header \`${FAULT_HEADER}: <rule id>\`.`,
      tags,
      body: FaultBody,
      response: { 201: FaultRule, ...errorResponses(400, 401, 413, 415, 422) }
    }
  }, async (req, reply) => {
    const b = req.body
    if (b.status === undefined && b.delay_ms === undefined && b.drop !== true) {
      throw fieldError(400, 'status', 'is required unless delay_ms or drop is given (a rule must do something)')
    }
    if (b.drop === true && b.status !== undefined) throw fieldError(400, 'drop', 'cannot be combined with status (a dropped connection has no status)')
    if (b.body !== undefined && b.status === undefined) throw fieldError(400, 'body', 'needs a status to be sent with')
    const input: FaultInput = { ...b, managed_user_id: undefined }
    if (b.managed_user_id !== undefined) {
      const ws = control.workspaces().find(w => typeof b.managed_user_id === 'number'
        ? w.record.id === b.managed_user_id
        : b.managed_user_id === String(w.record.id) || (w.record.external_id !== null && b.managed_user_id === `E${w.record.external_id}`))
      if (ws === undefined) throw fieldError(422, 'managed_user_id', `managed user ${JSON.stringify(b.managed_user_id)} does not exist`)
      input.managed_user_id = ws.record.id
    }
    for (const k of Object.keys(input) as Array<keyof FaultInput>) if (input[k] === undefined) delete input[k]
    return reply.code(201).send(faults.add(input))
  })

  app.get('/faults', {
    schema: {
      operationId: 'adminListFaults',
      summary: 'List fault rules',
      description: 'Every fault rule in creation order, with `fired`: how many requests it has shaped. Rules that used up ' +
        'their `times` stay listed.',
      tags,
      response: { 200: FaultList, ...errorResponses(401) }
    }
  }, async () => {
    const data = faults.list()
    return { data, count: data.length }
  })

  app.get('/faults/:id', {
    schema: {
      operationId: 'adminGetFault',
      summary: 'Get a fault rule',
      description: 'One fault rule with its `fired` count.',
      tags,
      params: FaultParams,
      response: { 200: FaultRule, ...errorResponses(400, 401, 404) }
    }
  }, async (req) => {
    const rule = faults.get(req.params.id)
    if (rule === undefined) throw new NotFound()
    return rule
  })

  app.delete('/faults', {
    schema: {
      operationId: 'adminClearFaults',
      summary: 'Remove every fault rule',
      description: 'Removes every fault rule. The latency setting is separate and stays.',
      tags,
      response: { 204: Type.Null({ description: 'No Content' }), ...errorResponses(401) }
    }
  }, async (_req, reply) => {
    faults.clear()
    return reply.code(204).send(null)
  })

  app.delete('/faults/:id', {
    schema: {
      operationId: 'adminDeleteFault',
      summary: 'Remove a fault rule',
      description: 'Removes one fault rule.',
      tags,
      params: FaultParams,
      response: { 204: Type.Null({ description: 'No Content' }), ...errorResponses(400, 401, 404) }
    }
  }, async (req, reply) => {
    if (!faults.remove(req.params.id)) throw new NotFound()
    return reply.code(204).send(null)
  })

  app.get('/latency', {
    schema: {
      operationId: 'adminGetLatency',
      summary: 'Get the global latency',
      description: 'Extra delay added to every /api and /mcp request.',
      tags,
      response: { 200: Latency, ...errorResponses(401) }
    }
  }, async () => faults.latency())

  app.put('/latency', {
    schema: {
      operationId: 'adminSetLatency',
      summary: 'Set the global latency',
      description: '`{"ms": n}` adds a fixed delay to every /api and /mcp request (0 turns it off); `{"min_ms": a, "max_ms": b}` ' +
        'a uniform random one (seeded, reproducible). A full reset turns it off.',
      tags,
      body: LatencyBody,
      response: { 200: Latency, ...errorResponses(400, 401, 413, 415) }
    }
  }, async (req) => {
    const { ms, min_ms: min, max_ms: max } = req.body
    if (ms !== undefined) {
      if (min !== undefined || max !== undefined) throw fieldError(400, 'ms', 'cannot be combined with min_ms/max_ms')
      faults.setLatency({ min_ms: ms, max_ms: ms })
    } else {
      if (min === undefined || max === undefined) throw fieldError(400, 'ms', 'is required (or both min_ms and max_ms)')
      if (min > max) throw fieldError(400, 'max_ms', 'must be at least min_ms')
      faults.setLatency({ min_ms: min, max_ms: max })
    }
    return faults.latency()
  })
}
