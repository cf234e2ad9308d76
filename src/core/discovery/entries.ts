// What discovery finds, as the Actions tree, the quick pick, `serve` and the
// runner see it: action files, the routes of Interval entry files, and
// workflow files with their problems.
import type { ActionFile } from './actionTree'
import type { Access } from '../protocol/access'
import type { ScheduleMode, ScheduleSpec } from '../schedules/spec'
import type { Workflow } from '../workflows/format'
import type { PlacedProblem } from './problems'

export type { ActionFile } from './actionTree'
export type { PlacedProblem } from './problems'

export interface ActionEntry {
  file: ActionFile
  slug: string
  state: 'loading' | 'ready' | 'broken'
  name?: string
  description?: string
  error?: string
  /** Keeps running when its tab closes. */
  backgroundable?: boolean
  /** Left out of the tree and the quick pick; links, redirects and row menus still start it. */
  unlisted?: boolean
  /** Asks before its tab closes while it runs (Interval's default: true). */
  warnOnClose?: boolean
  /** One running instance (true), or one per key of its params ('key'). */
  singleton?: boolean | 'key'
  /** Interval's `access`: who `serve` lets run it (absent: anyone who may run actions). */
  access?: Access
  /** Its declared `schedule`s (core/schedules/spec.ts); absent: none. */
  schedules?: ScheduleSpec[]
  /** What a scheduled run does at an io call that needs an answer: fail (default) or queue for the owner. */
  scheduleMode?: ScheduleMode
  /** Set for a route of an Interval entry file (`file`), which runs by its slug. */
  route?: RouteRef
}

export interface RouteRef {
  /** `<entry file>#<slug>`: what the tree and `find` use. */
  key: string
  /** A page is a group in the tree; it does not run as an action. */
  kind: 'action' | 'page'
  /** The file that defines it (a routesDirectory file, or the entry file). */
  source: string
  hasHandler: boolean
  routesDirectory?: string
}

export interface WorkflowEntry {
  file: ActionFile
  slug: string
  state: 'ready' | 'broken'
  /** Set when the file parsed; a broken file may still have one (an unknown step action). */
  workflow?: Workflow
  /** In file order; the first is what the tree shows. Empty when it can run. */
  problems: PlacedProblem[]
}
