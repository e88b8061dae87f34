// A typed $ref to a schema registered with app.addSchema (TypeBox 0.34 wants refs by id).
import { Type, type Static, type TSchema } from '@sinclair/typebox'

export function ref<T extends TSchema> (schema: T) {
  if (schema.$id === undefined) throw new Error('ref() needs a schema with an $id')
  return Type.Unsafe<Static<T>>(Type.Ref(schema.$id))
}
