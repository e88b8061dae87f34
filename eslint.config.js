// Lint style of Fastify's own demo app: neostandard with TypeScript support.
import neostandard from 'neostandard'

export default [
  ...neostandard({
    ts: true,
    ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.tap/**', 'openapi/**']
  }),
  {
    // TypeBox idiom: a schema value and its Static type share one name.
    rules: { '@typescript-eslint/no-redeclare': 'off' }
  }
]
