// Selections: the webview answers with indexes (options) or keys (search
// results); the action gets back the very objects it passed in.
import type { OptionWire, SearchResultWire } from '../../protocol'
import { imageWire } from './media'
import { compact, FieldError, type MethodImpl } from './types'

type Rich = { label: unknown; value?: unknown; description?: string | null; image?: any; imageUrl?: string | null }
type Option = string | number | boolean | Date | Rich

const isRich = (o: unknown): o is Rich => typeof o === 'object' && o !== null && !(o instanceof Date)
const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' })
const dayTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

/** An option's or a result's label as text: a Date as a date (and its time unless midnight), as tables show it. */
export function labelText(label: unknown): string {
  if (!(label instanceof Date)) return String(label ?? '')
  if (Number.isNaN(label.getTime())) return 'Invalid date'
  const midnight = label.getHours() === 0 && label.getMinutes() === 0 && label.getSeconds() === 0
  return (midnight ? dayFormat : dayTimeFormat).format(label)
}

/** `image`, or Interval's older `imageUrl`. */
const richImage = (o: Rich) => imageWire(o.image ?? (o.imageUrl ? { url: o.imageUrl } : undefined))

const optionWire = (o: Option): OptionWire =>
  isRich(o) ? compact({ label: labelText(o.label), description: o.description ?? undefined, image: richImage(o) }) : { label: labelText(o) }

/** Equal as Interval compares option values: Dates by their time, the rest by identity. */
const same = (a: unknown, b: unknown): boolean => a === b || (a instanceof Date && b instanceof Date && a.getTime() === b.getTime())

/** Where `wanted` is among the options: the option itself, its value, or (for primitives) equal. */
function indexOf(options: Option[], wanted: unknown): number {
  const byRef = options.indexOf(wanted as Option)
  if (byRef >= 0) return byRef
  const key = isRich(wanted) && 'value' in wanted ? wanted.value : wanted
  return options.findIndex((o) => (isRich(o) ? same(o.value, key) || (o.value === undefined && same(o.label, key)) : same(o, key)))
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
  /** Which search (null: the initial results and defaults) at which position made each key: journaled with an answer, so replay can find the result again. */
  readonly origin = new Map<string, { query: string | null; pos: number }>()
  private shown = 0
  constructor(
    readonly onSearch: (query: string) => unknown,
    readonly renderResult: (result: unknown) => unknown,
  ) {}

  /** Renders results for the webview, remembering each under a fresh key. */
  async render(results: unknown[], query: string | null = null): Promise<SearchResultWire[]> {
    const first = query === null ? this.shown : 0
    if (query === null) this.shown += results.length
    return Promise.all(
      results.map(async (r, i) => {
        const key = `r${this.next++}`
        this.byKey.set(key, r)
        this.origin.set(key, { query, pos: first + i })
        const shown = await this.renderResult(r)
        if (isRich(shown)) {
          return compact({ key, label: labelText(shown.label), description: shown.description == null ? undefined : String(shown.description), image: richImage(shown) })
        }
        return { key, label: labelText(shown) }
      }),
    )
  }

  async search(query: string): Promise<SearchResultWire[]> {
    const results = await this.onSearch(query)
    if (!Array.isArray(results)) throw new TypeError('io.search: onSearch must return an array of results')
    return this.render(results, query)
  }

  /** The key of a result chosen before a resume: an initial result by position, or a search's result found by searching again. */
  async replayKey(pick: { query: string | null; pos: number }): Promise<string | undefined> {
    if (pick.query === null) return [...this.origin].find(([, o]) => o.query === null && o.pos === pick.pos)?.[0]
    return (await this.search(pick.query))[pick.pos]?.key
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
