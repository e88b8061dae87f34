// The wire profiles by name: what --profile picks.
import type { Profile } from '../config.js'
import { docsProfile } from './docs.js'
import { liveProfile } from './live.js'
import type { WireProfile } from './profile.js'

export const PROFILE_WIRES: Record<Profile, WireProfile> = { docs: docsProfile, live: liveProfile }
