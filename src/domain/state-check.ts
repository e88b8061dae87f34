// Checks a candidate state (fixtures, data file, snapshot) against the schema, naming the failing path.
import { FormatRegistry } from '@sinclair/typebox'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import { SCHEMA_VERSION, WorldData } from '../schemas/state.js'
import { StateError } from './world.js'

if (!FormatRegistry.Has('date-time')) {
  FormatRegistry.Set('date-time', v => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v)))
}

const check = TypeCompiler.Compile(WorldData)

/** "/managed_users/0/folders/1/id" → "managed_users[0].folders[1].id" */
function dotted (pointer: string): string {
  return pointer.split('/').slice(1).reduce((acc, part) =>
    /^\d+$/.test(part) ? `${acc}[${part}]` : acc === '' ? part : `${acc}.${part}`, '')
}

/** A version as the message shows it: an array or object is named, not printed (it may nest 100,000 deep). */
function shown (version: unknown): string {
  if (Array.isArray(version)) return 'an array'
  if (version !== null && typeof version === 'object') return 'an object'
  return JSON.stringify(version) ?? String(version)
}

/** Throws StateError naming the first problem; returns the value typed when it is valid. */
export function checkState (value: unknown): WorldData {
  if (typeof value === 'object' && value !== null && 'schema_version' in value &&
      (value as { schema_version: unknown }).schema_version !== SCHEMA_VERSION) {
    throw new StateError('schema_version', `unsupported schema version ${shown((value as { schema_version: unknown }).schema_version)} (this fake reads ${SCHEMA_VERSION})`)
  }
  if (check.Check(value)) return value
  const first = check.Errors(value).First()
  throw new StateError(dotted(first?.path ?? '') || '(root)', first?.message ?? 'invalid')
}
