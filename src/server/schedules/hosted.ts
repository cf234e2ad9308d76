// What serve's schedule routes ask of the engine that runs schedules: the
// embedded Scheduler over the data folder (embedded.ts) or Restate's. The
// routes decide who may do what before this seam; `owner` says who did it.
import type { Schedule } from '../../core/schedules/spec'

/** One schedule as serve's API and page show it (contract 3). */
export interface ScheduleView {
  id: string
  slug: string
  /** The action's name, or its slug when the action is not found. */
  actionName: string
  cron: string
  timezone: string
  params: Record<string, unknown>
  origin: 'action' | 'added'
  /** Email of whose run it is (ctx.user). */
  owner?: string
  /** When it fires next (ISO). */
  next?: string
  last?: { scheduledFor: string; runId: string; status?: string }
  notify?: 'failure' | 'always'
  notifyTo?: string[]
}

export interface AddScheduleSpec {
  slug: string
  cron: string
  timezone?: string
  params?: Record<string, unknown>
  notify?: 'failure' | 'always'
  notifyTo?: string[]
}

export interface HostedSchedules {
  list(): Promise<ScheduleView[]>
  /** Throws an Error whose message is one line (a cron or time-zone problem) when the spec is refused. */
  add(spec: AddScheduleSpec, owner: string): Promise<ScheduleView>
  remove(id: string): Promise<'removed' | 'declared' | 'unknown'>
  /** The folder's declared schedules changed (the catalog's entries' `schedules`). */
  setDeclared(list: Schedule[]): void
  onChange(f: () => void): () => void
  close(): void
}
