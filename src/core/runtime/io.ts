// The `io` object handed to handlers. Each call returns an IOPromise: nothing
// is shown until it is awaited, so modifiers (`.optional()`, `.validate()`,
// `.withChoices()`, `.multiple()`) chain first. `io.group` puts several calls
// on one screen.
import {
  allowsMultiple, checkProps, isDisplay, isExclusive, methodName,
  type Choice, type Component, type Method, type PropsOf,
} from '../protocol'
import { METHOD_IMPLS } from './methods'
import { cutString } from './serialize'

/** A label longer than this is cut (a markdown label may be a long document; 270 MB is a mistake). */
const LABEL_LIMIT = 100_000
import type { Wired } from './methods/types'

/** Returns an error message to refuse a value, or nothing to accept it. May be async. */
export type Validator<T> = (value: T) => string | undefined | null | void | Promise<string | undefined | null | void>
export type ChoiceInput = string | { label: string; value?: string; theme?: Choice['theme'] | 'default' }

/** One call, ready to be shown: its component and what the worker keeps for its answer. */
export interface PreparedCall extends Pick<Wired, 'state' | 'later' | 'rows' | 'query'> {
  component: Component
  validators: Validator<unknown>[]
}

/** One screen: the calls on it, its choices, and how the answers become the awaited value. */
export interface Screen {
  calls: PreparedCall[]
  choices?: Choice[]
  shape(values: unknown[], choice?: string): unknown
  validators: Validator<unknown>[]
}

/** How io reaches the person: implemented by the worker over its message port. */
export interface IOChannel {
  /** Shows one screen and resolves with its shaped, validated value. */
  ask(screen: Screen): Promise<unknown>
  /** Puts a display in the feed; it needs no answer. */
  show(call: PreparedCall): void
}

interface CallOptions {
  optional?: boolean
  multiple?: boolean
  multipleDefault?: unknown
  validators?: Validator<unknown>[]
  choices?: Choice[]
}

export function normalizeChoices(choices: ChoiceInput[], where: string): Choice[] {
  if (!Array.isArray(choices) || choices.length === 0) throw new TypeError(`${where}.withChoices() needs at least one choice`)
  return choices.map((c) => {
    if (typeof c === 'string') return { label: c, value: c }
    if (!c || typeof c.label !== 'string') throw new TypeError(`${where}.withChoices(): each choice is a string or { label, value?, theme? }`)
    // Interval's deprecated `default` theme is the default look: no theme.
    return { label: c.label, value: c.value ?? c.label, ...(c.theme && c.theme !== 'default' ? { theme: c.theme } : {}) }
  })
}

const withChoice = (returnValue: unknown, choices: Choice[] | undefined, choice: string | undefined): unknown =>
  choices ? { choice, returnValue } : returnValue

export async function runValidators(validators: Validator<unknown>[], value: unknown): Promise<string | undefined> {
  for (const v of validators) {
    const message = await v(value)
    if (typeof message === 'string' && message) return message
  }
  return undefined
}

/** Awaitable but lazy: nothing is shown until the first `then`, and it is shown once. */
abstract class LazyCall<T> implements PromiseLike<T> {
  private running?: Promise<T>
  protected abstract start(): Promise<T>

  private run(): Promise<T> {
    return (this.running ??= this.start())
  }

  then<A = T, B = never>(onfulfilled?: ((value: T) => A | PromiseLike<A>) | null, onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<A | B> {
    return this.run().then(onfulfilled, onrejected)
  }

  catch<B = never>(onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<T | B> {
    return this.run().catch(onrejected)
  }

  finally(onfinally?: (() => void) | null): Promise<T> {
    return this.run().finally(onfinally)
  }
}

export class IOPromise<T> extends LazyCall<T> {
  constructor(
    private readonly channel: IOChannel,
    readonly method: Method,
    private readonly label: unknown,
    private readonly props: unknown,
    readonly options: CallOptions = {},
  ) {
    super()
  }

  private get name(): string {
    return methodName(this.method)
  }

  private with<U>(more: CallOptions): IOPromise<U> {
    return new IOPromise<U>(this.channel, this.method, this.label, this.props, { ...this.options, ...more })
  }

  /** The value becomes `undefined` when the person leaves the field empty. */
  optional(flag = true): IOPromise<T | undefined> {
    if (isDisplay(this.method) || isExclusive(this.method)) throw new TypeError(`${this.name} cannot be optional: only inputs and selections can.`)
    return this.with({ optional: flag })
  }

  /** Accepts several values (io.input.file and io.search). */
  multiple(opts: { defaultValue?: unknown[] } = {}): IOPromise<T[]> {
    if (!allowsMultiple(this.method)) throw new TypeError(`${this.name} has no .multiple(): only io.input.file and io.search do.`)
    return this.with({ multiple: true, multipleDefault: opts.defaultValue })
  }

  /** `fn(value)` returns a message to refuse the value (shown next to the field), or nothing. */
  validate(fn: Validator<T>): IOPromise<T> {
    if (isDisplay(this.method)) throw new TypeError(`${this.name} cannot be validated: it is a display.`)
    if (typeof fn !== 'function') throw new TypeError(`${this.name}.validate() needs a function`)
    return this.with({ validators: [...(this.options.validators ?? []), fn as Validator<unknown>] })
  }

  /** Replaces the submit button with several buttons; resolves to `{ choice, returnValue }`. */
  withChoices(choices: ChoiceInput[]): IOPromise<{ choice: string; returnValue: T }> {
    if (isExclusive(this.method)) throw new TypeError(`${this.name} has its own buttons and cannot take choices.`)
    return this.with({ choices: normalizeChoices(choices, this.name) })
  }

  /** Checks label and props and converts them for the webview; throws a TypeError naming the method and the prop. */
  async prepare(): Promise<PreparedCall> {
    if (typeof this.label !== 'string') throw new TypeError(`${this.name}: the label must be a string.`)
    const label = cutString(this.label, LABEL_LIMIT)
    const checked = checkProps(this.method, this.props)
    if (!checked.ok) throw new TypeError(checked.error)
    const { optional, multiple, multipleDefault } = this.options
    const props = multiple && multipleDefault !== undefined ? { ...checked.props, defaultValue: multipleDefault } : checked.props
    const wired = await METHOD_IMPLS[this.method].toWire(props, label, !!multiple)
    const component: Component = {
      method: this.method,
      label,
      props: wired.props,
      ...(optional ? { optional: true } : {}),
      ...(multiple ? { multiple: true } : {}),
    }
    return { component, state: wired.state, later: wired.later, rows: wired.rows, query: wired.query, validators: this.options.validators ?? [] }
  }

  protected async start(): Promise<T> {
    const call = await this.prepare()
    const { choices } = this.options
    if (isDisplay(this.method) && !choices) {
      this.channel.show(call)
      return null as T
    }
    return (await this.channel.ask({
      calls: [call],
      choices,
      validators: [],
      shape: (values, choice) => withChoice(values[0], choices, choice),
    })) as T
  }
}

type Members = IOPromise<unknown>[] | Record<string, IOPromise<unknown>>
type Resolved<M> = { -readonly [K in keyof M]: M[K] extends PromiseLike<infer V> ? V : never }

/** `io.group([...])` or `io.group({...})`: several calls on one screen. */
export class IOGroup<T> extends LazyCall<T> {
  constructor(
    private readonly channel: IOChannel,
    private readonly members: Members,
    private readonly validators: Validator<unknown>[] = [],
    private readonly choices?: Choice[],
  ) {
    super()
    const list = Array.isArray(members) ? members : Object.values(members ?? {})
    if (!members || typeof members !== 'object') throw new TypeError('io.group() takes an array or an object of io calls')
    for (const m of list) {
      if (!(m instanceof IOPromise)) throw new TypeError('io.group(): every member must be an io call (like io.input.text(…)), not awaited yet')
      if (isExclusive(m.method)) throw new TypeError(`${methodName(m.method)} cannot be grouped: it must be alone on its screen.`)
      if (m.options.choices) throw new TypeError(`${methodName(m.method)} has its own choices and cannot be grouped: put .withChoices() on the group.`)
    }
  }

  /** `fn(values)` returns a message shown for the whole group, or nothing. With choices it gets `{ choice, returnValue }`. */
  validate(fn: Validator<T>): IOGroup<T> {
    if (typeof fn !== 'function') throw new TypeError('io.group().validate() needs a function')
    return new IOGroup<T>(this.channel, this.members, [...this.validators, fn as Validator<unknown>], this.choices)
  }

  withChoices(choices: ChoiceInput[]): IOGroup<{ choice: string; returnValue: T }> {
    return new IOGroup(this.channel, this.members, this.validators, normalizeChoices(choices, 'io.group()'))
  }

  protected async start(): Promise<T> {
    const keys = Array.isArray(this.members) ? undefined : Object.keys(this.members)
    const list = Array.isArray(this.members) ? this.members : Object.values(this.members)
    const calls = await Promise.all(list.map((m) => m.prepare()))
    const choices = this.choices
    return (await this.channel.ask({
      calls,
      choices,
      validators: this.validators,
      shape: (values, choice) => withChoice(keys ? Object.fromEntries(keys.map((k, i) => [k, values[i]])) : values, choices, choice),
    })) as T
  }
}

/** Values the action gets back, per method (before .optional/.multiple/.withChoices). */
interface Returns {
  INPUT_TEXT: string; INPUT_EMAIL: string; INPUT_NUMBER: number; INPUT_SLIDER: number; INPUT_BOOLEAN: boolean
  INPUT_RICH_TEXT: string; INPUT_URL: URL; INPUT_DATE: { year: number; month: number; day: number; jsDate: Date }
  INPUT_TIME: { hour: number; minute: number }; INPUT_DATETIME: Date
  INPUT_FILE: ReturnType<typeof import('./methods/inputs').fileValue>
  CONFIRM: boolean; CONFIRM_IDENTITY: boolean
}

/** What a table cell may be: a primitive, a Date, a bigint, or a rich cell. */
export type TableCell = string | number | boolean | bigint | Date | null | undefined | {
  label?: unknown; value?: unknown; url?: string; route?: string; params?: Record<string, unknown>
  image?: { url?: string; buffer?: Uint8Array; alt?: string; size?: 'thumbnail' | 'small' | 'medium' | 'large' }
  highlightColor?: 'red' | 'orange' | 'yellow' | 'green' | 'blue' | 'purple' | 'pink' | 'gray'
}
type MenuItem = { label: string; theme?: 'default' | 'primary' | 'secondary' | 'danger'; url?: string; route?: string; params?: Record<string, unknown>; disabled?: boolean }
type Column<R> = (keyof R & string) | { label: string; accessorKey?: keyof R & string; renderCell?: (row: R) => TableCell }
type TableProps<M extends 'SELECT_TABLE' | 'DISPLAY_TABLE', R> = Omit<PropsOf<M>, 'data' | 'getData' | 'columns' | 'rowMenuItems' | 'initiallySelected'> & {
  columns?: Column<R>[]
  rowMenuItems?: (row: R) => MenuItem[]
}
type GetData<R> = (q: { queryTerm: string; sortColumn?: string; sortDirection?: 'asc' | 'desc'; offset: number; pageSize: number }) =>
  Promise<{ data: R[]; totalRecords?: number }> | { data: R[]; totalRecords?: number }
type DataSource<R> = { data: R[]; getData?: undefined } | { getData: GetData<R>; data?: undefined }
type GridItem = { label?: unknown; description?: unknown; image?: { url?: string; buffer?: Uint8Array; alt?: string; size?: 'thumbnail' | 'small' | 'medium' | 'large' }; url?: string; route?: string; params?: Record<string, unknown>; menu?: MenuItem[] }

export function createIO(channel: IOChannel) {
  const call =
    <M extends Method, T = M extends keyof Returns ? Returns[M] : null>(method: M) =>
    (label: string, props?: PropsOf<M>): IOPromise<T> =>
      new IOPromise<T>(channel, method, label, props)
  return {
    input: {
      text: call('INPUT_TEXT'),
      email: call('INPUT_EMAIL'),
      number: call('INPUT_NUMBER'),
      slider: call('INPUT_SLIDER'),
      boolean: call('INPUT_BOOLEAN'),
      richText: call('INPUT_RICH_TEXT'),
      url: call('INPUT_URL'),
      date: call('INPUT_DATE'),
      time: call('INPUT_TIME'),
      datetime: call('INPUT_DATETIME'),
      file: call('INPUT_FILE'),
    },
    select: {
      single: <O>(label: string, props: Omit<PropsOf<'SELECT_SINGLE'>, 'options'> & { options: O[] }) =>
        new IOPromise<O>(channel, 'SELECT_SINGLE', label, props),
      multiple: <O>(label: string, props: Omit<PropsOf<'SELECT_MULTIPLE'>, 'options'> & { options: O[] }) =>
        new IOPromise<O[]>(channel, 'SELECT_MULTIPLE', label, props),
      table: <R extends object>(label: string, props: TableProps<'SELECT_TABLE', R> & { data: R[]; initiallySelected?: (row: R) => boolean }) =>
        new IOPromise<R[]>(channel, 'SELECT_TABLE', label, props),
    },
    search: <R>(label: string, props: Omit<PropsOf<'SEARCH'>, 'onSearch' | 'renderResult' | 'initialResults'> & {
      onSearch: (query: string) => Promise<R[]> | R[]
      renderResult: (result: R) => unknown
      initialResults?: R[]
    }) => new IOPromise<R>(channel, 'SEARCH', label, props),
    confirm: call('CONFIRM'),
    confirmIdentity: call('CONFIRM_IDENTITY'),
    display: {
      heading: call('DISPLAY_HEADING'),
      markdown: call('DISPLAY_MARKDOWN'),
      html: call('DISPLAY_HTML'),
      code: call('DISPLAY_CODE'),
      link: call('DISPLAY_LINK'),
      image: call('DISPLAY_IMAGE'),
      video: call('DISPLAY_VIDEO'),
      object: call('DISPLAY_OBJECT'),
      metadata: call('DISPLAY_METADATA'),
      table: <R extends object>(label: string, props: TableProps<'DISPLAY_TABLE', R> & DataSource<R>) =>
        new IOPromise<null>(channel, 'DISPLAY_TABLE', label, props),
      grid: <R extends object>(label: string, props: Omit<PropsOf<'DISPLAY_GRID'>, 'data' | 'getData' | 'renderItem'> & DataSource<R> & { renderItem: (row: R) => GridItem }) =>
        new IOPromise<null>(channel, 'DISPLAY_GRID', label, props),
    },
    group: ((members: Members) => new IOGroup(channel, members)) as {
      <M extends IOPromise<unknown>[]>(members: [...M]): IOGroup<Resolved<M>>
      <M extends Record<string, IOPromise<unknown>>>(members: M): IOGroup<Resolved<M>>
    },
  }
}

export type IO = ReturnType<typeof createIO>
