// ctx.enqueue(slug, { params?, assignee?, team?, title? }): queues an action in
// a person's or a team's Inbox (core/queue). It runs as a journaled step
// (durable/steps.ts) that asks the host and waits for its answer, so:
//   - the item's id is `<tx>-q<n>` (n = 1, 2, … in call order): the same on
//     every replay, and a host's store adds an id it knows only once;
//   - a replayed call returns the journaled `{ id }` (or throws the journaled
//     error: an unknown action, say) without asking the host again, so a
//     resumed run never queues twice and takes the path it took before;
//   - a crash between the ask and the step's end asks again with the same id.
import type { QueuedAction, QueueRequest } from '../queue/types'
import { cutString, toJsonSafe } from './serialize'

/** ctx.enqueue's second argument: the queue's request (core/queue/types.ts) as an action words it. */
export type EnqueueOptions = Pick<QueueRequest, 'params' | 'assignee' | 'team' | 'title'>

/** What the worker asks the host to queue (workerMessages.ts `enqueue`, less its request id): the item's own fields. */
export type EnqueueRequest = Pick<QueuedAction, 'id' | 'slug' | 'params' | 'assignee' | 'team' | 'title'>

/** The id of the `n`th item a transaction queues. */
export const enqueuedId = (tx: string, n: number): string => `${tx}-q${n}`

/** The journaled step's name (History lists it with the run's steps). */
export const enqueueStepName = (slug: string): string => `enqueue ${JSON.stringify(cutString(slug, 200))}`

/** Checks ctx.enqueue's arguments; throws a TypeError saying what is wrong. */
export function enqueueRequest(slug: unknown, options: unknown): Omit<EnqueueRequest, 'id'> {
  if (typeof slug !== 'string' || !slug.trim() || slug.length > 1000) throw new TypeError('ctx.enqueue: the first argument is the slug of the action to queue (a non-empty string)')
  if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
    throw new TypeError('ctx.enqueue: the second argument is { params?, assignee?, team?, title? }')
  }
  const o = (options ?? {}) as Record<string, unknown>
  if (o.params !== undefined && (typeof o.params !== 'object' || o.params === null || Array.isArray(o.params))) throw new TypeError('ctx.enqueue: "params" must be an object')
  const text = (name: string, max: number): string | undefined => {
    const v = o[name]
    if (v === undefined) return undefined
    if (typeof v !== 'string' || !v.trim() || v.length > max) throw new TypeError(`ctx.enqueue: "${name}" must be a non-empty string of at most ${max} characters`)
    return v.trim()
  }
  const assignee = text('assignee', 320)
  const team = text('team', 200)
  // Cut below the message's 1000 characters, with the note of what was cut.
  const title = o.title === undefined ? undefined : cutString(String(o.title), 900)
  return {
    slug: slug.trim(),
    params: (o.params ? toJsonSafe(o.params) : {}) as Record<string, unknown>,
    ...(assignee ? { assignee } : {}),
    ...(team ? { team } : {}),
    ...(title ? { title } : {}),
  }
}
