// Checks one answer from the webview against its component. The host uses it
// as the authority; the webview uses the same function to show errors before
// sending. An empty answer to an optional input is `undefined`.
import { isDisplay } from './methods'
import type { Component, DateWire, FileWire, TimeWire } from './wire'

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

function isDate(v: unknown): v is DateWire {
  const d = v as DateWire
  if (!d || !isInt(d.year) || !isInt(d.month) || !isInt(d.day)) return false
  const js = new Date(Date.UTC(d.year, d.month - 1, d.day))
  return js.getUTCFullYear() === d.year && js.getUTCMonth() === d.month - 1 && js.getUTCDate() === d.day
}
const isTime = (v: unknown): v is TimeWire =>
  !!v && isInt((v as TimeWire).hour) && isInt((v as TimeWire).minute) && (v as TimeWire).hour >= 0 && (v as TimeWire).hour < 24 && (v as TimeWire).minute >= 0 && (v as TimeWire).minute < 60
const isFile = (v: unknown): v is FileWire =>
  !!v && typeof (v as FileWire).name === 'string' && typeof (v as FileWire).data === 'string' && typeof (v as FileWire).size === 'number'

/** `.csv` or `csv` in allowedExtensions both match `report.CSV`. */
export function extensionAllowed(name: string, allowed: string[] | undefined): boolean {
  if (!allowed?.length) return true
  const lower = name.toLowerCase()
  return allowed.some((ext) => lower.endsWith('.' + ext.toLowerCase().replace(/^\./, '')))
}

export function checkAnswer(component: Component, raw: unknown): AnswerCheck {
  const p = component.props as Record<string, any>
  if (isDisplay(component.method)) return ok(null)
  const empty = raw === undefined || raw === null || raw === '' || (Array.isArray(raw) && raw.length === 0 && component.method !== 'SELECT_MULTIPLE')
  if (empty && component.optional) return ok(undefined)
  switch (component.method) {
    case 'INPUT_TEXT':
    case 'INPUT_EMAIL':
    case 'INPUT_RICH_TEXT': {
      if (!empty && typeof raw !== 'string') return fail('Expected text.')
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
      const value = typeof raw === 'string' ? Number(raw) : raw
      if (typeof value !== 'number' || !Number.isFinite(value)) return fail('Enter a number.')
      if (p.min !== undefined && value < p.min) return fail(`Enter a number of at least ${p.min}.`)
      if (p.max !== undefined && value > p.max) return fail(`Enter a number of at most ${p.max}.`)
      if (component.method === 'INPUT_SLIDER' && p.step) {
        const steps = (value - p.min) / p.step
        if (Math.abs(steps - Math.round(steps)) > 1e-9) return fail(`Choose a multiple of ${p.step} from ${p.min}.`)
      }
      // Without `decimals` any number is fine; a currency allows cents.
      const decimals: number | undefined = p.decimals ?? (p.currency ? 2 : undefined)
      if (decimals !== undefined && Number(value.toFixed(decimals)) !== value) {
        return fail(decimals === 0 ? 'Enter a whole number.' : `Use at most ${decimals} decimal places.`)
      }
      return ok(value)
    }
    case 'INPUT_BOOLEAN':
      if (empty) return ok(false)
      return typeof raw === 'boolean' ? ok(raw) : fail('Expected yes or no.')
    case 'CONFIRM':
    case 'CONFIRM_IDENTITY':
      return typeof raw === 'boolean' ? ok(raw) : fail('Expected yes or no.')
    case 'INPUT_URL': {
      if (empty) return fail(REQUIRED)
      if (typeof raw !== 'string') return fail('Expected a URL.')
      let url: URL
      try {
        url = new URL(raw)
      } catch {
        return fail('Enter a full URL, like https://example.com.')
      }
      const allowed: string[] = p.allowedProtocols ?? ['http', 'https']
      if (!allowed.some((proto) => url.protocol === proto.replace(/:$/, '') + ':')) return fail(`Use a URL starting with ${allowed.map((a) => a + '://').join(' or ')}.`)
      return ok(raw)
    }
    case 'INPUT_DATE': {
      if (empty) return fail(REQUIRED)
      if (!isDate(raw)) return fail('Enter a valid date.')
      if (p.min && dateKey(raw) < dateKey(p.min)) return fail(`Choose ${showDate(p.min)} or later.`)
      if (p.max && dateKey(raw) > dateKey(p.max)) return fail(`Choose ${showDate(p.max)} or earlier.`)
      return ok({ year: raw.year, month: raw.month, day: raw.day })
    }
    case 'INPUT_TIME': {
      if (empty) return fail(REQUIRED)
      if (!isTime(raw)) return fail('Enter a valid time.')
      if (p.min && timeKey(raw) < timeKey(p.min)) return fail(`Choose ${showTime(p.min)} or later.`)
      if (p.max && timeKey(raw) > timeKey(p.max)) return fail(`Choose ${showTime(p.max)} or earlier.`)
      return ok({ hour: raw.hour, minute: raw.minute })
    }
    case 'INPUT_DATETIME': {
      if (empty) return fail(REQUIRED)
      const t = typeof raw === 'string' ? Date.parse(raw) : NaN
      if (Number.isNaN(t)) return fail('Enter a valid date and time.')
      if (p.min && t < Date.parse(p.min)) return fail(`Choose ${new Date(p.min).toLocaleString()} or later.`)
      if (p.max && t > Date.parse(p.max)) return fail(`Choose ${new Date(p.max).toLocaleString()} or earlier.`)
      return ok(new Date(t).toISOString())
    }
    case 'INPUT_FILE': {
      if (empty) return fail(component.multiple ? 'Choose at least one file.' : 'Choose a file.')
      const files = component.multiple ? raw : [raw]
      if (!Array.isArray(files) || !files.every(isFile)) return fail('Expected a file.')
      const wrong = files.find((f) => !extensionAllowed(f.name, p.allowedExtensions))
      if (wrong) return fail(`${wrong.name} is not one of the allowed types (${p.allowedExtensions.join(', ')}).`)
      return ok(raw)
    }
    case 'SELECT_SINGLE': {
      if (empty) return fail('Choose an option.')
      if (!isInt(raw) || raw < 0 || raw >= (p.options?.length ?? 0)) return fail('Choose one of the options.')
      return ok(raw)
    }
    case 'SELECT_MULTIPLE': {
      const picked = raw ?? []
      if (!Array.isArray(picked) || !picked.every((i) => isInt(i) && i >= 0 && i < (p.options?.length ?? 0))) return fail('Choose from the options.')
      if (new Set(picked).size !== picked.length) return fail('An option was chosen twice.')
      const min = p.minSelections ?? 0
      if (picked.length < min && !(component.optional && picked.length === 0)) return fail(`Choose at least ${min}.`)
      if (p.maxSelections !== undefined && picked.length > p.maxSelections) return fail(`Choose at most ${p.maxSelections}.`)
      return ok(picked)
    }
    case 'SEARCH': {
      if (empty) return fail(component.multiple ? 'Choose at least one result.' : 'Choose a result.')
      const keys = component.multiple ? raw : [raw]
      if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string')) return fail('Choose a result from the list.')
      return ok(raw)
    }
  }
  return fail(`Unknown method ${component.method}.`)
}
