// Control API schemas for IdP user tokens (the Workato Identity stand-in of workato_idp servers).
import { Type, type Static } from '@sinclair/typebox'

export const IssueIdpTokenBody = Type.Object({
  user: Type.String({ minLength: 1, maxLength: 200, description: 'User name (shown in 403 bodies).' }),
  group_ids: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), {
    maxItems: 100,
    description: 'User group IDs the user belongs to; a workato_idp server admits users in any of its idp_user_group_ids.'
  }),
  managed_user_id: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.String({ minLength: 1, maxLength: 200 })], {
    description: 'Limit the token to one managed user (account ID, or E + external ID); its group IDs must exist there.'
  })),
  expires_in: Type.Optional(Type.Integer({ minimum: 1, maximum: 315360000, description: 'Lifetime in seconds on the fake\'s clock; never expires when omitted.' })),
  token: Type.Optional(Type.String({
    minLength: 16,
    maxLength: 200,
    pattern: '^[A-Za-z0-9._~-]+$',
    description: 'Choose the token (for reproducible tests); random when omitted. Issuing a known token again re-binds it.'
  }))
})
export type IssueIdpTokenBody = Static<typeof IssueIdpTokenBody>

export const IdpToken = Type.Object({
  token: Type.String({ description: 'Send as Authorization: Bearer <token> to a workato_idp server\'s mcp_url.' }),
  token_type: Type.Literal('Bearer'),
  user: Type.String(),
  group_ids: Type.Array(Type.String()),
  managed_user_id: Type.Union([Type.Integer(), Type.Null()]),
  expires_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()])
}, { description: 'An IdP user token.' })
export type IdpToken = Static<typeof IdpToken>
