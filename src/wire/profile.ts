// A wire profile: the schemas and record→body mappers one profile answers and accepts with.
import type { TSchema } from '@sinclair/typebox'
import type { Profile } from '../config.js'
import type { Page } from '../domain/pagination.js'
import type { PolicyInput } from '../domain/policies.js'
import type { Workspace } from '../domain/world.js'
import type { PolicyRecord, ServerRecord, ToolRecord, UserGroupRecord } from '../schemas/state.js'

export interface WireProfile {
  name: Profile
  schemas: {
    /** Registered once per app with app.addSchema; routes and the OpenAPI document reference them. */
    shared: TSchema[]
    serverList: TSchema
    serverEnvelope: TSchema
    toolList: TSchema
    tool: TSchema
    policy: TSchema
    userGroupList: TSchema
    updatePolicyBody: TSchema
  }
  serverList: (ws: Workspace, page: Page<ServerRecord>, publicUrl: string) => unknown
  /** The server as create, get, update and the actions answer it (already wrapped). */
  serverEnvelope: (ws: Workspace, server: ServerRecord, publicUrl: string) => unknown
  toolList: (ws: Workspace, server: ServerRecord, page: Page<ToolRecord>) => unknown
  tool: (ws: Workspace, server: ServerRecord, tool: ToolRecord) => unknown
  policy: (server: ServerRecord, policy: PolicyRecord) => unknown
  userGroupList: (page: Page<UserGroupRecord>) => unknown
  /** A validated policy update body as the domain takes it (limits in the stored form). */
  policyInput: (body: unknown) => PolicyInput
}
