// The Inbox and Schedules views start collapsed, so Actions and History keep
// their room (the suites find rows there, and rows off screen are not in the
// DOM). A suite that opens one folds it again when it is done.
import * as vscode from 'vscode'
import { until } from './extension'
import { ui } from './ui'

const header = (title: string) => ({ frame: 'workbench' as const, css: `.pane-header:has(h3.title:text-is("${title}"))` })

export async function openPane(title: 'Inbox' | 'Schedules'): Promise<void> {
  await vscode.commands.executeCommand(`miniInterval.${title.toLowerCase()}.focus`)
  await until(`the ${title} view to open`, async () => (await ui.attr(header(title), 'aria-expanded')) === 'true', 10_000)
}

export async function foldPane(title: 'Inbox' | 'Schedules'): Promise<void> {
  if ((await ui.attr(header(title), 'aria-expanded').catch(() => null)) === 'true') await ui.click(header(title))
  await until(`the ${title} view to fold`, async () => (await ui.attr(header(title), 'aria-expanded')) === 'false', 10_000)
}
