// Serialized read responses, cached per record and invalidated by any change to the world.
import type { FastifyReply } from 'fastify'

/** What Fastify itself sends with a JSON body; a cached body must be indistinguishable from a fresh one. */
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8'

export interface BodyCache<K extends object> {
  /**
   * The body for `key` in `variant` (e.g. a page and its filters) as of world `version`, made by
   * `make` when missing or older. Keys are held weakly: a deleted record, or every record of a
   * replaced world, drops its bodies with it.
   */
  get(key: K, variant: string, version: number, make: () => string): string
}

/**
 * Reads outnumber writes by far, and a world's `version` moves on every change, so a body made at
 * the current version is exactly what serializing again would give. `maxVariants` bounds the
 * bodies kept per key (query strings are client-chosen).
 */
export function createBodyCache<K extends object> (maxVariants = 32): BodyCache<K> {
  const entries = new WeakMap<K, { version: number, bodies: Map<string, string> }>()
  return {
    get (key, variant, version, make) {
      let entry = entries.get(key)
      if (entry === undefined || entry.version !== version) {
        entry = { version, bodies: new Map() }
        entries.set(key, entry)
      }
      let body = entry.bodies.get(variant)
      if (body === undefined) {
        body = make()
        if (entry.bodies.size >= maxVariants) entry.bodies.clear()
        entry.bodies.set(variant, body)
      }
      return body
    }
  }
}

/** `payload` through the route's compiled response serializer for the current status, as text. */
export function serialize (reply: FastifyReply, payload: unknown): string {
  const out = reply.serialize(payload)
  return typeof out === 'string' ? out : Buffer.from(out as ArrayBuffer).toString('utf8')
}

/** Sends a body made by `serialize` exactly as Fastify would have sent the payload itself. */
export function sendSerialized (reply: FastifyReply, body: string): FastifyReply {
  return reply.type(JSON_CONTENT_TYPE).send(body)
}
