// Examples for the OpenAPI document: the spec's own samples per operation, and one body per error status.
type Json = Record<string, unknown>

interface OperationSamples {
  /** Path and query parameter values from the sample's curl line. */
  parameters?: Record<string, string | number | boolean>
  request?: unknown
  /** Response bodies by status. */
  responses?: Record<number, unknown>
}

const ACME_SERVER = {
  id: 1001,
  name: 'Sales Tools MCP Server',
  description: 'Provides CRM and deal management tools for AI clients',
  asset_type: 'api_collection',
  logo_url: 'https://www.workato.com/images/mcp-server-logo.png',
  tools_count: 5,
  mcp_url: 'https://www.workato.com/mcp/servers/sales-tools-mcp-server?token=abc123xyz',
  auth_type: 'token',
  idp_user_group_ids: [],
  api_collection: null,
  created_at: '2025-10-15T13:41:05.207-07:00',
  updated_at: '2025-10-16T09:22:11.100-07:00'
}

const RENAMED = {
  ...ACME_SERVER,
  name: 'Sales & CRM Tools MCP Server',
  description: 'Provides CRM, deal management, and pipeline tools for AI clients'
}

const HR_SERVER = {
  id: 1002,
  name: 'HR Automation Server',
  description: 'HR onboarding and employee management tools',
  asset_type: 'project_asset',
  logo_url: 'https://www.workato.com/images/mcp-server-logo.png',
  tools_count: 3,
  mcp_url: 'https://www.workato.com/mcp/servers/hr-automation-server?token=hrtoken456',
  auth_type: 'workato_idp',
  idp_user_group_ids: ['group-abc123', 'group-def456'],
  api_collection: null,
  created_at: '2025-10-15T10:00:00.000-07:00',
  updated_at: '2025-10-18T10:30:00.000-07:00'
}

const TOOL_3001 = {
  id: 3001,
  name: 'Create Salesforce Lead',
  description: 'Creates a new lead record in Salesforce CRM',
  trigger_application: 'workato_api_platform',
  action_applications: ['salesforce'],
  flow_id: 66870001,
  vua_required: false
}

const ACME = { managed_user_id: '91829' }
const SALES = { ...ACME, handle: 'sales-tools-mcp-server' }
const HR = { ...ACME, handle: 'hr-automation-server' }
const SALES_POLICY = { ...ACME, mcp_server_handle: 'sales-tools-mcp-server' }

/** The samples of spec/workato-mcp-servers-api.md, by operationId, verbatim. */
export const SPEC_SAMPLES: Record<string, OperationSamples> = {
  listMcpServers: {
    parameters: { ...ACME, folder_id: 27180380 },
    responses: {
      200: {
        data: [
          {
            id: 1001,
            name: 'Sales Tools MCP Server',
            description: 'Provides CRM and deal management tools for AI clients',
            folder_id: 27180380,
            project_id: 13595198,
            authentication_method: 'token',
            tools_count: 5
          },
          {
            id: 1002,
            name: 'HR Automation Server',
            description: 'HR onboarding and employee management tools',
            folder_id: 27180380,
            project_id: 13595198,
            authentication_method: 'workato_idp',
            tools_count: 3
          }
        ],
        count: 2,
        page: 1,
        per_page: 50
      }
    }
  },
  createMcpServer: {
    parameters: ACME,
    request: {
      name: 'Sales Tools MCP Server',
      description: 'Provides CRM and deal management tools for AI clients',
      folder_id: 27180380,
      tools: [{ trigger_application: 'workato_api_platform', id: '98231' }]
    },
    responses: {
      200: { data: { ...ACME_SERVER, tools_count: 1, updated_at: '2025-10-15T13:41:05.207-07:00' } }
    }
  },
  getMcpServer: {
    parameters: SALES,
    responses: { 200: { data: ACME_SERVER } }
  },
  updateMcpServer: {
    parameters: SALES,
    request: {
      name: 'Sales & CRM Tools MCP Server',
      description: 'Provides CRM, deal management, and pipeline tools for AI clients',
      auth_type: 'token'
    },
    responses: { 200: { data: { ...RENAMED, updated_at: '2025-10-17T11:05:33.812-07:00' } } }
  },
  deleteMcpServer: { parameters: SALES },
  renewMcpServerToken: {
    parameters: SALES,
    responses: {
      200: {
        data: {
          ...RENAMED,
          mcp_url: 'https://www.workato.com/mcp/servers/sales-tools-mcp-server?token=newtoken789',
          updated_at: '2025-10-18T08:00:00.000-07:00'
        }
      }
    }
  },
  assignMcpServerTools: {
    parameters: SALES,
    request: {
      tools: [
        { trigger_application: 'workato_api_platform', id: '98232' },
        { trigger_application: 'workato_genie', id: 'my-genie-handle' }
      ]
    },
    responses: {
      200: {
        data: {
          ...RENAMED,
          tools_count: 7,
          mcp_url: 'https://www.workato.com/mcp/servers/sales-tools-mcp-server?token=newtoken789',
          updated_at: '2025-10-18T09:15:22.000-07:00'
        }
      }
    }
  },
  assignMcpServerUserGroups: {
    parameters: HR,
    request: { idp_user_group_ids: ['group-abc123', 'group-def456'] },
    responses: { 200: { data: HR_SERVER } }
  },
  removeMcpServerUserGroups: {
    parameters: HR,
    request: { idp_user_group_ids: ['group-abc123'] },
    responses: {
      200: { data: { ...HR_SERVER, idp_user_group_ids: ['group-def456'], updated_at: '2025-10-18T11:00:00.000-07:00' } }
    }
  },
  moveMcpServer: {
    parameters: HR,
    request: { folder_id: 27180399 },
    responses: {
      200: { data: { ...HR_SERVER, idp_user_group_ids: ['group-def456'], updated_at: '2025-10-18T12:00:00.000-07:00' } }
    }
  },
  getMcpServerPolicies: {
    parameters: SALES_POLICY,
    responses: {
      200: {
        id: 501,
        mcp_server_id: 1001,
        rate_limits: { per_minute: 60 },
        quota_limits: { per_day: 10000 },
        ip_allow_list: ['203.0.113.0/24'],
        ip_deny_list: [],
        created_at: '2025-10-15T13:41:05.207-07:00',
        updated_at: '2025-10-16T09:22:11.100-07:00'
      }
    }
  },
  updateMcpServerPolicies: {
    parameters: SALES_POLICY,
    request: {
      mcp_server_policy: {
        rate_limits: { per_minute: 30 },
        quota_limits: { per_day: 5000 },
        ip_allow_list: ['203.0.113.0/24', '198.51.100.42'],
        ip_deny_list: []
      }
    },
    responses: {
      200: {
        id: 501,
        mcp_server_id: 1001,
        rate_limits: { per_minute: 30 },
        quota_limits: { per_day: 5000 },
        ip_allow_list: ['203.0.113.0/24', '198.51.100.42'],
        ip_deny_list: [],
        created_at: '2025-10-15T13:41:05.207-07:00',
        updated_at: '2025-10-18T14:00:00.000-07:00'
      }
    }
  },
  listMcpServerTools: {
    parameters: SALES_POLICY,
    responses: {
      200: {
        data: [
          TOOL_3001,
          {
            id: 3002,
            name: 'Send Deal Notification',
            description: 'Sends a Slack notification when a deal stage changes',
            trigger_application: 'workato_recipe_function',
            action_applications: ['slack'],
            flow_id: 66870002,
            vua_required: true
          }
        ],
        count: 2,
        page: 1,
        per_page: 100
      }
    }
  },
  updateMcpServerTool: {
    parameters: { ...SALES_POLICY, id: 3001 },
    request: { description: 'Creates a new lead record in Salesforce CRM with name, email, and company details' },
    responses: {
      200: { ...TOOL_3001, description: 'Creates a new lead record in Salesforce CRM with name, email, and company details' }
    }
  },
  deleteMcpServerTool: { parameters: { ...SALES_POLICY, id: 3002 } },
  listUserGroups: {
    parameters: ACME,
    responses: {
      200: {
        data: [
          { id: 'group-abc123', name: 'Sales Team', users_count: 24, created_at: '2025-01-10T08:00:00.000Z', updated_at: '2025-09-15T12:30:00.000Z' },
          { id: 'group-def456', name: 'HR Admins', users_count: 6, created_at: '2025-01-10T08:00:00.000Z', updated_at: '2025-08-20T10:00:00.000Z' }
        ],
        count: 2,
        page: 1,
        per_page: 100
      }
    }
  }
}

/** Error bodies as the fake writes them (429/500/503 as Workato's live service does). */
export const ERROR_SAMPLES: Record<number, { message: string }> = {
  401: { message: 'Unauthorized' },
  404: { message: 'Not found' },
  413: { message: 'Request body is too large (limit 1 MiB)' },
  415: { message: 'Unsupported media type: send application/json' },
  429: { message: 'Too many requests' },
  500: { message: 'Internal server error' },
  503: { message: 'Service unavailable' }
}

/** A request against the default fixtures and the error the fake answers (a test replays each one). */
export interface ErrorSample {
  summary: string
  /** Path and query, the sample values filled in. */
  url: string
  /** A JSON body; `raw` sends text as application/json instead. */
  request?: unknown
  raw?: string
  response: { message: string, errors?: Record<string, string[]> }
}

const M = '/api/managed_users/91829'
const MALFORMED: Omit<ErrorSample, 'url'> = {
  summary: 'Malformed JSON body',
  raw: '{',
  response: { message: 'Malformed JSON in request body' }
}
const folderMissing = (url: string, field = 'folder_id'): ErrorSample => ({
  summary: 'The folder does not exist in this workspace',
  url,
  request: { [field]: 99999999, ...(url.endsWith('/mcp_servers') ? { name: 'New server' } : {}) },
  response: { message: 'folder_id folder 99999999 does not exist', errors: { folder_id: ['folder 99999999 does not exist'] } }
})
const NOT_IDP = {
  summary: 'The server uses token authentication',
  url: `${M}/mcp_servers/sales-tools-mcp-server/assign_user_groups`,
  request: { idp_user_group_ids: ['group-abc123'] },
  response: {
    message: 'User groups can only be managed when the server auth_type is workato_idp',
    errors: { auth_type: ['must be workato_idp to manage user groups'] }
  }
}
const GROUP_MISSING = {
  summary: 'A user group does not exist in this workspace',
  url: `${M}/mcp_servers/hr-automation-server/assign_user_groups`,
  request: { idp_user_group_ids: ['group-nope'] },
  response: { message: 'idp_user_group_ids user groups not found: group-nope', errors: { idp_user_group_ids: ['user groups not found: group-nope'] } }
}

/** Per operation, the 400 and 422 each really answers. */
export const OPERATION_ERROR_SAMPLES: Record<string, Record<number, ErrorSample>> = {
  listMcpServers: {
    400: {
      summary: 'per_page below 1',
      url: `${M}/mcp_servers?per_page=0`,
      response: { message: 'Validation failed: per_page must be >= 1', errors: { per_page: ['must be >= 1'] } }
    }
  },
  createMcpServer: {
    400: {
      summary: 'Blank name',
      url: `${M}/mcp_servers`,
      request: { name: ' ', folder_id: 27180380 },
      response: { message: "Validation failed: name can't be blank", errors: { name: ["can't be blank"] } }
    },
    422: folderMissing(`${M}/mcp_servers`)
  },
  updateMcpServer: {
    400: {
      summary: 'User groups on a token-authenticated server',
      url: `${M}/mcp_servers/sales-tools-mcp-server`,
      request: { idp_user_group_ids: ['group-abc123'] },
      response: {
        message: 'idp_user_group_ids is only applicable when auth_type is workato_idp',
        errors: { idp_user_group_ids: ['is only applicable when auth_type is workato_idp'] }
      }
    },
    422: folderMissing(`${M}/mcp_servers/sales-tools-mcp-server`)
  },
  deleteMcpServer: { 400: { ...MALFORMED, url: `${M}/mcp_servers/sales-tools-mcp-server` } },
  renewMcpServerToken: { 400: { ...MALFORMED, url: `${M}/mcp_servers/sales-tools-mcp-server/token_renew` } },
  assignMcpServerTools: {
    400: {
      summary: 'A non-numeric id for an API endpoint',
      url: `${M}/mcp_servers/sales-tools-mcp-server/assign_tools`,
      request: { tools: [{ trigger_application: 'workato_api_platform', id: 'abc' }] },
      response: {
        message: 'tools[0].id must be a number for workato_api_platform tools',
        errors: { 'tools[0].id': ['must be a number for workato_api_platform tools'] }
      }
    },
    422: {
      summary: 'The tool is not in this workspace\'s catalog',
      url: `${M}/mcp_servers/sales-tools-mcp-server/assign_tools`,
      request: { tools: [{ trigger_application: 'workato_api_platform', id: '12345' }] },
      response: {
        message: 'tools[0].id workato_api_platform "12345" does not exist in this workspace',
        errors: { 'tools[0].id': ['workato_api_platform "12345" does not exist in this workspace'] }
      }
    }
  },
  assignMcpServerUserGroups: { 400: NOT_IDP, 422: GROUP_MISSING },
  removeMcpServerUserGroups: {
    400: { ...NOT_IDP, url: NOT_IDP.url.replace('assign_', 'remove_') },
    422: { ...GROUP_MISSING, url: GROUP_MISSING.url.replace('assign_', 'remove_') }
  },
  moveMcpServer: {
    400: {
      summary: 'folder_id sent as a string',
      url: `${M}/mcp_servers/hr-automation-server/update_folder`,
      request: { folder_id: '27180399' },
      response: { message: 'Validation failed: folder_id must be integer', errors: { folder_id: ['must be integer'] } }
    },
    422: folderMissing(`${M}/mcp_servers/hr-automation-server/update_folder`)
  },
  updateMcpServerPolicies: {
    400: {
      summary: 'Not an IP address or CIDR range',
      url: `${M}/mcp_servers/sales-tools-mcp-server/server_policies`,
      request: { mcp_server_policy: { ip_allow_list: ['10.0.0.300'] } },
      response: {
        message: 'Invalid IP address or CIDR range: "10.0.0.300" is not a valid IP address or CIDR range',
        errors: { 'mcp_server_policy.ip_allow_list[0]': ['"10.0.0.300" is not a valid IP address or CIDR range'] }
      }
    }
  },
  listMcpServerTools: {
    400: {
      summary: 'vua_required is not a boolean',
      url: `${M}/mcp_servers/sales-tools-mcp-server/tools?vua_required=maybe`,
      response: { message: 'Validation failed: vua_required must be boolean', errors: { vua_required: ['must be boolean'] } }
    }
  },
  updateMcpServerTool: {
    400: {
      summary: 'description is not a string',
      url: `${M}/mcp_servers/sales-tools-mcp-server/tools/3001`,
      request: { description: 42 },
      response: { message: 'Validation failed: description must be string', errors: { description: ['must be string'] } }
    }
  },
  deleteMcpServerTool: {
    400: {
      summary: 'API endpoint tools cannot be deleted',
      url: `${M}/mcp_servers/sales-tools-mcp-server/tools/3001`,
      response: { message: "API endpoints can't be deleted. Only tools backed by recipe functions or Genie agents can be deleted." }
    }
  },
  listUserGroups: {
    400: {
      summary: 'page below 1',
      url: `${M}/user_groups?page=0`,
      response: { message: 'Validation failed: page must be >= 1', errors: { page: ['must be >= 1'] } }
    }
  }
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch']

function jsonMedia (content: unknown): Json | undefined {
  return (content as Record<string, Json> | undefined)?.['application/json']
}

function setExample (media: Json | undefined, summary: string, value: unknown): void {
  if (media === undefined || value === undefined) return
  delete media.example
  media.examples = { ...(media.examples as Json | undefined), sample: { summary, value } }
}

/** Adds the samples to a generated document (fastify-swagger's transformObject). */
export function addSamples (doc: Json, profile: 'docs' | 'live' = 'docs'): Json {
  // The spec's samples are docs-profile shapes; the live document gets the generic error bodies only.
  const live = profile === 'live'
  const paths = (doc.paths ?? {}) as Record<string, Record<string, Json>>
  for (const item of Object.values(paths)) {
    for (const method of METHODS) {
      const op = item[method]
      if (op === undefined) continue
      const samples = live ? {} : SPEC_SAMPLES[op.operationId as string] ?? {}
      for (const param of (op.parameters ?? []) as Json[]) {
        const value = samples.parameters?.[param.name as string]
        if (value !== undefined) param.example = value
      }
      const body = op.requestBody as Json | undefined
      setExample(jsonMedia(body?.content), 'Sample request from the Workato docs', samples.request)
      const responses = (op.responses ?? {}) as Record<string, Json>
      for (const [status, response] of Object.entries(responses)) {
        const code = Number(status)
        const spec = samples.responses?.[code]
        if (spec !== undefined) {
          setExample(jsonMedia(response.content), 'Sample response from the Workato docs', spec)
        } else if (code >= 400) {
          const own = live ? undefined : OPERATION_ERROR_SAMPLES[op.operationId as string]?.[code]
          if (own !== undefined) setExample(jsonMedia(response.content), own.summary, own.response)
          else setExample(jsonMedia(response.content), 'Error body', ERROR_SAMPLES[code])
        }
      }
    }
  }
  return doc
}
