// The package's public API: build the app for app.inject, or start a listening server.
export { buildApp, type BuildOptions } from './app.js'
export { createConfig, type Config } from './config.js'
export { loadFixtures, DEFAULT_FIXTURES } from './fixtures.js'
export { createClock, type Clock, type ControllableClock } from './domain/clock.js'
export { createTokenGenerator, type TokenGenerator } from './domain/tokens.js'
export { createMemoryStore } from './store/memory-store.js'
export type { Store } from './store/store.js'
export type { WorldData } from './schemas/state.js'
