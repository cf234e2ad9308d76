// Checks one answer from the webview against its component. The host uses it
// as the authority; the webview uses the same function to show errors before
// sending. An empty answer to an optional input is `undefined`.
import * as z from 'zod'
import { lazySchemas } from '../lazySchemas'
import { isDisplay, type Method } from './methods'
import type { Component, DateWire, TimeWire } from './wire'

export type AnswerCheck = { ok: true; value: unknown } | { ok: false; error: string }

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const ok = (value: unknown): AnswerCheck => ({ ok: true, value })
const fail = (error: string): AnswerCheck => ({ ok: false, error })
const REQUIRED = 'This field is required.'

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v)
const dateKey = (d: DateWire): number => d.year * 10_000 + d.month * 100 + d.day
const timeKey = (t: TimeWire): number => t.hour * 60 + t.minute
const pad = (n: number): string => String(n).padStart(2, '0')
const showDate = (d: DateWire): string => `${d.year}-${pad(d.month)}-${pad(d.day)}`
const showTime = (t: TimeWire): string => `${pad(t.hour)}:${pad(t.minute)}`

const validCalendarDate = (d: DateWire): boolean => {
  const js = new Date(Date.UTC(d.year, d.month - 1, d.day))
  return js.getUTCFullYear() === d.year && js.getUTCMonth() === d.month - 1 && js.getUTCDate() === d.day
}

// Built on first use (core/lazySchemas.ts).
export const { answerSchemas } = lazySchemas(() => {
  const dateWire = z.object({ year: z.number().int(), month: z.number().int(), day: z.number().int() }).refine(validCalendarDate)
  const timeWire = z.object({ hour: z.number().int().min(0).max(23), minute: z.number().int().min(0).max(59) })
  const fileWire = z.object({ name: z.string(), type: z.string(), size: z.number().nonnegative(), lastModified: z.number(), data: z.string() })
  const numberLike = z.union([z.number(), z.string()])

  /**
   * The shape of the answer the webview sends for each method (one zod schema
   * per method); checkAnswer applies it first, then the method's own rules.
   * What the action finally receives (a URL, a Date, the option object…) is
   * made from this by the worker (runtime/methods).
   */
  const answerSchemas = {
    INPUT_TEXT: z.string(), INPUT_EMAIL: z.string(), INPUT_RICH_TEXT: z.string(),
    INPUT_NUMBER: numberLike, INPUT_SLIDER: numberLike, INPUT_BOOLEAN: z.boolean(),
    INPUT_URL: z.string(), INPUT_DATE: dateWire, INPUT_TIME: timeWire, INPUT_DATETIME: z.string(),
    INPUT_FILE: z.union([fileWire, z.array(fileWire)]),
    SELECT_SINGLE: z.number().int(), SELECT_MULTIPLE: z.array(z.number().int()), SELECT_TABLE: z.array(z.number().int()),
    SEARCH: z.union([z.string(), z.array(z.string())]),
    CONFIRM: z.boolean(), CONFIRM_IDENTITY: z.boolean(),
    DISPLAY_HEADING: z.null(), DISPLAY_MARKDOWN: z.null(), DISPLAY_HTML: z.null(), DISPLAY_CODE: z.null(), DISPLAY_LINK: z.null(),
    DISPLAY_IMAGE: z.null(), DISPLAY_VIDEO: z.null(), DISPLAY_OBJECT: z.null(), DISPLAY_METADATA: z.null(),
    DISPLAY_TABLE: z.null(), DISPLAY_GRID: z.null(),
  } satisfies Record<Method, z.ZodType>
  return { answerSchemas }
})

const TYPE_ERRORS: Partial<Record<Method, string>> = {
  INPUT_NUMBER: 'Enter a number.', INPUT_SLIDER: 'Enter a number.', INPUT_BOOLEAN: 'Expected yes or no.',
  CONFIRM: 'Expected yes or no.', CONFIRM_IDENTITY: 'Expected yes or no.', INPUT_URL: 'Expected a URL.',
  INPUT_DATE: 'Enter a valid date.', INPUT_TIME: 'Enter a valid time.', INPUT_DATETIME: 'Enter a valid date and time.',
  INPUT_FILE: 'Expected a file.', SELECT_SINGLE: 'Choose one of the options.', SELECT_MULTIPLE: 'Choose from the options.',
  SELECT_TABLE: 'Choose rows of the table.',
  SEARCH: 'Choose a result from the list.',
}

/** `.csv` or `csv` in allowedExtensions both match `report.CSV`. */
export function extensionAllowed(name: string, allowed: string[] | undefined): boolean {
  if (!allowed?.length) return true
  const lower = name.toLowerCase()
  return allowed.some((ext) => lower.endsWith('.' + ext.toLowerCase().replace(/^\./, '')))
}

export function checkAnswer(component: Component, raw: unknown): AnswerCheck {
  const p = component.props as Record<string, any>
  if (isDisplay(component.method)) return ok(null)
  const picksMany = component.method === 'SELECT_MULTIPLE' || component.method === 'SELECT_TABLE'
  const empty = raw === undefined || raw === null || raw === '' || (Array.isArray(raw) && raw.length === 0 && !picksMany)
  if (empty && component.optional) return ok(undefined)
  if (!empty && !answerSchemas[component.method].safeParse(raw).success) return fail(TYPE_ERRORS[component.method] ?? 'Expected text.')
  switch (component.method) {
    case 'INPUT_TEXT':
    case 'INPUT_EMAIL':
    case 'INPUT_RICH_TEXT': {
      const value = (raw as string | undefined) ?? ''
      const text = component.method === 'INPUT_RICH_TEXT' ? value.replace(/<[^>]*>/g, '').trim() : value
      if (text.length === 0) return fail(REQUIRED)
      if (component.method === 'INPUT_EMAIL' && !EMAIL.test(value)) return fail('Enter a valid email address.')
      if (p.minLength !== undefined && value.length < p.minLength) return fail(`Enter at least ${p.minLength} characters.`)
      if (p.maxLength !== undefined && value.length > p.maxLength) return fail(`Enter at most ${p.maxLength} characters.`)
      return ok(value)
    }
    case 'INPUT_NUMBER':
    case 'INPUT_SLIDER': {
      if (empty) return fail(REQUIRED)
      const value = typeof raw === 'string' ? Number(raw) : (raw as number)
      if (!Number.isFinite(value)) return fail('Enter a number.')
      if (p.min !== undefined && value < p.min) return fail(`Enter a number of at least ${p.min}.`)
      if (p.max !== undefined && value > p.max) return fail(`Enter a number of at most ${p.max}.`)
      if (component.method === 'INPUT_SLIDER' && p.step) {
        const steps = (value - p.min) / p.step
        if (Math.abs(steps - Math.round(steps)) > 1e-9) return fail(`Choose a multiple of ${p.step} from ${p.min}.`)
      }
      // Without `decimals` any number is fine; a currency allows cents.
      const decimals: number | undefined = p.decimals ?? (p.currency ? 2 : undefined)
      if (decimals !== undefined && Number(value.toFixed(Math.min(decimals, 100))) !== value) {   // toFixed stops at 100
        return fail(decimals === 0 ? 'Enter a whole number.' : `Use at most ${decimals} decimal places.`)
      }
      return ok(value)
    }
    case 'INPUT_BOOLEAN':
      return ok(empty ? false : raw)
    case 'CONFIRM':
    case 'CONFIRM_IDENTITY':
      return empty ? fail('Expected yes or no.') : ok(raw)
    case 'INPUT_URL': {
      if (empty) return fail(REQUIRED)
      let url: URL
      try {
        url = new URL(raw as string)
      } catch {
        return fail('Enter a full URL, like https://example.com.')
      }
      const allowed: string[] = p.allowedProtocols ?? ['http', 'https']
      if (!allowed.some((proto) => url.protocol === proto.replace(/:$/, '') + ':')) return fail(`Use a URL starting with ${allowed.map((a) => a + '://').join(' or ')}.`)
      return ok(raw)
    }
    case 'INPUT_DATE': {
      if (empty) return fail(REQUIRED)
      const d = raw as DateWire
      if (p.min && dateKey(d) < dateKey(p.min)) return fail(`Choose ${showDate(p.min)} or later.`)
      if (p.max && dateKey(d) > dateKey(p.max)) return fail(`Choose ${showDate(p.max)} or earlier.`)
      return ok({ year: d.year, month: d.month, day: d.day })
    }
    case 'INPUT_TIME': {
      if (empty) return fail(REQUIRED)
      const t = raw as TimeWire
      if (p.min && timeKey(t) < timeKey(p.min)) return fail(`Choose ${showTime(p.min)} or later.`)
      if (p.max && timeKey(t) > timeKey(p.max)) return fail(`Choose ${showTime(p.max)} or earlier.`)
      return ok({ hour: t.hour, minute: t.minute })
    }
    case 'INPUT_DATETIME': {
      if (empty) return fail(REQUIRED)
      const t = Date.parse(raw as string)
      if (Number.isNaN(t)) return fail('Enter a valid date and time.')
      if (p.min && t < Date.parse(p.min)) return fail(`Choose ${new Date(p.min).toLocaleString()} or later.`)
      if (p.max && t > Date.parse(p.max)) return fail(`Choose ${new Date(p.max).toLocaleString()} or earlier.`)
      return ok(new Date(t).toISOString())
    }
    case 'INPUT_FILE': {
      if (empty) return fail(component.multiple ? 'Choose at least one file.' : 'Choose a file.')
      const files = component.multiple ? raw : [raw]
      if (!Array.isArray(files) || Array.isArray(raw) !== !!component.multiple) return fail('Expected a file.')
      const wrong = files.find((f) => !extensionAllowed(f.name, p.allowedExtensions))
      if (wrong) return fail(`${wrong.name} is not one of the allowed types (${p.allowedExtensions.join(', ')}).`)
      return ok(raw)
    }
    case 'SELECT_SINGLE': {
      if (empty) return fail('Choose an option.')
      if ((raw as number) < 0 || (raw as number) >= (p.options?.length ?? 0)) return fail('Choose one of the options.')
      return ok(raw)
    }
    case 'SELECT_MULTIPLE':
      return checkPicks(raw, p.options?.length ?? 0, p, !!component.optional, { range: 'Choose from the options.', twice: 'An option was chosen twice.' })
    case 'SELECT_TABLE':
      return checkPicks(raw, p.rowCount ?? 0, p, !!component.optional, { range: 'Choose rows of the table.', twice: 'A row was chosen twice.' })
    case 'SEARCH': {
      if (empty) return fail(component.multiple ? 'Choose at least one result.' : 'Choose a result.')
      if (Array.isArray(raw) !== !!component.multiple) return fail('Choose a result from the list.')
      return ok(raw)
    }
  }
  return fail(`Unknown method ${component.method}.`)
}

/** Indexes into `count` options or rows: in range, each once, within min/maxSelections (none is fine when optional). */
function checkPicks(raw: unknown, count: number, p: Record<string, any>, optional: boolean, say: { range: string; twice: string }): AnswerCheck {
  const picked = raw ?? []
  if (!Array.isArray(picked) || !picked.every((i) => isInt(i) && i >= 0 && i < count)) return fail(say.range)
  if (new Set(picked).size !== picked.length) return fail(say.twice)
  const min = p.minSelections ?? 0
  if (picked.length < min && !(optional && picked.length === 0)) return fail(`Choose at least ${min}.`)
  if (p.maxSelections !== undefined && picked.length > p.maxSelections) return fail(`Choose at most ${p.maxSelections}.`)
  return ok(picked)
}
