// The published types of `io`: what action authors see in the editor. The
// runtime's own types (src/core/runtime/io.ts) are looser (props come from zod
// schemas, every call has every modifier); these are the contract, with docs,
// and test/unit/types-conformance.ts checks they never promise more than the
// runtime accepts.

/** Brand of the calls `io.group()` accepts (not confirmations, not calls that have their own choices). */
declare const groupable: unique symbol

/** Returns a message to refuse the value (shown next to the field), or nothing to accept it. May be async. */
export type Validator<T> = (value: T) => string | undefined | null | void | Promise<string | undefined | null | void>

/** `default` (deprecated in Interval) looks like no theme. */
export type ButtonTheme = 'default' | 'primary' | 'secondary' | 'danger'

/** A button of `.withChoices()`: its label, or `{ label, value?, theme? }`; the awaited `choice` is its value (else its label). */
export type ChoiceButton = string | {
  /** The button's text. */
  label: string
  /** What `choice` is when it is clicked (default: the label). */
  value?: string
  /** `danger` is red, `primary` stands out. */
  theme?: ButtonTheme
}
/** The `choice` a list of buttons can resolve to. */
export type ChoiceOf<B> = B extends string ? B : B extends { value: infer V extends string } ? V : B extends { label: infer L extends string } ? L : string

/** What a call with `.withChoices()` resolves to. */
export interface WithChoice<C extends string, T> {
  /** The value of the button that was clicked. */
  choice: C
  /** What the call would have resolved to without choices. */
  returnValue: T
}

/** Awaitable io call: nothing is shown until it is awaited (or its group is). */
export interface IOPromise<T> extends PromiseLike<T> {
  then<A = T, B = never>(onfulfilled?: ((value: T) => A | PromiseLike<A>) | null, onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<A | B>
  catch<B = never>(onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<T | B>
  finally(onfinally?: (() => void) | null): Promise<T>
}

/** A call with buttons of its own: awaited alone, never grouped. */
export interface ChoicePromise<T> extends IOPromise<T> {
  /** `fn(value)` returns a message to refuse the value, or nothing. */
  validate(fn: Validator<T>): ChoicePromise<T>
}

/** An input or a selection: may be optional, validated, given choices, and grouped. */
export interface InputPromise<T> extends IOPromise<T> {
  readonly [groupable]: true
  /** The value becomes `undefined` when the person leaves the field empty. */
  optional(flag?: true): InputPromise<T | undefined>
  /** Optional when `flag` is true: the value may then be `undefined`. */
  optional(flag: boolean): InputPromise<T | undefined>
  /** `fn(value)` returns a message to refuse the value (shown next to the field), or nothing. May be async. */
  validate(fn: Validator<T>): InputPromise<T>
  /** Replaces the submit button with these buttons; resolves to `{ choice, returnValue }`. Cannot be grouped then: put choices on the group. */
  withChoices<const B extends readonly ChoiceButton[]>(choices: B): ChoicePromise<WithChoice<ChoiceOf<B[number]>, T>>
}

/** `io.input.file` and `io.search`: may also accept several values. */
export interface MultipleablePromise<T> extends InputPromise<T> {
  /** The value becomes `undefined` when the person leaves the field empty. */
  optional(flag?: true): MultipleablePromise<T | undefined>
  /** Optional when `flag` is true: the value may then be `undefined`. */
  optional(flag: boolean): MultipleablePromise<T | undefined>
  /** `fn(value)` returns a message to refuse the value (shown next to the field), or nothing. May be async. */
  validate(fn: Validator<T>): MultipleablePromise<T>
  /** Accepts several values; resolves to an array. */
  multiple(opts?: {
    /** The values picked at first. */
    defaultValue?: Exclude<T, undefined>[] | null
  }): InputPromise<Exclude<T, undefined>[] | Extract<T, undefined>>
}

/** A display: shown in the feed, resolves to `null` at once. May be grouped or given choices. */
export interface DisplayPromise extends IOPromise<null> {
  readonly [groupable]: true
  /** Shows buttons under the display and waits for a click; resolves to `{ choice, returnValue: null }`. */
  withChoices<const B extends readonly ChoiceButton[]>(choices: B): ChoicePromise<WithChoice<ChoiceOf<B[number]>, null>>
}

/** `io.confirm` and `io.confirmIdentity`: alone on their screen, with their own buttons. */
export interface ExclusivePromise<T> extends IOPromise<T> {
  /** `fn(value)` returns a message to refuse the answer, or nothing. */
  validate(fn: Validator<T>): ExclusivePromise<T>
}

/** A call `io.group()` accepts. */
export type Groupable = InputPromise<any> | DisplayPromise
type Resolved<M> = { -readonly [K in keyof M]: M[K] extends PromiseLike<infer V> ? V : never }

/** Several calls on one screen, answered with one submit. */
export interface GroupPromise<T> extends IOPromise<T> {
  /** `fn(values)` returns a message shown for the whole group, or nothing. */
  validate(fn: Validator<T>): GroupPromise<T>
  /** Replaces the submit button with these buttons; resolves to `{ choice, returnValue }`. */
  withChoices<const B extends readonly ChoiceButton[]>(choices: B): GroupPromise<WithChoice<ChoiceOf<B[number]>, T>>
}

// ——— shared props ———

export interface InputProps {
  /** Text under the label. */
  helpText?: string
  /** Shown but cannot be changed. */
  disabled?: boolean
}
interface Placeholder {
  /** Shown while the field is empty. */
  placeholder?: string
}
interface Sensitive {
  /** Mini Interval only: the answer is stored masked in History (the action still gets it). */
  sensitive?: boolean
}
export type ImageSize = 'thumbnail' | 'small' | 'medium' | 'large'
/** An image by URL, or by its bytes (a Buffer), shown next to an option, a cell or a result. */
export interface ImageProp {
  /** Where the image is (give `url` or `buffer`). */
  url?: string
  /** The image's bytes; sent as a `data:` URL. */
  buffer?: Uint8Array
  /** Text for screen readers. */
  alt?: string
  /** Width and height at once. */
  size?: ImageSize
  /** Overrides `size` for the width. */
  width?: ImageSize
  /** Overrides `size` for the height. */
  height?: ImageSize
}
/** Another action to start (`route`, with `params` as its `ctx.params`) or a web page (`url`). */
export type LinkTarget = {
  /** A web page, opened outside VS Code. */
  url?: string
  /** The slug of the action to start, like `billing/refund`. */
  route?: string
  /** @deprecated Interval's older name for `route`. */
  action?: string
  /** Given to the started action as `ctx.params`. */
  params?: Record<string, unknown>
}
// Object types the runtime accepts with extra keys are type aliases, not interfaces: an interface is not
// assignable to the runtime's index-signature shape (test/unit/types-conformance.ts).
/** A button of a heading, a row or a Layout: a link with a label. */
export type MenuItem = LinkTarget & {
  /** The button's text. */
  label: string
  /** `danger` is red, `primary` stands out. */
  theme?: ButtonTheme
  /** Shown but cannot be clicked. */
  disabled?: boolean
}

// ——— values the person gives back ———

/** `io.input.date`: the date picked, as parts and as a local `Date` at midnight. */
export interface DateValue { year: number; month: number; day: number; jsDate: Date }
/** `io.input.date` props take parts (month 1–12) or a `Date`. */
export type DateInput = { year: number; month: number; day: number } | Date
export type TimeValue = { hour: number; minute: number }

/** A file the person chose. */
export interface FileValue {
  name: string
  /** Its MIME type, like `text/csv`. */
  type: string
  /** In bytes. */
  size: number
  lastModified: Date
  /** With the dot, like `.csv`; empty without one. */
  extension: string
  text(): Promise<string>
  json(): Promise<unknown>
  /** Its bytes (a Node `Buffer`). */
  buffer(): Promise<Uint8Array>
  /** A `data:` URL of its contents. */
  url(): Promise<string>
}

// ——— inputs ———

export interface TextProps extends InputProps, Placeholder, Sensitive {
  /** The text the field starts with. */
  defaultValue?: string | null
  /** A text area instead of one line. */
  multiline?: boolean
  /** Rows of the text area. */
  lines?: number
  /** Fewer characters are refused. */
  minLength?: number
  /** More characters are refused. */
  maxLength?: number
}
export interface EmailProps extends InputProps, Placeholder, Sensitive {
  /** The address the field starts with. */
  defaultValue?: string | null
}
export type Currency = 'USD' | 'CAD' | 'EUR' | 'GBP' | 'AUD' | 'CNY' | 'JPY'
export interface NumberProps extends InputProps, Placeholder, Sensitive {
  /** Smaller numbers are refused. */
  min?: number
  /** Larger numbers are refused. */
  max?: number
  /** Digits allowed after the decimal point (default 0 without currency: whole numbers). */
  decimals?: number
  /** Shows the amount as money in this currency (two decimals). */
  currency?: Currency
  /** Text shown before the field, like `$`. */
  prepend?: string
  /** The number the field starts with. */
  defaultValue?: number | null
}
export interface SliderProps extends InputProps {
  /** Required: the lowest value. */
  min: number
  /** Required: the highest value. */
  max: number
  /** Distance between values (default 1). */
  step?: number
  /** Where the slider starts (default `min`). */
  defaultValue?: number | null
}
export interface BooleanProps extends InputProps {
  /** Checked at first (default false). */
  defaultValue?: boolean | null
}
export interface RichTextProps extends InputProps, Placeholder, Sensitive {
  /** HTML. */
  defaultValue?: string | null
}
export interface UrlProps extends InputProps, Placeholder, Sensitive {
  /** The address the field starts with. */
  defaultValue?: string | URL | null
  /** Schemes accepted, without `:` (default `['http', 'https']`). */
  allowedProtocols?: string[]
}
export interface DateProps extends InputProps {
  /** The date picked at first: `{ year, month, day }` (month 1–12) or a `Date`. */
  defaultValue?: DateInput | null
  /** Earlier dates are refused. */
  min?: DateInput
  /** Later dates are refused. */
  max?: DateInput
}
export interface TimeProps extends InputProps {
  /** `hour` 0–23, `minute` 0–59. */
  defaultValue?: TimeValue | null
  /** Earlier times are refused. */
  min?: TimeValue
  /** Later times are refused. */
  max?: TimeValue
}
/** A `Date`, or parts like `{ year, month, day, hour, minute }`. */
export type DatetimeInput = Date | { year: number; month: number; day: number; hour: number; minute: number }
export interface DatetimeProps extends InputProps {
  /** The moment picked at first. */
  defaultValue?: DatetimeInput | null
  /** Earlier moments are refused. */
  min?: DatetimeInput
  /** Later moments are refused. */
  max?: DatetimeInput
}
export interface FileProps extends InputProps {
  /** Extensions accepted, with the dot: `['.csv', '.json']`. */
  allowedExtensions?: string[]
  /** Accepted for Interval's sake and never called: files stay on this machine. */
  generatePresignedUrls?: (...args: never[]) => unknown
}

// ——— selections ———

/** An option: a primitive (shown as text, a Date as a date) or `{ label, value?, description?, image? }`. */
export type Option = string | number | boolean | Date | {
  /** Shown as the option's text. */
  label: string | number | boolean | Date
  /** Names the option in `defaultValue`; the call still resolves to the whole option. */
  value?: unknown
  /** A second line under the label. */
  description?: string | null
  /** A picture beside the label. */
  image?: ImageProp
  /** @deprecated Interval's older spelling of `image.url`. */
  imageUrl?: string | null
}
/** An option's `value` (a default may name the option by it). */
export type OptionValue<O> = O extends { value?: infer V } ? Exclude<V, undefined> : never
export interface SelectSingleProps<O extends Option> extends InputProps {
  /** The choices; the call resolves to the one picked, as passed in. */
  options: O[]
  /** An option (or its `value`) picked at first. */
  defaultValue?: NoInfer<O | OptionValue<O>> | null
  /** Adds a search box over the options. */
  searchable?: boolean
}
export interface SelectMultipleProps<O extends Option> extends InputProps {
  /** The choices; the call resolves to those picked, as passed in. */
  options: O[]
  /** Options (or their `value`s) picked at first. */
  defaultValue?: NoInfer<O | OptionValue<O>>[] | null
  /** Fewer picks are refused. */
  minSelections?: number
  /** More picks are refused. */
  maxSelections?: number
}

// ——— tables and grids ———

export type HighlightColor = 'red' | 'orange' | 'yellow' | 'green' | 'blue' | 'purple' | 'pink' | 'gray'
/** A cell: a primitive, a Date, a bigint, or a rich cell (`value` is what sort and search use). */
export type TableCell = string | number | boolean | bigint | Date | null | undefined | (LinkTarget & {
  /** What the cell shows. */
  label?: unknown
  /** What sort and search use (default: the label). */
  value?: unknown
  /** A picture in the cell. */
  image?: ImageProp
  /** Tints the cell. */
  highlightColor?: HighlightColor
})
/** A key of the row, or `{ label, accessorKey?, renderCell? }`. */
export type TableColumn<R> = (keyof R & string) | {
  /** The header. */
  label: string
  /** The row key shown (default: the label). */
  accessorKey?: keyof R & string
  /** The cell of a row: a value or `{ label, value, url | route + params, image, highlightColor }`. */
  renderCell?: (row: R) => TableCell
}
export interface TableProps<R> {
  /** Text under the label. */
  helpText?: string
  /** Default: the union of the rows' keys. */
  columns?: TableColumn<R>[]
  /** Buttons of each row (every row also has *Copy row*). */
  rowMenuItems?: (row: R) => MenuItem[]
  /** Rows per page; without it the table scrolls. */
  defaultPageSize?: number
  /** Click a header to sort (default true). */
  isSortable?: boolean
  /** A search box over every cell (default true). */
  isFilterable?: boolean
}
export interface TableQuery {
  /** What the person typed in the search box. */
  queryTerm: string
  /** The column's key (its `accessorKey` or label) when sorted. */
  sortColumn?: string
  /** Set with `sortColumn`. */
  sortDirection?: 'asc' | 'desc'
  /** Index of the first row wanted. */
  offset: number
  /** Rows wanted. */
  pageSize: number
}
/** Called for each page the table needs; a slow older answer never replaces a newer one. */
export type GetData<R> = (query: TableQuery) => Promise<TablePage<R>> | TablePage<R>
export interface TablePage<R> {
  /** The rows of the page asked for. */
  data: R[]
  /** Rows in all (matching the search), for the pager. */
  totalRecords?: number
}
/** Rows given at once (`data`) or per page (`getData`), not both. */
export type DataSource<R> = {
  /** All the rows at once. */
  data: R[]
  /** Give `data` or `getData`, not both. */
  getData?: undefined
} | {
  /** Called for each page the view needs: `({ queryTerm, sortColumn, sortDirection, offset, pageSize }) => ({ data, totalRecords? })`. */
  getData: GetData<R>
  /** Give `data` or `getData`, not both. */
  data?: undefined
}
export interface SelectTableProps<R> extends TableProps<R> {
  /** The rows; the call resolves to those picked, as passed in. */
  data: R[]
  /** Shown but cannot be changed. */
  disabled?: boolean
  /** Rows selected at first. */
  initiallySelected?: (row: R) => boolean
  /** Fewer rows are refused. */
  minSelections?: number
  /** More rows are refused. */
  maxSelections?: number
}
export type DisplayTableProps<R> = TableProps<R> & DataSource<R> & {
  /** `vertical` shows each row as a column (default `horizontal`). */
  orientation?: 'horizontal' | 'vertical'
}
export interface GridItem extends LinkTarget {
  /** The card's title. */
  label?: unknown
  /** @deprecated Interval's older name for `label`. */
  title?: unknown
  /** Text under the title. */
  description?: unknown
  /** The card's picture. */
  image?: ImageProp
  /** Buttons of the card. */
  menu?: MenuItem[]
}
export type DisplayGridProps<R> = DataSource<R> & {
  /** Text under the label. */
  helpText?: string
  /** A row's card: `{ label, description, image, url | route + params, menu }`. */
  renderItem: (row: R) => GridItem
  /** Card width in pixels the layout aims for. */
  idealColumnWidth?: number
  /** Cards per page; without it the grid scrolls. */
  defaultPageSize?: number
  /** A search box over the cards (default true). */
  isFilterable?: boolean
}

// ——— search ———

export interface SearchResult {
  /** The result's text. */
  label: unknown
  /** A second line. */
  description?: unknown
  /** A picture beside it. */
  image?: ImageProp
}
type SearchRendered = string | number | boolean | Date | SearchResult
export interface SearchProps<R> extends InputProps, Placeholder {
  /** Called as the person types; returns the results to show. */
  onSearch: (query: string) => Promise<R[]> | R[]
  /** How a result is shown: text, or `{ label, description?, image? }`. */
  renderResult: (result: R) => SearchRendered | Promise<SearchRendered>
  /** Shown before the person types. */
  initialResults?: R[]
  /** The result picked at first. */
  defaultValue?: R
}

// ——— displays ———

export interface HeadingProps {
  /** Like `<h2>`–`<h4>` (default 2). */
  level?: 2 | 3 | 4
  /** Text under the heading. */
  description?: string
  /** Buttons next to the heading. */
  menuItems?: MenuItem[]
}
export type LinkProps = LinkTarget & {
  /** Shown as a button in this theme. */
  theme?: ButtonTheme
  /** @deprecated Interval's wire spelling of `url`. */
  href?: string
  /** Accepted for Interval's sake and ignored. */
  download?: string
}
export interface ImageDisplayProps {
  /** Where the image is (give `url` or `buffer`). */
  url?: string
  /** The image's bytes (a Buffer); give `url` or `buffer`. */
  buffer?: Uint8Array
  /** Text for screen readers. */
  alt?: string
  /** Width and height at once. */
  size?: ImageSize
  /** Overrides `size` for the width. */
  width?: ImageSize
  /** Overrides `size` for the height. */
  height?: ImageSize
}
export interface VideoProps {
  /** Where the video is (give `url` or `buffer`). */
  url?: string
  /** The video's bytes (a Buffer); give `url` or `buffer`. */
  buffer?: Uint8Array
  /** Width and height at once. */
  size?: ImageSize
  /** Overrides `size` for the width. */
  width?: ImageSize
  /** Overrides `size` for the height. */
  height?: ImageSize
  /** Plays again from the start. */
  loop?: boolean
  /** Without sound. */
  muted?: boolean
}
/** A value, a promise of it, or a function returning either: shown once it resolves. */
export type Eventual<T> = T | PromiseLike<T> | (() => T | PromiseLike<T>)
export type MetadataItem = {
  /** What the value is. */
  label: string
  /** A value, a promise or a function: pending values show as they resolve. */
  value?: unknown
  /** A web page the value links to. */
  url?: Eventual<string>
  /** The slug of the action to start, like `billing/refund`. */
  route?: Eventual<string>
  /** @deprecated Interval's older name for `route`. */
  action?: Eventual<string>
  /** Given to the started action as `ctx.params`. */
  params?: Eventual<Record<string, unknown>>
  /** A picture beside the value. */
  image?: Eventual<ImageProp>
}
export interface MetadataProps {
  /** The labelled values. */
  data: MetadataItem[]
  /** How they are laid out (default `grid`). */
  layout?: 'grid' | 'list' | 'card'
}
export interface ConfirmProps {
  /** Text under the question. */
  helpText?: string
}
export interface ConfirmIdentityProps {
  /** Milliseconds after a confirmation during which the person is not asked again. */
  gracePeriodMs?: number
}
export interface HtmlProps {
  /** The HTML to show (sanitised first). */
  html: string
}
export interface CodeProps {
  /** The source to show. */
  code: string
  /** Its language for highlighting, like `typescript` or `sql`. */
  language?: string
}
export interface ObjectProps {
  /** Any JSON-like value. */
  data: unknown
}

export interface IO {
  /** Inputs: the person types or picks a value. */
  input: {
    /** A line of text (or a text area with `multiline`). Resolves to a string. */
    text(label: string, props?: TextProps): InputPromise<string>
    /** An email address, checked before submit. */
    email(label: string, props?: EmailProps): InputPromise<string>
    /** A number; whole unless `decimals` or `currency` says otherwise. */
    number(label: string, props?: NumberProps): InputPromise<number>
    /** A number picked on a slider between `min` and `max`. */
    slider(label: string, props: SliderProps): InputPromise<number>
    /** A checkbox. */
    boolean(label: string, props?: BooleanProps): InputPromise<boolean>
    /** Formatted text; resolves to sanitised HTML. */
    richText(label: string, props?: RichTextProps): InputPromise<string>
    /** A web address; resolves to a `URL`. */
    url(label: string, props?: UrlProps): InputPromise<URL>
    /** A date; resolves to `{ year, month, day, jsDate }`. */
    date(label: string, props?: DateProps): InputPromise<DateValue>
    /** A time of day; resolves to `{ hour, minute }`. */
    time(label: string, props?: TimeProps): InputPromise<TimeValue>
    /** A date and time; resolves to a `Date`. */
    datetime(label: string, props?: DatetimeProps): InputPromise<Date>
    /** A file (or several with `.multiple()`), read with `text()`, `json()`, `buffer()` or `url()`. */
    file(label: string, props?: FileProps): MultipleablePromise<FileValue>
  }
  /** Selections: the person picks among what the action passes in, and gets it back. */
  select: {
    /** Pick one option; resolves to it, as passed in. */
    single<O extends Option>(label: string, props: SelectSingleProps<O>): InputPromise<O>
    /** Pick several options; resolves to them, as passed in. */
    multiple<O extends Option>(label: string, props: SelectMultipleProps<O>): InputPromise<O[]>
    /** Pick rows of a table; resolves to the rows, as passed in. */
    table<R extends object>(label: string, props: SelectTableProps<R>): InputPromise<R[]>
  }
  /** Search as you type; resolves to the result picked, as passed in (several with `.multiple()`). */
  search<R>(label: string, props: SearchProps<R>): MultipleablePromise<R>
  /** Yes or no, alone on its screen. */
  confirm(label: string, props?: ConfirmProps): ExclusivePromise<boolean>
  /** Asks the person to prove who they are (a modal dialog) before a dangerous step. */
  confirmIdentity(label: string, props?: ConfirmIdentityProps): ExclusivePromise<boolean>
  /** Displays: shown in the feed above the prompt; they resolve to `null` at once. */
  display: {
    /** A heading over what follows, with an optional description and buttons. */
    heading(label: string, props?: HeadingProps): DisplayPromise
    /** The label is GitHub-flavoured markdown (sanitised). */
    markdown(label: string, props?: Record<string, never>): DisplayPromise
    /** Sanitised HTML. */
    html(label: string, props: HtmlProps): DisplayPromise
    /** Highlighted code. */
    code(label: string, props: CodeProps): DisplayPromise
    /** A link to a web page (`url`) or another action (`route` + `params`). */
    link(label: string, props: LinkProps): DisplayPromise
    /** An image by `url` or from a `buffer`. */
    image(label: string, props: ImageDisplayProps): DisplayPromise
    /** A video by `url` or from a `buffer`. */
    video(label: string, props: VideoProps): DisplayPromise
    /** Any JSON-like value as an expandable tree. */
    object(label: string, props: ObjectProps): DisplayPromise
    /** Labelled values (promises and functions shown as they resolve). */
    metadata(label: string, props: MetadataProps): DisplayPromise
    /** A table of `data` or of pages from `getData`. */
    table<R extends object>(label: string, props: DisplayTableProps<R>): DisplayPromise
    /** Cards of `data` or of pages from `getData`, each drawn by `renderItem`. */
    grid<R extends object>(label: string, props: DisplayGridProps<R>): DisplayPromise
  }
  /** Several calls on one screen: `io.group([a, b])` resolves to a tuple, `io.group({ a, b })` to an object. */
  group<M extends Groupable[]>(members: [...M]): GroupPromise<Resolved<M>>
  /** Several calls on one screen: `io.group({ a, b })` resolves to `{ a, b }` with their values. */
  group<M extends Record<string, Groupable>>(members: M): GroupPromise<Resolved<M>>
}
