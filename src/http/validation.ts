// Request validation: bodies are never coerced (a wrong type is a 400); query and path are parsed.
import { Ajv, type ErrorObject, type Options } from 'ajv'
import type { FastifySchemaCompiler } from 'fastify'
import { BadRequest, type FieldErrors } from '../domain/errors.js'

const common: Options = {
  useDefaults: true,
  removeAdditional: false,
  allErrors: true,
  verbose: true,
  strict: false,
  // `strict: false` also lets Infinity and NaN pass as numbers: 1e400 in a body, "Infinity" in a query.
  strictNumbers: true
}

/**
 * Fastify's default Ajv coerces every part ("42" → 42) and strips unknown properties; we want
 * coercion for query strings and path parameters only.
 */
export function buildValidatorCompiler (sharedSchemas: () => Record<string, unknown>): FastifySchemaCompiler<unknown> {
  let compilers: Compilers | undefined
  return ({ schema, httpPart }) => {
    // Looked up on first use: by then every shared schema has been added to the app.
    compilers ??= compilersFor(sharedSchemas())
    const part = httpPart === 'body' ? 'body' : 'other'
    const key = schema as object
    let compiled = compilers.cache.get(key)
    if (compiled === undefined) compilers.cache.set(key, compiled = {})
    if (part === 'body') return (compiled.body ??= compilers.body.compile(key))
    return (compiled.other ??= finiteOnly(compilers.other.compile(key)))
  }
}

interface Compilers {
  body: Ajv
  other: Ajv
  cache: WeakMap<object, { body?: Validate, other?: ReturnType<typeof finiteOnly> }>
}

/**
 * Compiling schemas is most of what building an app costs, and every app built in one process
 * (a test suite builds hundreds) uses the same schema objects. Compiled validators are pure, so
 * they are shared between apps whose shared schemas are identical.
 */
const compilersByShared = new Map<string, Compilers>()

function compilersFor (shared: Record<string, unknown>): Compilers {
  const signature = JSON.stringify(shared)
  let compilers = compilersByShared.get(signature)
  if (compilers === undefined) {
    compilers = {
      body: new Ajv({ ...common, coerceTypes: false }),
      other: new Ajv({ ...common, coerceTypes: true }),
      cache: new WeakMap()
    }
    for (const schema of Object.values(shared)) {
      compilers.body.addSchema(schema as object)
      compilers.other.addSchema(schema as object)
    }
    compilersByShared.set(signature, compilers)
  }
  return compilers
}

type Validate = ReturnType<Ajv['compile']>

/**
 * Ajv's coercion turns "Infinity" or "1e400" into a number without checking it is finite (nor
 * re-checking `maximum`); such a value would then reach a response and fail to serialize (500).
 */
function finiteOnly (validate: Validate) {
  const wrapped = Object.assign((data: unknown, ctx?: object) => {
    wrapped.errors = null
    if (!validate(data, ctx as never)) {
      wrapped.errors = validate.errors
      return false
    }
    if (data === null || typeof data !== 'object') return true
    const bad = Object.entries(data).filter(([, v]) => typeof v === 'number' && !Number.isFinite(v))
    if (bad.length === 0) return true
    wrapped.errors = bad.map(([k]) => ({
      keyword: 'type', instancePath: `/${k}`, schemaPath: '#', params: {}, message: 'must be a finite number'
    } as ErrorObject))
    return false
  }, { schemaEnv: validate.schemaEnv, errors: null as Validate['errors'] })
  return wrapped
}

/** "/tools/0/id" → "tools[0].id" */
function fieldName (pointer: string, child?: string): string {
  const parts = pointer.split('/').slice(1)
  if (child !== undefined) parts.push(child)
  return parts.reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc === '' ? p : `${acc}.${p}`), '')
}

function describe (e: ErrorObject): { field: string, problem: string } {
  switch (e.keyword) {
    case 'required':
      return { field: fieldName(e.instancePath, String(e.params.missingProperty)), problem: 'is required' }
    case 'additionalProperties':
      return { field: fieldName(e.instancePath, String(e.params.additionalProperty)), problem: 'is not allowed' }
    case 'enum':
      return { field: fieldName(e.instancePath), problem: `must be one of: ${(e.params.allowedValues as unknown[]).join(', ')}` }
    case 'anyOf': {
      const types = (e.schema as Array<{ type?: string }>).map(s => s.type ?? 'value')
      return { field: fieldName(e.instancePath), problem: `must be ${types.join(' or ')}` }
    }
    case 'pattern':
    case 'minLength':
      if (e.keyword === 'pattern' ? e.params.pattern === '\\S' : e.params.limit === 1) {
        return { field: fieldName(e.instancePath), problem: "can't be blank" }
      }
      return { field: fieldName(e.instancePath), problem: e.message ?? 'is invalid' }
    default:
      return { field: fieldName(e.instancePath), problem: e.message ?? 'is invalid' }
  }
}

const MAX_REPORTED = 10

/** Turns Ajv errors into Workato's `{message, errors: {field: [...]}}`. */
export function validationError (errors: ErrorObject[], context: string): BadRequest {
  const out: FieldErrors = {}
  // An anyOf failure explains itself; drop its branches' separate complaints about the same field.
  const anyOfPaths = new Set(errors.filter(e => e.keyword === 'anyOf').map(e => e.instancePath))
  for (const e of errors) {
    if (e.keyword !== 'anyOf' && anyOfPaths.has(e.instancePath)) continue
    const { field, problem } = describe(e)
    const key = field === '' ? context : field
    const list = out[key] ?? (out[key] = [])
    if (!list.includes(problem)) list.push(problem)
    if (Object.keys(out).length >= MAX_REPORTED) break
  }
  const summary = Object.entries(out).map(([f, p]) => `${f} ${p.join(', ')}`).join('; ')
  return new BadRequest(`Validation failed: ${summary}`, out)
}
