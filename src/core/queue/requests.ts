// The Inbox item of a scheduled run ('queue' mode) waiting at a prompt for its
// owner, the same on serve's two engines and in VS Code. Its id is derived from
// the run's, so a replay that waits there again queues nothing new.
import type { QueueRequest } from './types'

export function ownerQueueRequest(run: { id: string; slug: string; params: Record<string, unknown> }, schedule: string, actionName: string, label: string, owner?: string): QueueRequest & { id: string } {
  return {
    id: `${run.id}-p`, slug: run.slug, params: run.params, runId: run.id, title: `${actionName}: ${label}`,
    ...(owner ? { assignee: owner } : {}),
    source: { kind: 'schedule', schedule, tx: run.id },
  }
}
