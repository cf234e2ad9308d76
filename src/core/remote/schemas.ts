// What `mini-interval serve`'s API answers, checked before a client uses it:
// a server of another version (or something else on that port) gives one
// clear error instead of a broken tree.
import * as z from 'zod'
import { lazySchemas } from '../lazySchemas'
import type { TreeNode } from '../discovery/actionTree'
import { accessSchema, TX_STATUSES } from '../protocol'

// Built on first use (core/lazySchemas.ts).
export const { treeNodeSchema, remoteActionSchema, remoteWorkflowSchema, remoteListingSchema, remoteSummarySchema, remoteHistoryPageSchema, listEventSchema, runResponseSchema, scheduleViewSchema } = lazySchemas(() => {
  const actionFileSchema = z.object({ file: z.string(), relPath: z.string(), root: z.string() })

  const treeNodeSchema: z.ZodType<TreeNode> = z.lazy(() =>
    z.union([
      z.object({ kind: z.literal('group'), id: z.string(), label: z.string(), children: z.array(treeNodeSchema), key: z.string().optional() }),
      z.object({ kind: z.literal('action'), id: z.string(), slug: z.string(), file: actionFileSchema, key: z.string().optional() }),
    ]),
  )

  const remoteActionSchema = z.object({
    slug: z.string(),
    name: z.string(),
    description: z.string().optional(),
    state: z.enum(['loading', 'ready', 'broken']),
    error: z.string().optional(),
    relPath: z.string(),
    kind: z.enum(['action', 'page']),
    key: z.string().optional(),
    hasHandler: z.boolean().optional(),
    /** Interval's `access`: the server enforces it; listed so a client can say why. */
    access: accessSchema.optional(),
  })

  const remoteWorkflowSchema = z.object({
    slug: z.string(),
    name: z.string(),
    relPath: z.string(),
    state: z.enum(['ready', 'broken']),
    problem: z.string().optional(),
    description: z.string().optional(),
  })

  const remoteListingSchema = z.object({
    actions: z.array(remoteActionSchema),
    workflows: z.array(remoteWorkflowSchema),
    tree: z.array(treeNodeSchema),
  })

  const remoteSummarySchema = z.object({
    id: z.string(),
    slug: z.string(),
    actionName: z.string(),
    status: z.enum(TX_STATUSES),
    user: z.string(),
    email: z.string().optional(),
    startedAt: z.string(),
    endedAt: z.string().optional(),
    unreadable: z.string().optional(),
    problems: z.number().optional(),
    resumed: z.number().optional(),
    /** Started by a schedule, or opened from an Inbox. */
    trigger: z.enum(['schedule', 'queue']).optional(),
  })

  const remoteHistoryPageSchema = z.object({ items: z.array(remoteSummarySchema), total: z.number().int().nonnegative(), next: z.string().optional() })

  /**
   * What `GET /api/events` pushes: the actions changed, a transaction started, changed status or ended,
   * someone's inbox or the schedules may have changed (refetch), or a notification for this person.
   */
  const listEventSchema = z.discriminatedUnion('type', [
    z.object({ type: z.literal('actions') }),
    z.object({ type: z.literal('tx'), id: z.string(), status: z.enum(TX_STATUSES) }),
    z.object({ type: z.literal('inbox') }),
    z.object({ type: z.literal('schedules') }),
    z.object({ type: z.literal('notify'), id: z.string(), message: z.string(), title: z.string().optional(), at: z.string(), tx: z.string().optional() }),
  ])

  const runResponseSchema = z.object({ id: z.string().regex(/^[a-z0-9-]{1,80}$/) })

  /** One schedule as `GET /api/schedules` lists it (serve's ScheduleView). */
  const scheduleViewSchema = z.object({
    id: z.string(),
    slug: z.string(),
    actionName: z.string(),
    cron: z.string(),
    timezone: z.string(),
    params: z.record(z.string(), z.unknown()),
    origin: z.enum(['action', 'added']),
    owner: z.string().optional(),
    next: z.string().optional(),
    last: z.object({ scheduledFor: z.string(), runId: z.string(), status: z.string().optional() }).optional(),
    notify: z.enum(['failure', 'always']).optional(),
    notifyTo: z.array(z.string()).optional(),
  })
  return { treeNodeSchema, remoteActionSchema, remoteWorkflowSchema, remoteListingSchema, remoteSummarySchema, remoteHistoryPageSchema, listEventSchema, runResponseSchema, scheduleViewSchema }
})

export type RemoteAction = z.infer<typeof remoteActionSchema>
export type RemoteWorkflow = z.infer<typeof remoteWorkflowSchema>
export type RemoteListing = z.infer<typeof remoteListingSchema>
export type RemoteSummary = z.infer<typeof remoteSummarySchema>
export type RemoteHistoryPage = z.infer<typeof remoteHistoryPageSchema>
export type ListEvent = z.infer<typeof listEventSchema>
export type ScheduleView = z.infer<typeof scheduleViewSchema>

/** What `POST /api/schedules` takes (serve checks it, with its bounds, in server/schedules/routes.ts). */
export interface NewSchedule {
  slug: string
  cron: string
  timezone?: string
  params?: Record<string, unknown>
  notify?: 'failure' | 'always'
  notifyTo?: string[]
}
