#!/usr/bin/env node
// CI without a Docker engine: lint the Dockerfile, then replay it in temp folders and probe the result.
//
// Each stage gets a folder standing in for its root filesystem. The replay reads the Dockerfile
// itself (no step is duplicated here), so a Dockerfile that would not build or start fails:
// - COPY copies exactly what Docker would send: context paths filtered by .dockerignore, or paths
//   from an earlier stage with --from; a missing or ignored source fails.
// - RUN runs with sh in the stage's WORKDIR with the stage's ENV and a private npm cache.
//   Absolute paths in the command are mapped into the stage's folder. The image's users (node) do not exist here, so chown is a
//   shim that checks the user and the paths and changes nothing.
// - The last stage's ENTRYPOINT + CMD start with its ENV (PORT moved to a free port); /health, one
//   API route, the HEALTHCHECK command, the VOLUME with --data, and SIGTERM are then checked.
// Usage: node scripts/check-dockerfile.mjs [Dockerfile]   (KEEP=1 keeps the temp folder)
import { spawn, spawnSync } from 'node:child_process'
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { basename, dirname, join, posix, relative, resolve } from 'node:path'

const dockerfile = resolve(process.argv[2] ?? 'Dockerfile')
const context = dirname(dockerfile)
const work = mkdtempSync(join(tmpdir(), 'fw-docker-replay-'))
const started = Date.now()

function log (msg) { process.stdout.write(`[dockerfile] ${msg}\n`) }
function fail (msg) {
  process.stderr.write(`[dockerfile] FAIL: ${msg}\n`)
  cleanup()
  process.exit(1)
}
function cleanup () {
  if (process.env.KEEP !== '1') rmSync(work, { recursive: true, force: true })
  else log(`kept ${work}`)
}

// ---- 1. lint -------------------------------------------------------------------------------
const lintBin = join(context, 'node_modules', '.bin', 'dockerfilelint')
const lint = spawnSync(lintBin, [dockerfile], { encoding: 'utf8' })
if (lint.status !== 0) fail(`dockerfilelint found problems:\n${lint.stdout}${lint.stderr}`)
log('dockerfilelint: no issues')

// ---- 2. parse ------------------------------------------------------------------------------
/** Instructions with continuation lines joined and comments dropped, each with its line number. */
function parseDockerfile (text) {
  const out = []
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const start = i + 1
    let line = lines[i]
    if (/^\s*(#|$)/.test(line)) continue
    while (/\\\s*$/.test(line) && i + 1 < lines.length) {
      line = line.replace(/\\\s*$/, ' ')
      i++
      if (!/^\s*#/.test(lines[i])) line += lines[i].trim()
    }
    const m = /^\s*(\w+)\s*(.*)$/.exec(line)
    if (m === null) fail(`line ${start}: cannot parse "${line}"`)
    out.push({ line: start, op: m[1].toUpperCase(), args: m[2].trim() })
  }
  return out
}

/** JSON (exec) form or shell form, as Docker reads CMD, ENTRYPOINT, RUN and HEALTHCHECK CMD. */
function commandForm (args) {
  if (args.startsWith('[')) {
    try {
      const argv = JSON.parse(args)
      if (Array.isArray(argv) && argv.every(a => typeof a === 'string')) return { exec: argv }
    } catch {}
  }
  return { shell: args }
}

/** --flag=value options at the start of COPY/FROM-like arguments. */
function takeFlags (args) {
  const flags = {}
  let rest = args
  for (;;) {
    const m = /^--([\w-]+)=(\S+)\s+/.exec(rest)
    if (m === null) return { flags, rest }
    flags[m[1]] = m[2]
    rest = rest.slice(m[0].length)
  }
}

/** ENV a=b c="d e" (or the legacy ENV a b). */
function parseEnv (args) {
  if (!/^[\w.-]+=/.test(args)) {
    const m = /^(\S+)\s+(.*)$/.exec(args)
    return m === null ? {} : { [m[1]]: m[2] }
  }
  const env = {}
  const re = /([\w.-]+)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g
  for (const m of args.matchAll(re)) {
    let v = m[2]
    if (v.startsWith('"')) v = JSON.parse(v)
    else if (v.startsWith("'")) v = v.slice(1, -1)
    env[m[1]] = v
  }
  return env
}

// ---- .dockerignore ---------------------------------------------------------------------------
function globToRegExp (pattern) {
  let re = ''
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]
    if (c === '*' && pattern[i + 1] === '*') { re += '.*'; i++ } else if (c === '*') re += '[^/]*'
    else if (c === '?') re += '[^/]'
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&')
  }
  return new RegExp(`^${re}$`)
}

const ignoreRules = existsSync(join(context, '.dockerignore'))
  ? readFileSync(join(context, '.dockerignore'), 'utf8').split('\n').map(l => l.trim()).filter(l => l !== '' && !l.startsWith('#'))
    .map(l => {
      const negate = l.startsWith('!')
      const p = posix.normalize((negate ? l.slice(1) : l).replace(/^\/+/, '')).replace(/\/+$/, '')
      return { negate, re: globToRegExp(p) }
    })
  : []

/** Docker's rule: the last pattern matching the path or one of its parent folders decides. */
function ignored (rel) {
  const parts = rel.split('/')
  let out = false
  for (const rule of ignoreRules) {
    for (let n = 1; n <= parts.length; n++) {
      if (rule.re.test(parts.slice(0, n).join('/'))) { out = !rule.negate; break }
    }
  }
  return out
}

/** Copies `rel` (a context file or folder) leaving out what .dockerignore excludes. */
function copyFromContext (rel, dest) {
  cpSync(join(context, rel), dest, {
    recursive: true,
    filter: (src) => {
      const r = relative(context, src).split('\\').join('/')
      return r === '' || !ignored(r)
    }
  })
}

// ---- 3. replay -------------------------------------------------------------------------------
const instructions = parseDockerfile(readFileSync(dockerfile, 'utf8'))
const stages = []
let stage = null

/** A path inside the image, mapped into the stage's folder. */
const inRoot = (st, p) => join(st.root, posix.resolve(st.workdir, p))
const mapAbsolute = (st, text) => text.replace(/(^|[\s=:'"])(\/[\w.@+-]+(?:\/[\w.@+-]*)*)/g, (_, pre, p) => pre + join(st.root, p))

// chown/chgrp: the image's own users do not exist on this machine; check what can be checked.
const shimDir = join(work, 'shims')
mkdirSync(shimDir)
for (const name of ['chown', 'chgrp']) {
  writeFileSync(join(shimDir, name), `#!/bin/sh
# Replay shim: the image's users exist only in the image. Checks the owner and that every path exists.
owner=""
for a in "$@"; do
  case "$a" in
    -*) ;;
    *) if [ -z "$owner" ]; then owner="$a"; else [ -e "$a" ] || { echo "${name}: $a: no such file or directory" >&2; exit 1; }; fi ;;
  esac
done
case "$owner" in node|node:node|root|root:root|[0-9]*) exit 0 ;; *) echo "${name}: unknown user $owner (the base image has node and root)" >&2; exit 1 ;; esac
`)
  chmodSync(join(shimDir, name), 0o755)
}

// A clean image starts with an empty npm cache, and RUN lines may clean it (npm cache clean):
// RUN lines get a private cache so that never touches this machine's. It is seeded from the real
// one to stay offline-fast: content files are immutable (written to a temp file, then renamed),
// so they are hard-linked; index files are appended to, so they are copied.
const npmCache = join(work, 'npm-cache')
const hostCache = join(spawnSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8' }).stdout.trim(), '_cacache')
mkdirSync(join(npmCache, '_cacache'), { recursive: true })
if (existsSync(join(hostCache, 'content-v2')) && existsSync(join(hostCache, 'index-v5'))) {
  const linked = spawnSync('cp', ['-al', join(hostCache, 'content-v2'), join(npmCache, '_cacache', 'content-v2')]).status === 0
  if (linked) cpSync(join(hostCache, 'index-v5'), join(npmCache, '_cacache', 'index-v5'), { recursive: true })
  else rmSync(join(npmCache, '_cacache', 'content-v2'), { recursive: true, force: true })
}

function runInStage (st, ins) {
  const form = commandForm(ins.args)
  const env = {
    ...process.env,
    ...st.env,
    PATH: `${shimDir}:${process.env.PATH}`,
    // Same packages from the same lockfile; only the cache policy differs from a clean image.
    npm_config_cache: npmCache,
    npm_config_prefer_offline: 'true',
    npm_config_update_notifier: 'false'
  }
  const cwd = inRoot(st, '.')
  const res = form.exec !== undefined
    ? spawnSync(form.exec[0], form.exec.slice(1).map(a => mapAbsolute(st, a)), { cwd, env, stdio: 'inherit' })
    : spawnSync('sh', ['-c', mapAbsolute(st, form.shell)], { cwd, env, stdio: 'inherit' })
  if (res.status !== 0) fail(`line ${ins.line}: RUN ${ins.args} exited with ${res.status ?? res.signal}`)
}

for (const ins of instructions) {
  if (ins.op === 'FROM') {
    const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(ins.args)
    if (m === null) fail(`line ${ins.line}: cannot read FROM ${ins.args}`)
    const image = m[1]
    const base = /^node:(\d+)(?:[.-]|$)/.exec(image)
    if (base === null) fail(`line ${ins.line}: the replay stands in for official node images only (got ${image})`)
    if (base[1] !== process.versions.node.split('.')[0]) {
      log(`warning: the image uses Node ${base[1]}, this replay runs Node ${process.versions.node}`)
    }
    stage = { name: m[2] ?? String(stages.length), root: join(work, `stage-${stages.length}`), workdir: '/', env: {}, user: 'root', volumes: [], expose: [], healthcheck: null, entrypoint: null, cmd: null }
    mkdirSync(stage.root)
    stages.push(stage)
    log(`stage ${stage.name} (${image})`)
    continue
  }
  if (stage === null) fail(`line ${ins.line}: ${ins.op} before FROM`)
  switch (ins.op) {
    case 'WORKDIR':
      stage.workdir = posix.resolve(stage.workdir, ins.args)
      mkdirSync(inRoot(stage, '.'), { recursive: true })
      break
    case 'ENV':
      Object.assign(stage.env, parseEnv(ins.args))
      break
    case 'ARG':
    case 'LABEL':
      break
    case 'COPY': {
      const { flags, rest } = takeFlags(ins.args)
      const parts = commandForm(rest).exec ?? rest.split(/\s+/)
      if (parts.length < 2) fail(`line ${ins.line}: COPY needs a source and a destination`)
      const dest = parts.at(-1)
      const sources = parts.slice(0, -1)
      const toDir = dest.endsWith('/') || sources.length > 1
      for (const src of sources) {
        if (/[*?[]/.test(src)) fail(`line ${ins.line}: COPY wildcards are not replayed; name the files`)
        let from
        if (flags.from !== undefined) {
          const other = stages.find(s => s.name === flags.from)
          if (other === undefined || other === stage) fail(`line ${ins.line}: COPY --from=${flags.from}: no such earlier stage`)
          from = inRoot(other, posix.resolve('/', src))
          if (!existsSync(from)) fail(`line ${ins.line}: COPY --from=${flags.from} ${src}: not found in that stage`)
        } else {
          const rel = posix.normalize(src).replace(/^(\.\/)+|\/+$/g, '')
          from = join(context, rel)
          if (!existsSync(from)) fail(`line ${ins.line}: COPY ${src}: not found in the build context`)
          if (rel !== '.' && ignored(rel)) fail(`line ${ins.line}: COPY ${src}: excluded by .dockerignore`)
        }
        const isDir = statSync(from).isDirectory()
        // Docker copies a folder's contents, and a file into a folder destination under its own name.
        const target = inRoot(stage, isDir || !toDir ? dest : posix.join(dest, basename(src)))
        mkdirSync(isDir ? target : dirname(target), { recursive: true })
        if (flags.from !== undefined) cpSync(from, target, { recursive: true })
        else copyFromContext(posix.normalize(src).replace(/^(\.\/)+|\/+$/g, '') || '.', target)
      }
      log(`line ${ins.line}: COPY ${ins.args}`)
      break
    }
    case 'RUN':
      log(`line ${ins.line}: RUN ${ins.args}`)
      runInStage(stage, ins)
      break
    case 'USER':
      stage.user = ins.args
      break
    case 'VOLUME': {
      const vols = commandForm(ins.args).exec ?? ins.args.split(/\s+/)
      for (const v of vols) {
        stage.volumes.push(v)
        mkdirSync(inRoot(stage, v), { recursive: true })
      }
      break
    }
    case 'EXPOSE':
      stage.expose.push(...ins.args.split(/\s+/).map(p => Number(p.split('/')[0])))
      break
    case 'HEALTHCHECK': {
      const m = /^(.*?)\bCMD\s+(.*)$/.exec(ins.args)
      if (m === null) fail(`line ${ins.line}: HEALTHCHECK without CMD`)
      stage.healthcheck = commandForm(m[2])
      break
    }
    case 'ENTRYPOINT':
      stage.entrypoint = commandForm(ins.args)
      break
    case 'CMD':
      stage.cmd = commandForm(ins.args)
      break
    default:
      fail(`line ${ins.line}: ${ins.op} is not replayed by this script`)
  }
}

// ---- 4. what the final image must be ----------------------------------------------------------
const final = stages.at(-1)
if (final === undefined) fail('no FROM')
if (stages.length < 2) fail('expected a multi-stage build (build stage + runtime stage)')
if (final.user === 'root' || final.user === '0') fail('the runtime stage must switch to a non-root USER')
if (final.env.HOST !== '0.0.0.0') fail('the runtime stage must set HOST=0.0.0.0 (else nothing outside the container reaches it)')
if (!final.expose.includes(Number(final.env.PORT ?? 4000))) fail(`EXPOSE ${final.expose.join(' ')} does not include the PORT the server uses (${final.env.PORT ?? 4000})`)
if (final.healthcheck === null) fail('the runtime stage needs a HEALTHCHECK')
if (!final.volumes.includes('/data')) fail('the runtime stage should declare VOLUME /data')
if (existsSync(inRoot(final, 'node_modules/typescript'))) fail('the runtime stage has dev dependencies (typescript) installed')
if (!existsSync(inRoot(final, 'node_modules/fastify'))) fail('the runtime stage has no production dependencies')

/** Docker's composition of the start command: exec ENTRYPOINT + exec CMD, or shell forms. */
function startCommand (st, extra) {
  const ep = st.entrypoint
  const cmd = extra.length > 0 ? { exec: extra } : (st.cmd ?? { exec: [] })
  if (ep === null) {
    if (cmd.shell !== undefined) return ['sh', '-c', cmd.shell]
    return cmd.exec
  }
  if (ep.shell !== undefined) return ['sh', '-c', ep.shell]
  return [...ep.exec, ...(cmd.exec ?? ['sh', '-c', cmd.shell])]
}

async function freePort () {
  return await new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)) })
  })
}

async function waitForHealth (base, child) {
  const deadline = Date.now() + 30000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return false
    try {
      const res = await fetch(`${base}/health`)
      if (res.ok) return true
    } catch {}
    await new Promise(resolve => setTimeout(resolve, 150))
  }
  return false
}

async function boot (extraArgs) {
  const port = await freePort()
  const argv = startCommand(final, extraArgs).map(a => mapAbsolute(final, a))
  const env = { PATH: process.env.PATH, HOME: final.root, ...final.env, PORT: String(port) }
  let output = ''
  const child = spawn(argv[0], argv.slice(1), { cwd: inRoot(final, '.'), env, stdio: ['ignore', 'pipe', 'pipe'] })
  child.stdout.on('data', d => { output += d })
  child.stderr.on('data', d => { output += d })
  const base = `http://127.0.0.1:${port}`
  if (!await waitForHealth(base, child)) {
    child.kill('SIGKILL')
    fail(`${argv.join(' ')} did not answer /health:\n${output}`)
  }
  return { child, base, env, output: () => output, argv }
}

async function stop (server) {
  const exited = new Promise(resolve => server.child.once('exit', code => resolve(code)))
  server.child.kill('SIGTERM')
  const code = await Promise.race([exited, new Promise(resolve => setTimeout(() => resolve('timeout'), 6000))])
  if (code !== 0) {
    server.child.kill('SIGKILL')
    fail(`SIGTERM: expected exit 0 within 5 s, got ${code}\n${server.output()}`)
  }
}

const token = (final.env.FAKE_WORKATO_API_TOKENS ?? 'dev-token').split(',')[0].trim()
const api = (base, path, init = {}) => fetch(base + path, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers } })

const server = await boot([])
log(`started: ${server.argv.join(' ')} → ${server.output().trim()}`)
const list = await api(server.base, '/api/managed_users/91829/mcp_servers')
const body = await list.json().catch(() => null)
if (list.status !== 200 || !Array.isArray(body?.data)) fail(`GET /api/managed_users/91829/mcp_servers → ${list.status} ${JSON.stringify(body)}`)
log(`GET /health → 200; GET /api/managed_users/91829/mcp_servers → 200 (${body.data.length} servers)`)

const hc = final.healthcheck.exec ?? ['sh', '-c', final.healthcheck.shell]
const probe = spawnSync(hc[0], hc.slice(1), { cwd: inRoot(final, '.'), env: server.env, encoding: 'utf8', timeout: 10000 })
if (probe.status !== 0) fail(`the HEALTHCHECK command exited ${probe.status}: ${probe.stderr}`)
log('HEALTHCHECK command → exit 0')
await stop(server)
log('SIGTERM → exit 0')

// The documented way to keep state: --data /data/state.json on the volume.
const withData = await boot(['--data', '/data/state.json'])
const created = await api(withData.base, '/api/managed_users/91829/mcp_servers', { method: 'POST', body: JSON.stringify({ name: 'Replay Check', folder_id: 27180380 }) })
if (created.status !== 200) fail(`create with --data → ${created.status}`)
await stop(withData)
const stateFile = inRoot(final, '/data/state.json')
if (!existsSync(stateFile) || !readFileSync(stateFile, 'utf8').includes('Replay Check')) fail('--data /data/state.json did not keep the change on the volume')
log(`--data /data/state.json on VOLUME /data keeps state (files there: ${readdirSync(inRoot(final, '/data')).join(', ')})`)

cleanup()
log(`OK in ${Math.round((Date.now() - started) / 1000)} s`)
