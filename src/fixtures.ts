// Loads the default world from a fixtures file or folder, validated against the state schema.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { SCHEMA_VERSION, type WorldData } from './schemas/state.js'
import { checkState } from './domain/state-check.js'
import { StateError, World } from './domain/world.js'

function checkWorld (data: WorldData): World {
  return new World(structuredClone(data), 0)
}

/** The fixtures shipped with the package (next to dist/ or src/). */
export const DEFAULT_FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures')

export class FixtureError extends Error {}

function readOne (file: string): WorldData {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    throw new FixtureError(`${file}: cannot read fixtures (${(err as Error).message})`)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (err) {
    throw new FixtureError(`${file}: not valid JSON (${(err as Error).message})`)
  }
  try {
    return checkState(json)
  } catch (err) {
    if (err instanceof StateError) throw new FixtureError(`${file}: ${err.message}`)
    throw err
  }
}

/**
 * A file, or a folder whose *.json files (in name order) are merged: their managed users are
 * concatenated. The merged world is checked for duplicates and broken references.
 */
export function loadFixtures (path: string = DEFAULT_FIXTURES): WorldData {
  let stat
  try {
    stat = statSync(path)
  } catch {
    throw new FixtureError(`${path}: fixtures file or folder not found`)
  }
  const files = stat.isDirectory()
    ? readdirSync(path).filter(f => f.endsWith('.json')).sort().map(f => join(path, f))
    : [path]
  if (files.length === 0) throw new FixtureError(`${path}: no .json fixtures in this folder`)
  const merged: WorldData = { schema_version: SCHEMA_VERSION, managed_users: [] }
  for (const file of files) merged.managed_users.push(...readOne(file).managed_users)
  try {
    // Building a World runs the cross-record checks; the result is discarded.
    checkWorld(merged)
  } catch (err) {
    if (err instanceof StateError) throw new FixtureError(`${path}: ${err.message}`)
    throw err
  }
  return merged
}
