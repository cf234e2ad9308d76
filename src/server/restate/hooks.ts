// What a transaction on Restate tells the serve whose endpoint runs it
// (SessionHost's hooks): ctx.enqueue and a queue-mode scheduled run waiting
// for its owner go to the queue store, ctx.notify and a schedule's "how it
// went" to the notifier, and a schedule's time asks who runs it and how.
import { isFinished, type TxView } from '../../core/protocol'
import type { QueueRequest, QueueStore } from '../../core/queue/types'
import { endNotice, tellsEnd, type Schedule } from '../../core/schedules/spec'
import type { Logger } from '../log'
import type { Notice } from '../notify/notifier'
import type { ScheduledRun } from './schedules'
import type { SessionHost, StartInput } from './session'
import { ownerQueueRequest } from '../../core/queue/requests'

export interface RestateHooksDeps {
  queue: QueueStore
  /** Why an item cannot be queued (an unknown action, an assignee who is nobody here); undefined when it can. */
  queueRefusal?(req: QueueRequest): string | undefined
  /** An action's name, for an Inbox item's title and a notification. */
  nameOf(slug: string): string | undefined
  /** A schedule's time came: who runs it and how (schedules.ts). */
  scheduled(s: Schedule): Promise<ScheduledRun>
  notify(n: Notice): void
  log: Logger
}

export type RestateHooks = Required<Pick<SessionHost, 'scheduled' | 'onEnqueue' | 'onNotify' | 'onNeedsPerson' | 'onEnded' | 'queueItem' | 'queueChanged'>>

/** How long a waiting step looks again at its item without hearing of a change (a change missed while Restate was away). */
const RECHECK_MS = 60_000

export function restateHooks(deps: RestateHooksDeps): RestateHooks {
  const name = (slug: string) => deps.nameOf(slug) ?? slug
  return {
    async scheduled(s) {
      const how = await deps.scheduled(s)
      // In the tick's journaled step: said once per scheduled time.
      if ('error' in how) deps.log.warn(`Schedule ${s.slug} "${s.cron}" did not start its run: ${how.error}`)
      return how
    },

    async onEnqueue(_tx, input, req) {
      const refused = deps.queueRefusal?.(req)
      if (refused) throw new Error(refused)
      await deps.queue.add(req, input.user.email)
    },

    queueItem: (id) => deps.queue.get(id),

    queueChanged: () =>
      new Promise<void>((resolve) => {
        const done = () => (clearTimeout(timer), stop(), resolve())
        const stop = deps.queue.onChange(done)
        const timer = setTimeout(done, RECHECK_MS)
        timer.unref?.()
      }),

    onNotify: (tx, input, n) => deps.notify({ ...n, tx, slug: input.slug, user: input.user.email }),

    onNeedsPerson(tx, input, prompt) {
      if (input.trigger?.kind !== 'schedule') return
      // Its id is the run's: a replay that waits there again (a new worker) queues nothing new.
      const item = ownerQueueRequest({ id: tx, slug: input.slug, params: input.params ?? {} }, input.trigger.schedule, name(input.slug), prompt.label, input.user.email)
      void deps.queue.add(item, input.user.email).catch((e: Error) => deps.log.error(`Transaction ${tx} could not be queued for its owner: ${e.message}`))
    },

    /** A scheduled run that asks to be told of its end (workflow.ts calls this once). */
    onEnded(tx: string, input: StartInput, view: TxView) {
      if (!input.notify || input.trigger?.kind !== 'schedule' || !isFinished(view.status) || !tellsEnd(input.notify.on, view.status)) return
      const title = name(input.slug)
      deps.notify({ message: endNotice(title, view.status, view.error), title, tx, slug: input.slug, user: input.user.email, ...(input.notify.to ? { to: input.notify.to } : {}) })
    },
  }
}
