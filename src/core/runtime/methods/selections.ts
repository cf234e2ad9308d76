// Selections: the webview answers with indexes (options) or keys (search
// results); the action gets back the very objects it passed in.
import type { OptionWire, SearchResultWire } from '../../protocol'
import { imageWire } from './media'
import { compact, FieldError, type MethodImpl } from './types'

type Option = string | number | boolean | { label: unknown; value?: unknown; description?: string; image?: any }

const optionWire = (o: Option): OptionWire =>
  typeof o === 'object' ? compact({ label: String(o.label), description: o.description, image: imageWire(o.image) }) : { label: String(o) }

/** Where `wanted` is among the options: the option itself, its value, or (for primitives) equal. */
function indexOf(options: Option[], wanted: unknown): number {
  const byRef = options.indexOf(wanted as Option)
  if (byRef >= 0) return byRef
  const key = typeof wanted === 'object' && wanted !== null && 'value' in wanted ? (wanted as { value: unknown }).value : wanted
  return options.findIndex((o) => (typeof o === 'object' ? o.value === key || (o.value === undefined && o.label === key) : o === key))
}

const defaultIndex = (options: Option[], d: unknown): number | undefined => {
  if (d === undefined || d === null) return undefined
  const i = indexOf(options, d)
  return i >= 0 ? i : undefined
}

export const selectSingle: MethodImpl = {
  toWire: (p) => ({
    props: compact({ ...p, options: p.options.map(optionWire), defaultValue: defaultIndex(p.options, p.defaultValue) }),
    state: p.options,
  }),
  fromWire: (i: number, options: Option[]) => options[i],
}

export const selectMultiple: MethodImpl = {
  toWire: (p) => ({
    props: compact({
      ...p,
      options: p.options.map(optionWire),
      defaultValue: (p.defaultValue ?? []).map((d: unknown) => defaultIndex(p.options, d)).filter((i: number | undefined) => i !== undefined),
    }),
    state: p.options,
  }),
  fromWire: (indexes: number[], options: Option[]) => indexes.map((i) => options[i]),
}

/** The results an io.search has shown, by key, so the answer maps back to the action's objects. */
export class SearchState {
  private next = 0
  readonly byKey = new Map<string, unknown>()
  constructor(
    readonly onSearch: (query: string) => unknown,
    readonly renderResult: (result: unknown) => unknown,
  ) {}

  /** Renders results for the webview, remembering each under a fresh key. */
  async render(results: unknown[]): Promise<SearchResultWire[]> {
    return Promise.all(
      results.map(async (r) => {
        const key = `r${this.next++}`
        this.byKey.set(key, r)
        const shown = await this.renderResult(r)
        if (shown !== null && typeof shown === 'object') {
          const s = shown as { label?: unknown; description?: unknown; image?: any }
          return compact({ key, label: String(s.label ?? ''), description: s.description === undefined ? undefined : String(s.description), image: imageWire(s.image) })
        }
        return { key, label: String(shown) }
      }),
    )
  }

  async search(query: string): Promise<SearchResultWire[]> {
    const results = await this.onSearch(query)
    if (!Array.isArray(results)) throw new TypeError('io.search: onSearch must return an array of results')
    return this.render(results)
  }
}

/** io.search needs async work (initial results go through renderResult) before it can be shown. */
export const search: MethodImpl = {
  toWire: async (p, _label, multiple) => {
    const state = new SearchState(p.onSearch, p.renderResult)
    const initialResults = await state.render(p.initialResults ?? [])
    const defaults = p.defaultValue === undefined ? [] : multiple ? (p.defaultValue as unknown[]) : [p.defaultValue]
    const defaultValue = await state.render(defaults)
    return {
      props: compact({ placeholder: p.placeholder, helpText: p.helpText, disabled: p.disabled, initialResults, defaultValue: defaultValue.length ? defaultValue : undefined }),
      state,
    }
  },
  fromWire: (keys: string | string[], state: SearchState, multiple) => {
    const pick = (k: string): unknown => {
      if (!state.byKey.has(k)) throw new FieldError('Choose a result from the list.')
      return state.byKey.get(k)
    }
    return multiple ? (keys as string[]).map(pick) : pick(keys as string)
  },
}
