// serve's schedule API (README "Teams"): anyone who may read History lists
// schedules (a member only those of actions they may run); admins and
// developers add them, and remove the added ones (a declared one goes by
// editing its action file). The engine behind is HostedSchedules.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { z } from 'zod'
import { notifyTo, scheduleNotify } from '../../core/schedules/spec'
import type { Catalog } from '../catalog'
import { readJson, SECURITY_HEADERS, sendJson } from '../guard'
import type { Logger } from '../log'
import { mayRun, type Actor } from '../people/access'
import type { HostedSchedules } from './hosted'

const SMALL = 64 * 1024
const ID = /^[a-z0-9]{1,64}$/

const addBody = z.strictObject({
  slug: z.string().min(1).max(500),
  cron: z.string().min(1).max(200),
  timezone: z.string().min(1).max(100).optional(),
  params: z.record(z.string(), z.unknown()).optional(),
  notify: scheduleNotify.optional(),
  notifyTo: notifyTo.optional(),
})

export const managesSchedules = (actor: Actor): boolean => actor.role === 'admin' || actor.role === 'developer'

export function scheduleRoutes(deps: { schedules: HostedSchedules; catalog: Catalog; log: Logger }) {
  const { schedules, catalog, log } = deps
  const refuse = (res: ServerResponse, actor: Actor, what: string): void => {
    log.warn(`Refused: ${actor.user.email} (${actor.role}) may not ${what}`)
    sendJson(res, 403, { error: 'Only admins and developers add or remove schedules.' })
  }
  /** Handles `route` (under /api/) if it is a schedule route; false if it is not one. */
  return async function handle(req: IncomingMessage, res: ServerResponse, method: string, route: string, actor: Actor): Promise<boolean> {
    const parts = route.split('/')
    if (parts[0] !== 'schedules' || parts.length > 2) return false
    if (parts.length === 1 && method === 'GET') {
      const all = await schedules.list()
      const items = actor.role === 'member' ? all.filter((s) => { const e = catalog.find(s.slug); return !!e && mayRun(actor, e) }) : all
      sendJson(res, 200, { items })
      return true
    }
    if (parts.length === 1 && method === 'POST') {
      if (!managesSchedules(actor)) return refuse(res, actor, 'add a schedule'), true
      const body = addBody.safeParse(await readJson(req, SMALL))
      if (!body.success) {
        const i = body.error.issues[0]
        sendJson(res, 400, { error: `Expected { slug, cron, timezone?, params?, notify?, notifyTo? }: ${i?.path.length ? `${i.path.join('.')}: ` : ''}${i?.message}` })
        return true
      }
      const entry = catalog.find(body.data.slug)
      if (!entry || (entry.route?.kind === 'page' && !entry.route.hasHandler)) {
        sendJson(res, 400, { error: `No action "${body.data.slug}" in this folder.` })
        return true
      }
      try {
        const schedule = await schedules.add(body.data, actor.user.email)
        log.info(`${actor.user.email} added a schedule: ${body.data.slug} "${schedule.cron}" (${schedule.timezone})`)
        sendJson(res, 200, { schedule })
      } catch (e) {
        sendJson(res, 400, { error: (e as Error).message.split('\n', 1)[0] })
      }
      return true
    }
    if (parts.length === 2 && method === 'DELETE') {
      if (!managesSchedules(actor)) return refuse(res, actor, `remove schedule ${parts[1]}`), true
      const r = ID.test(parts[1]) ? await schedules.remove(parts[1]) : 'unknown'
      if (r === 'removed') {
        log.info(`${actor.user.email} removed schedule ${parts[1]}`)
        res.writeHead(204, SECURITY_HEADERS).end()
      } else if (r === 'declared') sendJson(res, 409, { error: "This schedule is declared in its action file: remove it from the action's schedule there." })
      else sendJson(res, 404, { error: `No schedule ${parts[1]}.` })
      return true
    }
    return false
  }
}
