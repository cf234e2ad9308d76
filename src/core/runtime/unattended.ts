// A run nobody is at (a schedule's): what its first prompt does. The host
// decides, not the worker, so an action cannot catch the failure and go on,
// and both engines (the History store's and Restate's) behave the same: the
// mode is in the run's `started` event, so a resumed run keeps it.
import type { Component, ErrorInfo } from '../protocol'
import type { Unattended } from '../history/events'

export type { Unattended }

/** The screen's labels, each on one line and cut short (an io.group has several). */
export function promptLabels(components: Pick<Component, 'label'>[]): string[] {
  return components.map((c) => cut(oneLine(c.label ?? ''), 200)).filter(Boolean)
}

/** The failure of an unattended run in 'fail' mode at its first prompt, as History shows it. */
export function needsPersonError(labels: string[], why: string): ErrorInfo {
  const what = labels.length ? labels.map((l) => JSON.stringify(l)).join(', ') : 'a screen without a label'
  return {
    name: 'NeedsPersonError',
    message: `Nobody was there to answer ${what}: ${cut(oneLine(why), 1000)}; set scheduleMode: 'queue' to queue it for its owner instead.`,
  }
}

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim()
const cut = (s: string, max: number): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s)
