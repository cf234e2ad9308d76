// Waits for something that is usually already done (the first search for
// actions), telling the person only when it is not done quickly.

/**
 * Resolves when `work` settles. If it has not settled after `noticeAfterMs`,
 * calls `onSlow(work)` once (to show a progress message that ends with it).
 * A rejected `work` resolves too: the caller goes on with what it has.
 */
export async function waitWithNotice(work: Promise<unknown>, noticeAfterMs: number, onSlow: (work: Promise<void>) => void): Promise<void> {
  const settled = work.then(() => undefined, () => undefined)
  let done = false
  const timer = setTimeout(() => done || onSlow(settled), noticeAfterMs)
  try {
    await settled
  } finally {
    done = true
    clearTimeout(timer)
  }
}
