// The names Restate knows the engine's services by (its ingress paths and SQL tables use them).
/** The workflow each transaction is, keyed by its id (workflow.ts). */
export const TX_WORKFLOW = 'tx'
/** The virtual object holding singleton actions' locks, keyed by lock name (singleton.ts). */
export const SINGLETON_OBJECT = 'singleton'
/** The ctx.run each batch of a transaction's events is journaled in (workflow.ts); History reads them back (admin.ts). */
export const JOURNAL_RUN = 'journal'
/** The virtual object keeping an uploaded file's bytes, one chunk per key (`<reference>-<i>`, blobs.ts). */
export const BLOB_OBJECT = 'blob'
/** One virtual object per schedule, keyed by its id: its spec and the time it is armed for (schedules.ts). */
export const SCHEDULE_OBJECT = 'schedule'
/** The virtual object listing every schedule (key `all`), declared or added, so any serve lists them (schedules.ts). */
export const SCHEDULES_OBJECT = 'schedules'
/** The virtual object holding queued actions (key `inbox`, queue.ts). */
export const QUEUE_OBJECT = 'queue'
/** A workflow per version of a topic (`<topic>-<n>`), ended when the topic moves past n: what a serve waits on to hear others' changes (changes.ts). */
export const CHANGES_WORKFLOW = 'changes'
