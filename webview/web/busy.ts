// A page's action (open, withdraw, add, remove…): one at a time, with its
// buttons disabled meanwhile (`busy`) and its failure's message shown (`error`).

export interface ActingPage<B> {
  busy: B
  error: string | undefined
}

/** Runs `f` with `page.busy` set to `busy` (then back to `idle`) and `page.error` cleared; a failure's message goes to `page.error`, then `onError` runs (a reload, say). */
export async function busyWhile<B>(page: ActingPage<B>, busy: B, idle: B, f: () => Promise<void>, onError?: () => Promise<void>): Promise<void> {
  page.busy = busy
  page.error = undefined
  try {
    await f()
  } catch (e) {
    page.error = (e as Error).message
    await onError?.()
  } finally {
    page.busy = idle
  }
}
