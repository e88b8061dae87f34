// Generates large, valid worlds in the one state format (WorldData) for the benchmark and footprint runs.

export const HOT_HANDLE_PREFIX = 'bench-server'
const STAMP = '2026-01-01T00:00:00.000Z'
/** Limits high enough that a rate-limited endpoint never throttles the load generator. */
const OPEN_LIMITS = { per_minute: 1_000_000_000 }
const OPEN_QUOTA = { per_day: 1_000_000_000 }

/** Handle and token of server `index` (0-based) of managed user `user` (0-based). */
export function serverHandle (user, index) {
  return `${HOT_HANDLE_PREFIX}-${user + 1}-${index + 1}`
}
export function serverToken (user, index) {
  return `benchtoken${user + 1}x${index + 1}`
}
export function managedUserId (user) {
  return 500001 + user
}

/**
 * `users` managed users with `serversPerUser` servers each, every server holding `toolsPerServer`
 * tools picked from a catalog of `catalogSize` recipe functions; the first server of every user
 * holds `hotTools` tools instead (the one the tools-list scenario reads).
 */
export function generateWorld ({ users = 1, serversPerUser = 10_000, toolsPerServer = 5, catalogSize = 100, hotTools = 100 } = {}) {
  let toolId = 0
  let policyId = 0
  let serverId = 0
  const managedUsers = []
  for (let u = 0; u < users; u++) {
    const projectId = 700001 + u
    const folders = [
      { id: 800001 + 2 * u, name: 'Bench folder A', project_id: projectId },
      { id: 800002 + 2 * u, name: 'Bench folder B', project_id: projectId }
    ]
    const catalog = []
    for (let c = 1; c <= catalogSize; c++) {
      catalog.push({
        trigger_application: 'workato_recipe_function',
        id: c,
        name: `Bench function ${c}`,
        description: `Recipe function number ${c} of the benchmark catalog`,
        action_applications: ['salesforce'],
        flow_id: 9_000_000 + c,
        vua_required: c % 2 === 0
      })
    }
    const servers = []
    for (let i = 0; i < serversPerUser; i++) {
      const count = Math.min(i === 0 ? hotTools : toolsPerServer, catalogSize)
      const tools = []
      for (let k = 0; k < count; k++) {
        const item = catalog[k]
        tools.push({
          id: ++toolId,
          trigger_application: item.trigger_application,
          asset_id: item.id,
          name: item.name,
          description: item.description,
          action_applications: [...item.action_applications],
          flow_id: item.flow_id,
          vua_required: item.vua_required
        })
      }
      servers.push({
        id: ++serverId,
        handle: serverHandle(u, i),
        name: `Bench Server ${u + 1}-${i + 1}`,
        description: `Benchmark server ${i + 1} of managed user ${u + 1}`,
        folder_id: folders[i % 2].id,
        asset_id: null,
        auth_type: 'token',
        token: serverToken(u, i),
        idp_user_group_ids: [],
        logo_url: 'https://www.workato.com/images/mcp-server-logo.png',
        created_at: STAMP,
        updated_at: STAMP,
        tools,
        policy: {
          id: ++policyId,
          rate_limits: { ...OPEN_LIMITS },
          quota_limits: { ...OPEN_QUOTA },
          ip_allow_list: [],
          ip_deny_list: [],
          created_at: STAMP,
          updated_at: STAMP
        }
      })
    }
    managedUsers.push({
      id: managedUserId(u),
      external_id: `bench-${u + 1}`,
      name: `Bench workspace ${u + 1}`,
      projects: [{ id: projectId, name: 'Bench project' }],
      folders,
      api_collections: [],
      catalog,
      user_groups: [],
      mcp_servers: servers
    })
  }
  return { schema_version: 1, managed_users: managedUsers }
}
