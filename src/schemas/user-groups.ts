// Identity-provider user group schemas.
import { Type, type Static } from '@sinclair/typebox'
import { PageMeta, pageQuery } from './common.js'
import { ref } from './ref.js'

export const UserGroup = Type.Object({
  id: Type.String(),
  name: Type.String(),
  users_count: Type.Integer(),
  created_at: Type.String({ description: 'ISO 8601 timestamp in UTC (Z).' }),
  updated_at: Type.String({ description: 'ISO 8601 timestamp in UTC (Z).' })
}, { $id: 'UserGroup', title: 'UserGroup', description: 'An identity provider user group.' })
export type UserGroup = Static<typeof UserGroup>

export const UserGroupList = Type.Object({
  data: Type.Array(ref(UserGroup)),
  ...PageMeta
}, { $id: 'UserGroupPage', title: 'UserGroupPage', description: 'A page of identity provider user groups.' })

export const UserGroupListQuery = Type.Object({ ...pageQuery(100, 100) })
export type UserGroupListQuery = Static<typeof UserGroupListQuery>
