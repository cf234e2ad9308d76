// The JSON API of `mini-interval serve`, as the browser app calls it. Same-origin
// fetch: the HttpOnly cookie carries the token, and the server checks Origin on POSTs.
import type { HistoryEntry, WebviewToHost } from '../../src/core/protocol'
import type { HistorySummary } from '../../src/core/history/index-file'
import { errorText } from '../transport/server'

// One description of the listing for the server, VS Code's client and this page (core/remote/schemas.ts).
export type { RemoteAction as ActionItem, RemoteWorkflow as WorkflowItem } from '../../src/core/remote/schemas'
import type { NewSchedule, RemoteAction as ActionItem, RemoteWorkflow as WorkflowItem, ScheduleView } from '../../src/core/remote/schemas'
export type { NewSchedule, ScheduleView } from '../../src/core/remote/schemas'
import type { QueuedAction } from '../../src/core/queue/types'
export type { QueuedAction } from '../../src/core/queue/types'

/** What "Queue for…" sends: an action with params, for a person (an email) or a team. */
export interface NewQueued {
  slug: string
  params?: Record<string, unknown>
  assignee?: string
  team?: string
  title?: string
}

export interface HistoryQuery {
  text?: string
  status?: string
  action?: string
  /** Who started the runs (an email). */
  user?: string
  limit?: number
  cursor?: string
}

export interface HistoryPage {
  items: HistorySummary[]
  next?: string
  total: number
}

export class ApiError extends Error {
  constructor(message: string, readonly status: number) {
    super(message)
  }
}

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  let res: Response
  try {
    res = await fetch(path, { credentials: 'same-origin', ...init })
  } catch {
    throw new ApiError('The server cannot be reached.', 0)
  }
  if (!res.ok) throw new ApiError(await errorText(res), res.status)
  if (res.status === 204) return undefined as T
  return (await res.json()) as T
}

const postJson = <T>(path: string, body: unknown, method = 'POST'): Promise<T> =>
  request<T>(path, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

export type Role = 'admin' | 'developer' | 'member' | 'auditor'
export const ROLES: Role[] = ['admin', 'developer', 'member', 'auditor']

/** Who is signed in (`bootstrap`: the shared token, before the first admin). */
export interface Me {
  user: { email: string; firstName: string; lastName: string; role: Role; teams: string[] }
  role: Role
  bootstrap: boolean
  managesPeople: boolean
}

export interface Person {
  id: string
  email: string
  firstName: string
  lastName: string
  role: Role
  teams: string[]
  addedAt: string
}

export const api = {
  actions: () => request<{ actions: ActionItem[]; workflows: WorkflowItem[] }>('/api/actions'),
  run: (slug: string, params?: Record<string, unknown>) => postJson<{ id: string }>('/api/run', params ? { slug, params } : { slug }),
  history(q: HistoryQuery): Promise<HistoryPage> {
    const p = new URLSearchParams()
    for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') p.set(k, String(v))
    return request<HistoryPage>(`/api/history?${p}`)
  },
  historyEntry: (id: string) => request<{ type: 'history'; entry: HistoryEntry }>(`/api/history/${encodeURIComponent(id)}`),
  me: () => request<Me>('/api/me'),
  signOut: () => request<void>('/api/session', { method: 'DELETE' }),
  people: () => request<{ people: Person[] }>('/api/people'),
  addPerson: (p: { email: string; role: Role; teams?: string[]; name?: string }) => postJson<{ person: Person; link: string }>('/api/people', p),
  changePerson: (id: string, p: { role: Role; teams?: string[] }) => postJson<{ person: Person }>(`/api/people/${encodeURIComponent(id)}`, p, 'PUT'),
  removePerson: (id: string) => request<void>(`/api/people/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  newLink: (id: string) => postJson<{ link: string }>(`/api/people/${encodeURIComponent(id)}/link`, {}),
  schedules: () => request<{ items: ScheduleView[] }>('/api/schedules'),
  addSchedule: (s: NewSchedule) => postJson<{ schedule: ScheduleView }>('/api/schedules', s),
  removeSchedule: (id: string) => request<void>(`/api/schedules/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  inbox: () => request<{ items: QueuedAction[] }>('/api/inbox'),
  /** What the signed-in person queued that nobody finished yet (they may withdraw it). */
  queuedByMe: () => request<{ items: QueuedAction[] }>('/api/inbox?created=me'),
  queue: (q: NewQueued) => postJson<{ item: QueuedAction }>('/api/queue', q),
  /** Starts the item's run as the signed-in person (or finds it going): its transaction id. */
  openQueued: (id: string) => postJson<{ id: string }>(`/api/queue/${encodeURIComponent(id)}/open`, {}),
  /** The open item whose run is `runId` (not started yet), and whether it is for the signed-in person. */
  queuedRun: (runId: string) => request<{ item: QueuedAction; forYou: boolean }>(`/api/queue?run=${encodeURIComponent(runId)}`),
  withdrawQueued: (id: string) => request<void>(`/api/queue/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  /** 204, or `{ id }` when the message started a transaction (a re-run). */
  txMessage: (id: string, m: WebviewToHost) => postJson<{ id?: string } | undefined>(`/api/tx/${encodeURIComponent(id)}/message`, m),
}
