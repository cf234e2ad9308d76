// One schema per io method: the props an action may pass, and the answer the
// webview may send back. Imported by the worker (to check props before a call
// is shown), the host (to check answers) and the webview (to pre-check input).
import * as z from 'zod'

const common = {
  helpText: z.string().optional(),
  disabled: z.boolean().optional(),
}

export const CURRENCIES = ['USD', 'CAD', 'EUR', 'GBP', 'AUD', 'CNY', 'JPY'] as const

export const propsSchemas = {
  INPUT_TEXT: z.strictObject({
    ...common,
    placeholder: z.string().optional(),
    defaultValue: z.string().nullish(),
    multiline: z.boolean().optional(),
    lines: z.number().int().positive().optional(),
    minLength: z.number().int().nonnegative().optional(),
    maxLength: z.number().int().positive().optional(),
  }),
  INPUT_EMAIL: z.strictObject({
    ...common,
    placeholder: z.string().optional(),
    defaultValue: z.string().nullish(),
  }),
  INPUT_NUMBER: z.strictObject({
    ...common,
    min: z.number().optional(),
    max: z.number().optional(),
    decimals: z.number().int().nonnegative().max(20).optional(),
    currency: z.enum(CURRENCIES).optional(),
    prepend: z.string().optional(),
    placeholder: z.string().optional(),
    defaultValue: z.number().nullish(),
  }),
  INPUT_BOOLEAN: z.strictObject({
    ...common,
    defaultValue: z.boolean().optional(),
  }),
  CONFIRM: z.strictObject({
    helpText: z.string().optional(),
  }),
  DISPLAY_MARKDOWN: z.strictObject({}),
} as const

export type Method = keyof typeof propsSchemas
export const METHODS = Object.keys(propsSchemas) as Method[]
export type PropsOf<M extends Method> = z.infer<(typeof propsSchemas)[M]>

/** Methods that show something and resolve at once, without an answer. */
export const DISPLAY_METHODS: ReadonlySet<Method> = new Set(['DISPLAY_MARKDOWN'])
export const isDisplay = (method: Method): boolean => DISPLAY_METHODS.has(method)

/** One prompt element as it travels to the webview and into the history log. */
export const componentSchema = z.object({
  method: z.enum(METHODS as [Method, ...Method[]]),
  label: z.string(),
  props: z.record(z.string(), z.unknown()),
  optional: z.boolean().optional(),
})
export type Component = z.infer<typeof componentSchema>

/** Validates an action's props for one method; the error names the method and the prop. */
export function checkProps(method: Method, props: unknown): { ok: true; props: Record<string, unknown> } | { ok: false; error: string } {
  const parsed = propsSchemas[method].safeParse(props ?? {})
  if (parsed.success) return { ok: true, props: parsed.data as Record<string, unknown> }
  const issue = parsed.error.issues[0]
  const where = issue.path.length ? `prop "${issue.path.join('.')}"` : 'props'
  const keys = issue.code === 'unrecognized_keys' ? ` (${issue.keys.map((k) => `"${k}"`).join(', ')})` : ''
  return { ok: false, error: `${methodName(method)}: invalid ${where}${keys}: ${issue.message}` }
}

/** `INPUT_TEXT` → `io.input.text`, for messages people read. */
export function methodName(method: Method): string {
  const names: Record<Method, string> = {
    INPUT_TEXT: 'io.input.text',
    INPUT_EMAIL: 'io.input.email',
    INPUT_NUMBER: 'io.input.number',
    INPUT_BOOLEAN: 'io.input.boolean',
    CONFIRM: 'io.confirm',
    DISPLAY_MARKDOWN: 'io.display.markdown',
  }
  return names[method]
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

type AnswerCheck = { ok: true; value: unknown } | { ok: false; error: string }

/**
 * Checks one answer against its component. The host uses it as the authority;
 * the webview uses the same function to show errors before sending.
 * An empty answer to an optional input is `undefined`.
 */
export function checkAnswer(component: Component, raw: unknown): AnswerCheck {
  const p = component.props as Record<string, any>
  const empty = raw === undefined || raw === null || raw === ''
  if (isDisplay(component.method)) return { ok: true, value: null }
  if (empty && component.optional) return { ok: true, value: undefined }
  switch (component.method) {
    case 'INPUT_TEXT':
    case 'INPUT_EMAIL': {
      if (typeof raw !== 'string' && !empty) return { ok: false, error: 'Expected text.' }
      const value = (raw as string | undefined) ?? ''
      if (value.length === 0) return { ok: false, error: 'This field is required.' }
      if (component.method === 'INPUT_EMAIL' && !EMAIL.test(value)) return { ok: false, error: 'Enter a valid email address.' }
      if (p.minLength !== undefined && value.length < p.minLength) return { ok: false, error: `Enter at least ${p.minLength} characters.` }
      if (p.maxLength !== undefined && value.length > p.maxLength) return { ok: false, error: `Enter at most ${p.maxLength} characters.` }
      return { ok: true, value }
    }
    case 'INPUT_NUMBER': {
      if (empty) return { ok: false, error: 'This field is required.' }
      const value = typeof raw === 'string' ? Number(raw) : raw
      if (typeof value !== 'number' || !Number.isFinite(value)) return { ok: false, error: 'Enter a number.' }
      if (p.min !== undefined && value < p.min) return { ok: false, error: `Enter a number of at least ${p.min}.` }
      if (p.max !== undefined && value > p.max) return { ok: false, error: `Enter a number of at most ${p.max}.` }
      // Without `decimals` any number is fine; a currency allows cents.
      const decimals: number | undefined = p.decimals ?? (p.currency ? 2 : undefined)
      if (decimals !== undefined && Number(value.toFixed(decimals)) !== value) {
        return { ok: false, error: decimals === 0 ? 'Enter a whole number.' : `Use at most ${decimals} decimal places.` }
      }
      return { ok: true, value }
    }
    case 'INPUT_BOOLEAN':
    case 'CONFIRM':
      if (empty && component.method === 'INPUT_BOOLEAN') return { ok: true, value: false }
      return typeof raw === 'boolean' ? { ok: true, value: raw } : { ok: false, error: 'Expected yes or no.' }
  }
  return { ok: false, error: `Unknown method ${component.method}.` }
}
