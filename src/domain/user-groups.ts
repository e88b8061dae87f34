// User groups are read-only through the API; they come from fixtures or the control API.
import type { UserGroupRecord } from '../schemas/state.js'
import type { UserGroupListQuery } from '../schemas/user-groups.js'
import { paginate, type Page } from './pagination.js'
import type { Workspace } from './world.js'

export const USER_GROUPS_PER_PAGE = 100

export function listUserGroups (ws: Workspace, query: UserGroupListQuery): Page<UserGroupRecord> {
  return paginate(ws.record.user_groups, query, USER_GROUPS_PER_PAGE, USER_GROUPS_PER_PAGE)
}
