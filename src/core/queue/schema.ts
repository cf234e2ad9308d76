// The queued-action contract (types.ts) as zod: an item file read back from
// disk, and an Inbox answer from serve, are checked with these before use.
import * as z from 'zod'
import { lazySchemas } from '../lazySchemas'
import type { QueuedAction } from './types'

export const QUEUE_ID = /^[a-z0-9-]{1,100}$/

// Built on first use (core/lazySchemas.ts).
export const { queuedActionSchema } = lazySchemas(() => {
  const sourceSchema = z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('ctx'), tx: z.string() }),
    z.object({ kind: z.literal('person') }),
    z.object({ kind: z.literal('workflow'), tx: z.string(), step: z.string() }),
    z.object({ kind: z.literal('schedule'), schedule: z.string(), tx: z.string() }),
  ])

  const queuedActionSchema = z.object({
    id: z.string().regex(QUEUE_ID),
    slug: z.string(),
    params: z.record(z.string(), z.unknown()),
    assignee: z.string().optional(),
    team: z.string().optional(),
    title: z.string().optional(),
    createdBy: z.string(),
    createdAt: z.string(),
    runId: z.string().regex(/^[a-z0-9-]{1,80}$/),
    source: sourceSchema,
    state: z.enum(['waiting', 'started', 'done', 'withdrawn']),
    startedBy: z.string().optional(),
    startedAt: z.string().optional(),
    endedAt: z.string().optional(),
    outcome: z.string().optional(),
  }) satisfies z.ZodType<QueuedAction>
  return { queuedActionSchema }
})
