// The composition root: buildApp(options) wires config, store, clock and routes. It never listens.
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { createConfig, type Config } from './config.js'
import { loadFixtures } from './fixtures.js'
import { createClock, type ControllableClock } from './domain/clock.js'
import type { DomainContext } from './domain/context.js'
import { parseOffset } from './domain/time.js'
import { createTokenGenerator, type TokenGenerator } from './domain/tokens.js'
import { PROFILE_WIRES } from './wire/profiles.js'
import { customerScope, ownScope } from './http/scope.js'
import { openStore } from './store/open-store.js'
import type { Store } from './store/store.js'
import { bearerChecker } from './http/auth.js'
import { frameworkErrors, installErrorHandling } from './http/errors.js'
import { createLogging } from './http/logging.js'
import { buildValidatorCompiler } from './http/validation.js'
import { buildSerializerCompiler } from './http/serialization.js'
import { installOpenApi } from './http/openapi.js'
import { limitOptions, type ServerLimits } from './http/limits.js'
import { Unauthorized } from './domain/errors.js'
import type { RouteDeps } from './http/deps.js'
import { mcpServerRoutes } from './routes/mcp-servers.js'
import { serverActionRoutes } from './routes/server-actions.js'
import { serverPolicyRoutes } from './routes/server-policies.js'
import { toolRoutes } from './routes/tools.js'
import { userGroupRoutes } from './routes/user-groups.js'
import { createMcpState } from './mcp/state.js'
import { mcpRoutes } from './mcp/routes.js'
import { idpRoutes } from './mcp/idp-routes.js'
import { WorldData } from './schemas/state.js'
import { createControl } from './control/control.js'
import { createFaults } from './control/faults.js'
import { createJournal } from './control/journal.js'
import { createRandomSource } from './control/random.js'
import { createResetRegistry } from './control/resets.js'
import { installTraffic } from './control/traffic.js'
import { adminRoutes, requireAdminToken } from './routes/admin/index.js'

export interface BuildOptions {
  /** Overrides for configuration (environment and defaults fill the rest). */
  config?: Partial<Config>
  /** Environment to read configuration from; defaults to process.env. */
  env?: Record<string, string | undefined>
  /** The initial world; defaults to the fixtures named by the config. */
  fixtures?: WorldData
  /** A ready store; defaults to the lowdb file store when `config.data` is set, else memory (both seeded from the fixtures). */
  store?: Store
  clock?: ControllableClock
  tokens?: TokenGenerator
  /** false to silence, or pino options (a `stream` included); defaults to pino at config.logLevel. */
  logger?: FastifyServerOptions['logger']
  /** An onSend hook installed before every route (the test suite checks responses against the OpenAPI document). */
  onSend?: (request: FastifyRequest, reply: FastifyReply, payload: unknown) => Promise<unknown>
  /** Header size/count limits and timeouts; defaults in src/http/limits.ts. */
  limits?: Partial<ServerLimits>
}

export const BODY_LIMIT = 1024 * 1024

/** Shared schemas of the docs profile (each profile registers its own, see src/wire/), plus the state format. */
export const SHARED_SCHEMAS = [...PROFILE_WIRES.docs.schemas.shared, WorldData]

export async function buildApp (options: BuildOptions = {}): Promise<FastifyInstance> {
  const config = createConfig(options.config, options.env)
  const tzOffset = parseOffset(config.tzOffset)
  // Kept untouched for POST /__admin/reset, which restores exactly these.
  const fixtures = options.fixtures ?? loadFixtures(config.fixtures)
  const store = options.store ?? await openStore(config.data, fixtures, tzOffset)
  const clock = options.clock ?? createClock()
  const tokens = options.tokens ?? createTokenGenerator(config.seed)
  const ctx: DomainContext = {
    get world () { return store.world },
    clock,
    tokens,
    tzOffset
  }

  const limits = limitOptions(options.limits)
  const logging = createLogging(config.logLevel, options.logger)
  const app = Fastify({
    ...limits.fastify,
    ...logging.fastify,
    bodyLimit: BODY_LIMIT,
    trustProxy: config.trustProxy,
    frameworkErrors,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 }
  }).withTypeProvider<TypeBoxTypeProvider>()
  app.server.maxHeadersCount = limits.limits.maxHeadersCount

  const profile = PROFILE_WIRES[config.profile]
  for (const schema of [...profile.schemas.shared, WorldData]) app.addSchema(schema)
  app.setValidatorCompiler(buildValidatorCompiler(() => app.getSchemas()))
  app.setSerializerCompiler(buildSerializerCompiler(() => app.getSchemas()))
  installErrorHandling(app, logging.errorLog)
  // Non-JSON bodies are refused with 415 rather than parsed as text.
  app.removeContentTypeParser('text/plain')

  // An empty body with Content-Type: application/json means "no body" (token_renew, DELETE), not 400.
  const defaultJson = app.getDefaultJsonParser('error', 'error')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = body.toString()
    if (text.trim() === '') return done(null, undefined)
    defaultJson(req, text, done)
  })

  // Before any route: the generator collects routes as they are added.
  await installOpenApi(app, { publicUrl: config.publicUrl, profile: config.profile })
  if (options.onSend !== undefined) app.addHook('onSend', options.onSend)

  app.get('/health', { schema: { hide: true } }, async () => ({ status: 'ok' }))

  const journal = createJournal(config.journalSize)
  const faults = createFaults(createRandomSource(config.seed))
  // Subsystems with their own state (MCP counters, IdP tokens) register here to be cleared on reset.
  const resets = createResetRegistry()
  const control = createControl({ store, ctx, clock, fixtures, journal, faults, resets })
  // Before the /api plugin, so latency and faults come ahead of auth, and every request is journaled.
  installTraffic(app, { journal, faults, world: () => store.world })

  const common = { ctx, store, publicUrl: config.publicUrl, profile }
  const authorized = bearerChecker(config.apiTokens)
  await app.register(async (api) => {
    // A callback hook, not an async one: it runs on every request and needs no promise.
    api.addHook('onRequest', (req, _reply, done) => {
      done(authorized(req.headers.authorization) ? undefined : new Unauthorized())
    })
    // Customer workspaces under /api/managed_users/:id, the API client's own under /api/mcp.
    for (const scope of [customerScope, ownScope]) {
      const deps: RouteDeps = { ...common, scope }
      await api.register(mcpServerRoutes, deps)
      await api.register(serverActionRoutes, deps)
      await api.register(serverPolicyRoutes, deps)
      await api.register(toolRoutes, deps)
      await api.register(userGroupRoutes, deps)
    }
  }, { prefix: '/api' })

  // The live MCP endpoint; its IdP tokens and request counters are cleared with the control API's resets.
  const mcp = createMcpState(clock)
  resets.onReset(scope => {
    if (scope.scope === 'world') mcp.reset()
    else mcp.limiter.forget(scope.server_ids)
  })
  await app.register(mcpRoutes, { prefix: '/mcp', ctx, mcp, errorLog: logging.errorLog })
  // One scope for every control route, so the admin token guards them all.
  await app.register(async (admin) => {
    requireAdminToken(admin, config.adminToken)
    await admin.register(adminRoutes, { control, journal, faults, clock, publicUrl: config.publicUrl })
    await admin.register(idpRoutes, { prefix: '/idp', ctx, idp: mcp.idp })
  }, { prefix: '/__admin' })

  app.addHook('onClose', async () => { await store.close() })
  return app
}
