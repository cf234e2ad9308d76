// What the History view is narrowed to, how it reads in the view's message,
// and the pickers that set it.
import * as vscode from 'vscode'
import type { HistoryStore } from '../core/history/store'
import { STATUS_LABELS, TX_STATUSES, type TxStatus } from '../core/protocol'

export interface HistoryFilter {
  /** An action's slug. */
  action?: string
  status?: TxStatus[]
  /** Searched in prompts, answers, logs, results and errors. */
  text?: string
  /** Only runs started by this person (email): on a team's server, who ran what. */
  user?: string
}

/** "Today", "Yesterday", or the date, for the day groups. */
export function dayLabel(iso: string, now = new Date()): string {
  const d = new Date(iso)
  const day = (x: Date): number => new Date(x.getFullYear(), x.getMonth(), x.getDate()).getTime()
  const diff = Math.round((day(now) - day(d)) / 86_400_000)
  if (diff === 0) return 'Today'
  if (diff === 1) return 'Yesterday'
  return d.toLocaleDateString(undefined, { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric' })
}

/** The view's message: what is shown, so a filtered view never looks like a lost history. */
export function describeFilter(f: HistoryFilter, total: number): string | undefined {
  const parts = [
    f.action && `action ${f.action}`,
    f.status?.length && f.status.map((s) => STATUS_LABELS[s].toLowerCase()).join(' or '),
    f.text && `matching "${f.text}"`,
    f.user && `started by ${f.user}`,
  ].filter(Boolean)
  if (!parts.length) return undefined
  return `${total.toLocaleString()} run${total === 1 ? '' : 's'}: ${parts.join(', ')}`
}

/** One multi-select pick of actions and statuses; undefined when dismissed. */
export async function pickFilter(store: HistoryStore, current: HistoryFilter): Promise<HistoryFilter | undefined> {
  type Item = vscode.QuickPickItem & { action?: string; status?: TxStatus }
  const actions: Item[] = store.actions().map((a) => ({
    label: a.name, description: a.slug, detail: `${a.count.toLocaleString()} run${a.count === 1 ? '' : 's'}`, action: a.slug, picked: current.action === a.slug,
  }))
  const statuses: Item[] = TX_STATUSES.map((s) => ({ label: STATUS_LABELS[s], status: s, picked: !!current.status?.includes(s) }))
  const items: Item[] = [
    { label: 'Action', kind: vscode.QuickPickItemKind.Separator }, ...actions,
    { label: 'Status', kind: vscode.QuickPickItemKind.Separator }, ...statuses,
  ]
  const picked = await vscode.window.showQuickPick(items, {
    canPickMany: true, title: 'Filter History', placeHolder: 'Pick an action and statuses (none: all runs)', matchOnDescription: true,
  })
  if (!picked) return undefined
  const action = picked.find((p) => p.action)?.action
  const status = picked.flatMap((p) => (p.status ? [p.status] : []))
  return { ...current, action, status: status.length ? status : undefined }
}

export async function askSearch(current: HistoryFilter): Promise<HistoryFilter | undefined> {
  const text = await vscode.window.showInputBox({
    title: 'Search History', prompt: 'Text in prompts, answers, logs, results or errors', value: current.text ?? '',
  })
  return text === undefined ? undefined : { ...current, text: text.trim() || undefined }
}

/** The person whose runs to show (an email); empty shows everyone's again. */
export async function askPerson(current: HistoryFilter): Promise<HistoryFilter | undefined> {
  const user = await vscode.window.showInputBox({
    title: 'Filter History by Person',
    prompt: 'The email of who started the runs (on a team server, anyone; here, you). Empty: everyone.',
    value: current.user ?? '',
    validateInput: (v) => (v.trim() && !/^[^\s@]+@[^\s@]+$/.test(v.trim()) ? 'An email address, like ada@example.com' : undefined),
  })
  return user === undefined ? undefined : { ...current, user: user.trim() || undefined }
}
