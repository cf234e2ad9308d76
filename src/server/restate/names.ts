// The names Restate knows the engine's services by (its ingress paths and SQL tables use them).
/** The workflow each transaction is, keyed by its id (workflow.ts). */
export const TX_WORKFLOW = 'tx'
/** The virtual object holding singleton actions' locks, keyed by lock name (singleton.ts). */
export const SINGLETON_OBJECT = 'singleton'
/** The ctx.run each batch of a transaction's events is journaled in (workflow.ts); History reads them back (admin.ts). */
export const JOURNAL_RUN = 'journal'
/** The virtual object keeping an uploaded file's bytes, one chunk per key (`<reference>-<i>`, blobs.ts). */
export const BLOB_OBJECT = 'blob'
