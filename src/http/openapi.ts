// The OpenAPI 3.1 document, generated from the route schemas; served at /openapi.json, /openapi.yaml and /docs.
import { readFileSync } from 'node:fs'
import swagger, { type FastifyDynamicSwaggerOptions } from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance, FastifySchema } from 'fastify'
import { stringify } from 'yaml'
import { addSamples } from './openapi-samples.js'
import type { Profile } from '../config.js'

export const WORKATO_URL = 'https://www.workato.com'
/** Routes outside /api are the fake's own: the control API and the MCP endpoint. */
export const CONTROL_PREFIX = '/__admin'
export const MCP_PREFIX = '/mcp'

export interface OpenApiOptions {
  /** The running fake's public URL: the first entry of `servers`. */
  publicUrl: string
  /** The wire profile the document describes (one document per profile). */
  profile?: Profile
}

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }

const DESCRIPTION = `A high-fidelity, stateful fake of the Workato Embedded API for MCP servers.

This document is generated from the same TypeBox schemas that validate requests and shape responses,
so it cannot drift from what the fake does; the test suite also checks every response it receives
against it.

* **Auth:** every \`/api\` operation needs \`Authorization: Bearer <api token>\` (the fake accepts
  \`dev-token\` unless \`FAKE_WORKATO_API_TOKENS\` says otherwise).
* **Errors:** \`{"message": "…"}\`; validation failures add \`"errors": {"<field>": ["…"]}\`.
* **Pagination:** \`page\` (from 1) and \`per_page\`; \`count\` is the total number of matching items.
  A \`per_page\` above the documented maximum is clamped to it by the fake.
* **Tags \`control\` and \`mcp\`** (where present): the fake's own control API and MCP endpoint, not part
  of Workato's REST API. Leave them out when generating a Workato client (they are marked \`x-fake-only\`).`

const TAGS = [
  { name: 'MCP servers', description: 'Create, read, update, move and delete MCP servers; rotate their tokens; assign tools and user groups.' },
  { name: 'Tools', description: 'Tools assigned to an MCP server.' },
  { name: 'Server policies', description: 'Rate limits, quotas and IP allow/deny lists of an MCP server.' },
  { name: 'User groups', description: 'Identity provider user groups, for servers with `workato_idp` authentication.' },
  {
    name: 'control',
    description: 'The fake\'s control API (reset, snapshots, clock, faults, request journal). Fake-only: not part of Workato.',
    'x-fake-only': true
  },
  {
    name: 'mcp',
    description: 'The live MCP endpoint at every server\'s `mcp_url` (Streamable HTTP, JSON-RPC). Not part of Workato\'s REST API.',
    'x-fake-only': true
  }
]

type AnySchema = Record<string, unknown>

/**
 * The per_page maxima live in the route schemas as `x-maximum` so Ajv does not refuse larger values
 * (the fake clamps them, a fidelity note); the document states them as `maximum`, as the spec does.
 */
function documentMaxima (querystring: unknown): unknown {
  const qs = querystring as AnySchema | undefined
  const props = qs?.properties as Record<string, AnySchema> | undefined
  if (props === undefined) return querystring
  const out: Record<string, AnySchema> = {}
  for (const [name, prop] of Object.entries(props)) {
    if (typeof prop['x-maximum'] === 'number') {
      const { 'x-maximum': max, ...rest } = prop
      out[name] = { ...rest, maximum: max }
    } else {
      out[name] = prop
    }
  }
  return { ...qs, properties: out }
}

/** Route-level rules: /api needs the bearer token; the fake's own routes get their tag and mark. */
function transform ({ schema, url }: { schema: FastifySchema, url: string }): { schema: FastifySchema, url: string } {
  const s: AnySchema = { ...(schema ?? {}) }
  const tags = s.tags as string[] | undefined
  if (url.startsWith('/api/')) {
    s.security ??= [{ bearerAuth: [] }]
  } else if (url.startsWith(CONTROL_PREFIX) || url.startsWith(`${MCP_PREFIX}/`)) {
    if (tags === undefined || tags.length === 0) s.tags = [url.startsWith(CONTROL_PREFIX) ? 'control' : 'mcp']
    s['x-fake-only'] = true
  }
  if (s.querystring !== undefined) s.querystring = documentMaxima(s.querystring)
  return { schema: s as FastifySchema, url }
}

/** The control and mcp tags are declared here for routes other plugins add; unused, they would show as empty sections. */
function withoutUnusedTags (doc: AnySchema): AnySchema {
  const used = new Set<string>()
  for (const item of Object.values((doc.paths ?? {}) as Record<string, Record<string, AnySchema>>)) {
    for (const op of Object.values(item)) for (const tag of (op.tags ?? []) as string[]) used.add(tag)
  }
  doc.tags = ((doc.tags ?? []) as AnySchema[]).filter(tag => used.has(tag.name as string))
  return doc
}

/** fastify-swagger lists query parameters before path ones; readers expect the path first. */
function pathParametersFirst (doc: AnySchema): AnySchema {
  for (const item of Object.values((doc.paths ?? {}) as Record<string, Record<string, AnySchema>>)) {
    for (const op of Object.values(item)) {
      const params = op.parameters as AnySchema[] | undefined
      if (params !== undefined) op.parameters = [...params.filter(p => p.in === 'path'), ...params.filter(p => p.in !== 'path')]
    }
  }
  return doc
}

/** Registers the generator, the document routes and the interactive reference. Call before any route. */
const PROFILE_NOTES: Record<Profile, string> = {
  docs: '* **Profile `docs`:** shapes as Workato\'s published documentation shows them (`--profile docs`, the default).',
  live: `* **Profile \`live\`:** shapes as Workato's live service answers them (\`--profile live\`): string server ids
  (\`mcps-…\`), full server objects in lists, tools under \`items\`, policy limits as \`{limit, interval}\`.
  The spec's samples are in the docs profile's document only.`
}

export async function installOpenApi (app: FastifyInstance, { publicUrl, profile = 'docs' }: OpenApiOptions): Promise<void> {
  const options: FastifyDynamicSwaggerOptions = {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'fake-workato: Workato Embedded API for MCP servers',
        version: pkg.version,
        description: `${DESCRIPTION}\n${PROFILE_NOTES[profile]}`,
        license: { name: 'MIT', identifier: 'MIT' }
      },
      servers: [
        { url: publicUrl, description: 'This fake-workato instance (its public URL, FAKE_WORKATO_PUBLIC_URL).' },
        {
          url: WORKATO_URL,
          description: 'Workato, US data center. Others: https://app.eu.workato.com, https://app.jp.workato.com, https://app.sg.workato.com, https://app.au.workato.com.'
        }
      ],
      tags: TAGS,
      components: {
        securitySchemes: {
          bearerAuth: {
            type: 'http',
            scheme: 'bearer',
            description: 'A Workato API client token (`Authorization: Bearer <api token>`); the fake accepts the tokens in FAKE_WORKATO_API_TOKENS (default `dev-token`).'
          }
        }
      }
    },
    // Paths are absolute (/api/...), so a public URL with a path must not be stripped from them.
    stripBasePath: false,
    // Shared schemas become components under their $id (McpServer, Error, ...), not def-0, def-1.
    refResolver: {
      buildLocalReference (json, _baseUri, _fragment, i) {
        return typeof json.$id === 'string' ? json.$id : `def-${i}`
      }
    },
    transform,
    transformObject: (documentObject) => {
      const doc = ('openapiObject' in documentObject ? documentObject.openapiObject : {}) as AnySchema
      return addSamples(pathParametersFirst(withoutUnusedTags(doc)), profile)
    }
  }
  await app.register(swagger, options)
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    uiConfig: { docExpansion: 'list', deepLinking: true, defaultModelsExpandDepth: 1, displayOperationId: true }
  })

  app.get('/openapi.json', { schema: { hide: true } }, async (_req, reply) => {
    return reply.type('application/json; charset=utf-8').send(renderOpenApi(app).json)
  })
  app.get('/openapi.yaml', { schema: { hide: true } }, async (_req, reply) => {
    return reply.type('application/yaml; charset=utf-8').send(renderOpenApi(app).yaml)
  })
}

/** The document as committed under openapi/: pretty JSON and block YAML, each ending in a newline. */
export function renderOpenApi (app: FastifyInstance): { json: string, yaml: string } {
  const doc = app.swagger()
  return {
    json: JSON.stringify(doc, null, 2) + '\n',
    // No anchors/aliases (shared example objects would become them) and no line folding.
    yaml: stringify(doc, { aliasDuplicateObjects: false, lineWidth: 0 })
  }
}
