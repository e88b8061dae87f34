// GET/PUT /__admin/state: the whole state as one JSON document, in the fixtures' format.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { errorResponses } from '../../schemas/common.js'
import { ref } from '../../schemas/ref.js'
import { WorldData } from '../../schemas/state.js'
import type { AdminDeps } from '../../http/admin-deps.js'

const tags = ['control']
/** A snapshot of a busy fake outgrows the API's 1 MiB body limit; it must still load back. */
export const STATE_BODY_LIMIT = 64 * 1024 * 1024

export const stateRoutes: FastifyPluginAsyncTypebox<AdminDeps> = async (app, { control }) => {
  app.get('/state', {
    schema: {
      operationId: 'adminExportState',
      summary: 'Export the whole state',
      description: 'The whole state as JSON, in the one format that fixtures and the data file use (schema_version included, ' +
        'with id counters and the token generator position). PUT it back to restore it exactly.',
      tags,
      response: { 200: ref(WorldData), ...errorResponses(401) }
    }
  }, async () => control.exportState())

  app.put('/state', {
    schema: {
      operationId: 'adminImportState',
      summary: 'Replace the whole state',
      description: 'Replaces the whole state after checking it against the state schema and for duplicate ids, handles and ' +
        'broken references. Invalid → 422 naming the path of the first problem, and the current state is untouched. Bodies up to 64 MiB. ' +
        'Answers the state as loaded.',
      tags,
      body: ref(WorldData),
      response: { 200: ref(WorldData), ...errorResponses(400, 401, 413, 415, 422) }
    },
    bodyLimit: STATE_BODY_LIMIT,
    // The state checker names the failing path and answers 422; the generic body validator would answer 400.
    validatorCompiler: () => (data: unknown) => ({ value: data })
  }, async (req) => {
    await control.importState(req.body)
    return control.exportState()
  })
}
