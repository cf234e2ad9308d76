// A module the page loads the first time a component needs it (its own chunk:
// esbuild's code splitting), so the first prompt does not wait for code most
// prompts never use (markdown's lexer, Prism's grammars). Until it is there the
// component renders a plain fallback; then it renders again.
import type { ReactiveElement } from 'lit'

export interface Lazy<M> {
  /** The module if loaded; else starts loading it and updates `host` when it is there. */
  get(host: ReactiveElement): M | undefined
}

export function lazy<M>(load: () => Promise<M>): Lazy<M> {
  let loaded: M | undefined
  let loading: Promise<M> | undefined
  const waiting = new Set<ReactiveElement>()
  return {
    get(host) {
      if (loaded) return loaded
      waiting.add(host)
      loading ??= load().then(
        (m) => {
          loaded = m
          for (const h of waiting) h.requestUpdate()
          waiting.clear()
          return m
        },
        (e: unknown) => {
          loading = undefined // the next render tries again
          console.error('[mini-interval] could not load part of the page:', e)
          throw e
        },
      )
      loading.catch(() => undefined)
      return undefined
    },
  }
}
