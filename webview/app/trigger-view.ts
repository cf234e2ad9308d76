// What started a run nobody clicked Run for, as History's detail says it: a
// schedule at its time (the minute it was due, which a late catch-up run is
// not), or a person opening an Inbox item.
import { html, type TemplateResult } from 'lit'
import type { TxTrigger } from '../../src/core/protocol'

/** "09:00 (Mon 7 Dec)" in the reader's locale and time zone; the ISO text when it is not a date. */
export function formatDue(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const time = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' }).format(d)
  const day = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short' }).format(d)
  return `${time} (${day})`
}

/** The header's Trigger fact (a <dt>/<dd> pair of its kv list). */
export function renderTrigger(t: TxTrigger): TemplateResult {
  const what = t.kind === 'schedule'
    ? html`Ran on its schedule for <time datetime=${t.scheduledFor} title=${t.scheduledFor}>${formatDue(t.scheduledFor)}</time>`
    : html`Opened from an Inbox`
  return html`<dt>Trigger</dt><dd data-testid="trigger" data-kind=${t.kind}>${what}</dd>`
}
