// Compile-time checks (run by `tsc -p .`, not by mocha) that the published
// types in src/types describe the runtime: every prop the types allow passes
// the runtime's zod schema, every prop the runtime knows is documented, the io
// methods are the same, and what a call resolves to at runtime is what the
// types say. A failure names the method (or key) that drifted.
import type { Method, PropsOf } from '../../src/core/protocol'
import type { ActionCtx } from '../../src/core/runtime/ctx'
import type { IO as RuntimeIO } from '../../src/core/runtime/io'
import type { Ctx } from '../../src/types/ctx'
import type * as Sdk from '../../src/sdk'
import type * as Published from '../../src/types'
import type * as T from '../../src/types/io'

type Row = Record<string, unknown>
/** The published props of each method, generic ones at their widest. */
interface PublishedProps {
  INPUT_TEXT: T.TextProps; INPUT_EMAIL: T.EmailProps; INPUT_NUMBER: T.NumberProps; INPUT_SLIDER: T.SliderProps
  INPUT_BOOLEAN: T.BooleanProps; INPUT_RICH_TEXT: T.RichTextProps; INPUT_URL: T.UrlProps; INPUT_DATE: T.DateProps
  INPUT_TIME: T.TimeProps; INPUT_DATETIME: T.DatetimeProps; INPUT_FILE: T.FileProps
  SELECT_SINGLE: T.SelectSingleProps<T.Option>; SELECT_MULTIPLE: T.SelectMultipleProps<T.Option>
  SELECT_TABLE: T.SelectTableProps<Row>; SEARCH: T.SearchProps<unknown>
  CONFIRM: T.ConfirmProps; CONFIRM_IDENTITY: T.ConfirmIdentityProps
  DISPLAY_HEADING: T.HeadingProps; DISPLAY_MARKDOWN: Record<string, never>; DISPLAY_HTML: T.HtmlProps; DISPLAY_CODE: T.CodeProps
  DISPLAY_LINK: T.LinkProps; DISPLAY_IMAGE: T.ImageDisplayProps; DISPLAY_VIDEO: T.VideoProps
  DISPLAY_OBJECT: T.ObjectProps; DISPLAY_METADATA: T.MetadataProps
  DISPLAY_TABLE: T.DisplayTableProps<Row>; DISPLAY_GRID: T.DisplayGridProps<Row>
}
type KeysOf<U> = U extends unknown ? keyof U : never

/** Values the published types declare that the runtime module does not export (they would type-check and fail to load). */
type NotExported = Exclude<keyof typeof Published, keyof typeof Sdk>

/** Methods whose published props the runtime would refuse (should be none). */
type TooWide = { [M in Method]: PublishedProps[M] extends PropsOf<M> ? never : M }[Method]
/** `method:key` of runtime props the published types leave out (should be none). */
type Undocumented = { [M in Method]: `${M}:${Exclude<KeysOf<PropsOf<M>>, KeysOf<PublishedProps[M]>> & string}` }[Method]
/** `method:key` of published props the runtime does not know (should be none). */
type Unknown = { [M in Method]: `${M}:${Exclude<KeysOf<PublishedProps[M]>, KeysOf<PropsOf<M>>> & string}` }[Method]

type Val<P> = P extends PromiseLike<infer V> ? V : never
type Fn = (...args: any[]) => unknown
type Namespaces = 'input' | 'select' | 'display'
/** `namespace.method` present on one side only. */
type Missing =
  | { [N in Namespaces]: `${N}.${Exclude<keyof RuntimeIO[N], keyof T.IO[N]> & string}` | `${N}.${Exclude<keyof T.IO[N], keyof RuntimeIO[N]> & string}` }[Namespaces]
  | Exclude<keyof RuntimeIO, keyof T.IO> | Exclude<keyof T.IO, keyof RuntimeIO>
/** Generic in the option type, unconstrained at runtime: checked below at one instantiation. */
type OptionGeneric = 'single' | 'multiple'
/** `namespace.method` whose runtime value is not what the published type promises. */
type WrongValue = {
  [N in Namespaces]: {
    [K in Exclude<keyof T.IO[N] & keyof RuntimeIO[N], OptionGeneric>]: RuntimeIO[N][K] extends Fn ? T.IO[N][K] extends Fn
      ? Val<ReturnType<RuntimeIO[N][K]>> extends Val<ReturnType<T.IO[N][K]>> ? never : `${N}.${K & string}` : never : never
  }[Exclude<keyof T.IO[N] & keyof RuntimeIO[N], OptionGeneric>]
}[Namespaces]
declare const runtime: RuntimeIO
declare const published: T.IO
type O = { label: string; value: number }
type SelectValues = [Val<ReturnType<typeof runtime.select.single<O>>>, Val<ReturnType<typeof runtime.select.multiple<O>>>]
export const selectValues = (v: SelectValues): [Val<ReturnType<typeof published.select.single<O>>>, Val<ReturnType<typeof published.select.multiple<O>>>] => v

// Each line fails to compile when its union is not empty: "Type '{}' is missing the following properties …" names them.
type None<U extends PropertyKey> = { [K in U]: never }
export const notExported: None<NotExported> = {}
export const tooWide: None<TooWide> = {}
export const undocumented: None<Undocumented> = {}
export const unknownProps: None<Unknown> = {}
export const missingMethods: None<Missing> = {}
export const wrongValues: None<WrongValue> = {}
/** The runtime's ctx has everything the published Ctx promises. */
export const ctxConforms = (c: ActionCtx): Ctx => c
