// What the /__admin route plugins are given: the control operations and the traffic machinery.
import type { ControllableClock } from '../domain/clock.js'
import type { Control } from '../control/control.js'
import type { Faults } from '../control/faults.js'
import type { Journal } from '../control/journal.js'

export interface AdminDeps {
  control: Control
  journal: Journal
  faults: Faults
  clock: ControllableClock
  publicUrl: string
}
