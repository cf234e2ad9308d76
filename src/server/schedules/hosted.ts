// What serve's schedule routes ask of the engine that runs schedules: the
// embedded Scheduler over the data folder (embedded.ts) or Restate's. The
// routes decide who may do what before this seam; `owner` says who did it.
import type { Schedule } from '../../core/schedules/spec'

// One description of a schedule and of a new one for serve, VS Code's client and the page (core/remote/schemas.ts).
export type { NewSchedule, ScheduleView } from '../../core/remote/schemas'
import type { NewSchedule, ScheduleView } from '../../core/remote/schemas'

export interface HostedSchedules {
  list(): Promise<ScheduleView[]>
  /** Throws an Error whose message is one line (a cron or time-zone problem) when the spec is refused. */
  add(spec: NewSchedule, owner: string): Promise<ScheduleView>
  remove(id: string): Promise<'removed' | 'declared' | 'unknown'>
  /** The folder's declared schedules changed (the catalog's entries' `schedules`). */
  setDeclared(list: Schedule[]): void
  onChange(f: () => void): () => void
  close(): void
}
