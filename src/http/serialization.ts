// Response serializers from fast-json-stringify, compiled once per schema and shared by apps.
import fastJson from 'fast-json-stringify'
import type { FastifySerializerCompiler } from 'fastify/types/schema.js'

type Serialize = (data: unknown) => string

/**
 * Same reasoning as the validator cache: apps built from the same shared schemas share compiled
 * code. Keyed by the schema's JSON, since route plugins build small `$ref` objects afresh per app.
 */
const cacheByShared = new Map<string, Map<string, Serialize>>()

export function buildSerializerCompiler (sharedSchemas: () => Record<string, unknown>): FastifySerializerCompiler<unknown> {
  let external: Record<string, unknown> | undefined
  let cache: Map<string, Serialize> | undefined
  return ({ schema }) => {
    if (external === undefined || cache === undefined) {
      external = sharedSchemas()
      const signature = JSON.stringify(external)
      cache = cacheByShared.get(signature) ?? new Map()
      cacheByShared.set(signature, cache)
    }
    const key = JSON.stringify(schema)
    let serialize = cache.get(key)
    if (serialize === undefined) {
      // As Fastify's own compiler does: a shared schema is not also its own external reference.
      const id = (schema as { $id?: string }).$id
      let refs = external
      if (id !== undefined && id in refs) {
        refs = { ...refs }
        delete refs[id]
      }
      serialize = fastJson(schema as never, { schema: refs as never }) as Serialize
      cache.set(key, serialize)
    }
    return serialize
  }
}
