// The `ctx` object handed to handlers: who runs it, with what, and the ways
// an action reports progress and logs while it works.
import type { LoadingState, User } from '../protocol'
import { toJsonSafe } from './serialize'

export interface CtxSink {
  log(message: string): void
  loading(state: LoadingState | null): void
  notify(n: { message: string; title?: string }): void
}

export interface CtxInfo {
  user: User
  params: Record<string, unknown>
  action: { slug: string; url: string }
}

const LOG_LIMIT = 10_000

export function formatLogValues(values: unknown[]): string {
  const text = values.map((v) => (typeof v === 'string' ? v : JSON.stringify(toJsonSafe(v), null, 2) ?? String(v))).join(' ')
  return text.length > LOG_LIMIT ? text.slice(0, LOG_LIMIT) + '…' : text
}

type LoadingInput = string | { label?: string; description?: string; itemsInQueue?: number }

export function createCtx(info: CtxInfo, sink: CtxSink) {
  let loading: LoadingState | undefined
  const set = (input: LoadingInput | undefined, keepProgress: boolean): void => {
    const next: LoadingState = typeof input === 'string' ? { label: input } : { ...(input ?? {}) }
    if (next.itemsInQueue !== undefined) next.itemsCompleted = keepProgress ? (loading?.itemsCompleted ?? 0) : 0
    loading = keepProgress ? { ...loading, ...next } : next
    sink.loading(loading)
  }
  return {
    user: info.user,
    params: info.params,
    environment: 'development' as const,
    organization: { name: 'Mini Interval', slug: 'local' },
    action: info.action,
    log: (...values: unknown[]): void => sink.log(formatLogValues(values)),
    loading: {
      start: (input?: LoadingInput): void => set(input, false),
      update: (input?: LoadingInput): void => set(input, true),
      completeOne: (): void => {
        if (!loading?.itemsInQueue) return
        loading = { ...loading, itemsCompleted: Math.min(loading.itemsInQueue, (loading.itemsCompleted ?? 0) + 1) }
        sink.loading(loading)
      },
    },
    notify: (n: { message: string; title?: string; delivery?: unknown }): void => sink.notify({ message: String(n.message), title: n.title }),
    redirect: (): never => {
      throw new Error('ctx.redirect is not supported by Mini Interval yet.')
    },
  }
}

export type ActionCtx = ReturnType<typeof createCtx>
