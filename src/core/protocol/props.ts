// What an action may pass as props to each io method, one zod schema per
// method. The worker checks them before a call is shown, so a mistake fails
// that call with an error naming the method and the prop.
// Everything Interval's SDK accepts (its component types and src/ioSchema.ts)
// is accepted here, deprecated spellings included; unknown keys are refused,
// so a typo is an error instead of a silently ignored prop.
import * as z from 'zod'
import { CURRENCIES } from './wire'
import { methodName, type Method } from './methods'
import { lazySchemas } from '../lazySchemas'

// Built on first use (core/lazySchemas.ts).
export const { imageProps, optionProp, menuItemProp, choiceProp, propsSchemas } = lazySchemas(() => {
  const fn = z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', { message: 'Expected a function' })
  const bytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array, { message: 'Expected a Buffer or Uint8Array' })
  const params = z.record(z.string(), z.unknown())
  const size = z.enum(['thumbnail', 'small', 'medium', 'large'])
  /** Interval's button themes; `default` (deprecated in its 0.31) looks like no theme. */
  const theme = z.enum(['default', 'primary', 'secondary', 'danger'])

  const input = { helpText: z.string().optional(), disabled: z.boolean().optional() }
  const placeholder = { placeholder: z.string().optional() }
  /** Ours, not Interval's: the answer is masked in the history log (the action still gets it). */
  const sensitive = { sensitive: z.boolean().optional() }
  // Loose: an earlier answer (`{ year, month, day, jsDate }`) may be passed back as a default.
  const dateParts = z.looseObject({ year: z.number().int(), month: z.number().int().min(1).max(12), day: z.number().int().min(1).max(31) })
  const dateLike = z.union([dateParts, z.date()])
  const timeParts = z.looseObject({ hour: z.number().int().min(0).max(23), minute: z.number().int().min(0).max(59) })
  const dateTimeLike = z.union([z.date(), z.looseObject({ ...dateParts.shape, ...timeParts.shape })])
  /** Interval's option and search labels: shown as text, a Date as a date. */
  const primitive = z.union([z.string(), z.number(), z.boolean(), z.date()])

  const imageProps = z.object({
    url: z.string().optional(), buffer: bytes.optional(), alt: z.string().optional(), size: size.optional(),
    width: size.optional(), height: size.optional(),
  })

  /** A selectable option: a primitive (a Date too), or `{ label, value, description?, image? }`. */
  const optionProp = z.union([
    primitive,
    z.looseObject({
      label: primitive,
      value: z.unknown().optional(),
      description: z.string().nullish(),
      image: imageProps.optional(),
      /** Interval's older spelling of `image.url`. */
      imageUrl: z.string().nullish(),
    }),
  ])

  const menuItemProp = z.looseObject({
    label: z.string(),
    theme: theme.optional(),
    url: z.string().optional(),
    route: z.string().optional(),
    action: z.string().optional(),
    params: params.optional(),
    disabled: z.boolean().optional(),
  })

  const choiceProp = z.union([
    z.string(),
    z.looseObject({ label: z.string(), value: z.string().optional(), theme: theme.optional() }),
  ])

  /** A row of a table: any object (its keys are the implicit columns). */
  const row = z.custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null, { message: 'Expected an object (a row)' })
  const tableColumn = z.union([
    z.string(),
    z.looseObject({ label: z.string(), accessorKey: z.string().optional(), renderCell: fn.optional() }),
  ])
  const tableCommon = {
    helpText: z.string().optional(),
    columns: z.array(tableColumn).optional(),
    rowMenuItems: fn.optional(),
    defaultPageSize: z.number().optional(),
    isSortable: z.boolean().optional(),
    isFilterable: z.boolean().optional(),
  }
  const asyncData = { data: z.array(row).optional(), getData: fn.optional() }
  const dataOrGetData = (p: { data?: unknown; getData?: unknown }): boolean => (p.data === undefined) !== (p.getData === undefined)
  const DATA_OR_GET_DATA = { message: 'Give either "data" or "getData"', path: ['data'] }

  /** A value, a promise of it, or a function returning either. */
  const eventual = <T extends z.ZodType>(t: T) => z.union([t, fn, z.custom<PromiseLike<unknown>>((v) => typeof (v as PromiseLike<unknown>)?.then === 'function', { message: 'Expected a promise' })]).optional()

  const linkTarget = { url: z.string().optional(), route: z.string().optional(), action: z.string().optional(), params: params.optional() }

  const propsSchemas = {
    INPUT_TEXT: z.strictObject({
      ...input, ...placeholder, ...sensitive,
      defaultValue: z.string().nullish(),
      multiline: z.boolean().optional(),
      lines: z.number().optional(),
      minLength: z.number().int().nonnegative().optional(),
      maxLength: z.number().int().positive().optional(),
    }),
    INPUT_EMAIL: z.strictObject({ ...input, ...placeholder, ...sensitive, defaultValue: z.string().nullish() }),
    INPUT_NUMBER: z.strictObject({
      ...input, ...placeholder, ...sensitive,
      min: z.number().optional(),
      max: z.number().optional(),
      decimals: z.number().int().nonnegative().optional(),
      currency: z.enum(CURRENCIES).optional(),
      prepend: z.string().optional(),
      defaultValue: z.number().nullish(),
    }),
    INPUT_SLIDER: z.strictObject({
      ...input,
      min: z.number(),
      max: z.number(),
      step: z.number().optional(),
      defaultValue: z.number().nullish(),
    }),
    INPUT_BOOLEAN: z.strictObject({ ...input, defaultValue: z.boolean().nullish() }),
    INPUT_RICH_TEXT: z.strictObject({ ...input, ...placeholder, ...sensitive, defaultValue: z.string().nullish() }),
    INPUT_URL: z.strictObject({
      ...input, ...placeholder, ...sensitive,
      defaultValue: z.union([z.string(), z.instanceof(URL)]).nullish(),
      allowedProtocols: z.array(z.string()).optional(),
    }),
    INPUT_DATE: z.strictObject({ ...input, defaultValue: dateLike.nullish(), min: dateLike.optional(), max: dateLike.optional() }),
    INPUT_TIME: z.strictObject({ ...input, defaultValue: timeParts.nullish(), min: timeParts.optional(), max: timeParts.optional() }),
    INPUT_DATETIME: z.strictObject({ ...input, defaultValue: dateTimeLike.nullish(), min: dateTimeLike.optional(), max: dateTimeLike.optional() }),
    INPUT_FILE: z.strictObject({
      ...input,
      allowedExtensions: z.array(z.string().min(1)).optional(),
      /** Interval uploads to these URLs; here files never leave the machine, so it is accepted and not called. */
      generatePresignedUrls: fn.optional(),
    }),
    SELECT_SINGLE: z.strictObject({
      ...input,
      options: z.array(optionProp),
      defaultValue: z.unknown().optional(),
      searchable: z.boolean().optional(),
    }),
    SELECT_MULTIPLE: z.strictObject({
      ...input,
      options: z.array(optionProp),
      defaultValue: z.array(z.unknown()).nullish(),
      minSelections: z.number().int().nonnegative().optional(),
      maxSelections: z.number().int().positive().optional(),
    }),
    SELECT_TABLE: z.strictObject({
      ...input, ...tableCommon,
      data: z.array(row),
      initiallySelected: fn.optional(),
      minSelections: z.number().int().nonnegative().optional(),
      maxSelections: z.number().int().positive().optional(),
    }),
    SEARCH: z.strictObject({
      ...input, ...placeholder,
      onSearch: fn,
      renderResult: fn,
      initialResults: z.array(z.unknown()).optional(),
      defaultValue: z.unknown().optional(),
    }),
    CONFIRM: z.strictObject({ helpText: z.string().optional() }),
    CONFIRM_IDENTITY: z.strictObject({ gracePeriodMs: z.number().optional() }),
    DISPLAY_HEADING: z.strictObject({
      level: z.union([z.literal(2), z.literal(3), z.literal(4)]).optional(),
      description: z.string().optional(),
      menuItems: z.array(menuItemProp).optional(),
    }),
    DISPLAY_MARKDOWN: z.strictObject({}),
    DISPLAY_HTML: z.strictObject({ html: z.string() }),
    DISPLAY_CODE: z.strictObject({ code: z.string(), language: z.string().optional() }),
    DISPLAY_LINK: z.strictObject({
      ...linkTarget, theme: theme.optional(),
      /** Interval's wire spelling of `url`; `download` (a file name for the browser) has no meaning here and is ignored. */
      href: z.string().optional(), download: z.string().optional(),
    }),
    DISPLAY_IMAGE: z.strictObject({
      url: z.string().optional(), buffer: bytes.optional(), alt: z.string().optional(), size: size.optional(),
      width: size.optional(), height: size.optional(),
    }),
    DISPLAY_VIDEO: z.strictObject({
      url: z.string().optional(), buffer: bytes.optional(), size: size.optional(), width: size.optional(), height: size.optional(),
      loop: z.boolean().optional(), muted: z.boolean().optional(),
    }),
    DISPLAY_OBJECT: z.strictObject({ data: z.unknown() }),
    DISPLAY_METADATA: z.strictObject({
      layout: z.enum(['grid', 'list', 'card']).optional(),
      // Like `value`, each link field and the image may be a promise or a function (Interval's EventualValue).
      data: z.array(z.looseObject({
        label: z.string(), value: z.unknown().optional(),
        url: eventual(z.string()), route: eventual(z.string()), action: eventual(z.string()), params: eventual(params), image: eventual(imageProps),
      })),
    }),
    DISPLAY_TABLE: z.strictObject({
      ...tableCommon, ...asyncData,
      orientation: z.enum(['horizontal', 'vertical']).optional(),
    }).refine(dataOrGetData, DATA_OR_GET_DATA),
    DISPLAY_GRID: z.strictObject({
      helpText: z.string().optional(), ...asyncData,
      renderItem: fn,
      idealColumnWidth: z.number().optional(),
      defaultPageSize: z.number().optional(),
      isFilterable: z.boolean().optional(),
    }).refine(dataOrGetData, DATA_OR_GET_DATA),
  } satisfies Record<Method, z.ZodType>
  return { imageProps, optionProp, menuItemProp, choiceProp, propsSchemas }
})

export type PropsOf<M extends Method> = z.input<(typeof propsSchemas)[M]>

/** Validates an action's props for one method; the error names the method and the prop. */
export function checkProps(method: Method, props: unknown): { ok: true; props: Record<string, unknown> } | { ok: false; error: string } {
  const given = props ?? {}
  const parsed = propsSchemas[method].safeParse(given)
  // The action's own objects, not zod's copies: selections hand back the very options passed in.
  if (parsed.success) return { ok: true, props: given as Record<string, unknown> }
  const issue = parsed.error.issues[0]
  const where = issue.path.length ? `prop "${issue.path.join('.')}"` : 'props'
  const keys = issue.code === 'unrecognized_keys' ? ` (${issue.keys.map((k) => `"${k}"`).join(', ')})` : ''
  return { ok: false, error: `${methodName(method)}: invalid ${where}${keys}: ${issue.message}` }
}
