// Which action a schedule or a queued item is for: one of this workspace's,
// or of the connected server (said in its row), picked in one list.
import * as vscode from 'vscode'
import type { ActionIndex } from './actionIndex'
import type { ServerConnection } from './serverConnection'

export interface ActionTarget {
  slug: string
  server: boolean
  name: string
}

/** `verb`: what the pick is for ("Schedule", "Queue"). */
export async function pickActionTarget(index: ActionIndex, server: ServerConnection, verb: string): Promise<ActionTarget | undefined> {
  const local = index.listed().filter((e) => e.state === 'ready' && e.route?.kind !== 'page').map((e) => ({
    label: e.name ?? e.slug, description: e.description, detail: e.file.relPath, slug: e.slug, server: false,
  }))
  const remote = (server.listing?.actions ?? []).filter((a) => a.kind === 'action' && a.state === 'ready').map((a) => ({
    label: a.name, description: `on ${server.label}`, detail: a.relPath, slug: a.slug, server: true,
  }))
  const items = [...local, ...remote]
  if (!items.length) return void vscode.window.showInformationMessage(`Mini Interval: there is no action to ${verb.toLowerCase()}.`)
  const picked = await vscode.window.showQuickPick(items, { placeHolder: `${verb} which action?`, matchOnDescription: true, matchOnDetail: true })
  return picked && { slug: picked.slug, server: picked.server, name: picked.label }
}
