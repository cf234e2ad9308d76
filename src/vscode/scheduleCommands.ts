// Commands of the Schedules view: Add Schedule… (an action, a cron checked as
// it is typed with the core parser's message, a time zone, params as JSON),
// Remove Schedule (added ones; a declared one is removed by editing its action),
// Run Now. While a server is connected, its schedules are added and removed there.
import * as vscode from 'vscode'
import { CronError, parseCron } from '../core/schedules/cron'
import { TimeZone } from '../core/schedules/timezone'
import type { ActionIndex } from './actionIndex'
import { pickActionTarget } from './pickTarget'
import { readParams } from './paramsInput'
import type { LocalSchedules } from './scheduleRunner'
import type { ScheduleNode, SchedulesTree } from './schedulesTree'
import type { ServerConnection } from './serverConnection'

/** What Add Schedule… takes as its argument (tests, links): any part given is not asked for. */
export interface AddScheduleArgs {
  slug?: string
  /** Add it on the connected server rather than in this workspace. */
  server?: boolean
  cron?: string
  timezone?: string
  params?: Record<string, unknown>
}

export function registerScheduleCommands(deps: { schedules: LocalSchedules; tree: SchedulesTree; index: ActionIndex; server: ServerConnection; log: vscode.LogOutputChannel }): vscode.Disposable[] {
  const { schedules, tree, index, server, log } = deps

  /** Returns the new schedule's id, or undefined when the person gave up or it was refused (said). */
  async function add(args: AddScheduleArgs = {}): Promise<string | undefined> {
    const target = args.slug ? { slug: args.slug, server: !!args.server, name: args.slug } : await pickActionTarget(index, server, 'Schedule')
    if (!target) return undefined
    const cron = args.cron ?? (await vscode.window.showInputBox({
      title: `Schedule ${target.name}`,
      prompt: 'When it runs, as cron: minute hour day-of-month month day-of-week',
      placeHolder: '0 9 * * 1  (Mondays at 9:00)',
      ignoreFocusOut: true,
      validateInput: cronProblem,
    }))
    if (cron === undefined) return undefined
    const here = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
    const timezone = args.timezone ?? (await vscode.window.showInputBox({
      title: `Schedule ${target.name}: time zone`,
      prompt: 'The IANA time zone its times are in',
      value: here,
      ignoreFocusOut: true,
      validateInput: zoneProblem,
    }))
    if (timezone === undefined) return undefined
    const params = args.params ?? (await readParams(`Schedule ${target.name}: params`))
    if (params === undefined) return undefined
    try {
      if (target.server) {
        if (!server.client) throw new Error('no server is connected')
        const s = await server.client.addSchedule({ slug: target.slug, cron: cron.trim(), timezone: timezone.trim(), params })
        log.info(`Schedule ${s.id} added on the server ${server.label}: ${s.slug} "${s.cron}" (${s.timezone})`)
        tree.refresh(true)
        void vscode.window.showInformationMessage(`Mini Interval: ${s.actionName} is scheduled on ${server.label}${s.next ? `; next run ${new Date(s.next).toLocaleString()}` : ''}.`)
        return s.id
      }
      const s = schedules.add({ slug: target.slug, cron: cron.trim(), timezone: timezone.trim(), params })
      const next = schedules.list().find((x) => x.id === s.id)?.nextRun
      void vscode.window.showInformationMessage(`Mini Interval: ${target.name} is scheduled${next ? `; next run ${next.toLocaleString()}` : ''}.`)
      return s.id
    } catch (e) {
      void vscode.window.showErrorMessage(`Mini Interval: could not add the schedule: ${(e as Error).message}`)
      return undefined
    }
  }

  async function remove(node?: ScheduleNode | { id: string; server?: boolean }): Promise<boolean> {
    const row = node && 'kind' in node ? (node.kind === 'schedule' ? node.row : undefined) : node
    if (!row) return false
    const name = 'actionName' in row ? row.actionName : row.id
    try {
      if (row.server) {
        if (!server.client) throw new Error('no server is connected')
        await server.client.removeSchedule(row.id)
        tree.refresh(true)
        return true
      }
      const done = schedules.remove(row.id)
      if (done === 'declared') {
        void vscode.window.showInformationMessage(`Mini Interval: the schedule of ${name} is declared by the action's "schedule": edit the action file to remove it.`)
        return false
      }
      return done === 'removed'
    } catch (e) {
      void vscode.window.showErrorMessage(`Mini Interval: could not remove the schedule: ${(e as Error).message}`)
      return false
    }
  }

  /** Runs the schedule's action now, with its params, in a tab (a person is at it: nothing unattended). */
  async function runNow(node?: ScheduleNode): Promise<string | undefined> {
    if (node?.kind !== 'schedule') return undefined
    const { row } = node
    if (row.server) return vscode.commands.executeCommand<string | undefined>('miniInterval.runServerAction', row.slug, row.params)
    return vscode.commands.executeCommand<string | undefined>('miniInterval.runAction', row.slug, row.params)
  }

  return [
    vscode.commands.registerCommand('miniInterval.addSchedule', add),
    vscode.commands.registerCommand('miniInterval.removeSchedule', remove),
    vscode.commands.registerCommand('miniInterval.runScheduleNow', runNow),
    vscode.commands.registerCommand('miniInterval.refreshSchedules', () => tree.refresh(true)),
  ]
}

/** The core parser's message for a cron being typed; nothing while it is empty. */
export function cronProblem(text: string): string | undefined {
  if (!text.trim()) return undefined
  try {
    parseCron(text.trim())
    return undefined
  } catch (e) {
    return e instanceof CronError ? e.message : String(e)
  }
}

function zoneProblem(name: string): string | undefined {
  try {
    TimeZone.of(name.trim())
    return undefined
  } catch (e) {
    return (e as Error).message
  }
}
