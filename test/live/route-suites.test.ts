// The route suites of test/routes, run again in this one process against --profile live (see test/helpers/profile.ts).
import { setTestProfile } from '../helpers/profile.js'

setTestProfile('live')
// Each suite registers its tests on tap's root as it loads; every app they build is a live one.
await import('../routes/mcp-servers.test.js')
await import('../routes/server-actions.test.js')
await import('../routes/server-policies.test.js')
await import('../routes/tools.test.js')
await import('../routes/pagination.test.js')
await import('../routes/managed-users.test.js')
await import('../routes/timestamps.test.js')
