// A workflow's `input` (a JSON schema of an object) asked for with our own io
// components, on one screen: strings (email, uri, date formats), numbers,
// booleans and enums; a field not in `required` may be left empty.
import type { IO } from '../runtime/io'

type Schema = { type?: unknown; title?: unknown; description?: unknown; format?: unknown; enum?: unknown; minimum?: unknown; maximum?: unknown; default?: unknown }

const text = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined)
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined)

function field(io: IO, key: string, s: Schema, required: boolean) {
  const label = text(s.title) ?? key
  const helpText = text(s.description)
  const common = { ...(helpText ? { helpText } : {}) }
  let call
  if (Array.isArray(s.enum) && s.enum.length) {
    const options = s.enum.map((v) => ({ label: String(v), value: v }))
    call = io.select.single(label, { options, ...common })
  } else if (s.type === 'number' || s.type === 'integer') {
    const min = num(s.minimum)
    const max = num(s.maximum)
    const d = num(s.default)
    call = io.input.number(label, { ...common, ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}), ...(d !== undefined ? { defaultValue: d } : {}), ...(s.type === 'number' ? { decimals: 2 } : {}) })
  } else if (s.type === 'boolean') {
    call = io.input.boolean(label, { ...common, ...(typeof s.default === 'boolean' ? { defaultValue: s.default } : {}) })
  } else if (s.format === 'email') call = io.input.email(label, common)
  else if (s.format === 'uri' || s.format === 'url') call = io.input.url(label, common)
  else if (s.format === 'date') call = io.input.date(label, common)
  else call = io.input.text(label, { ...common, ...(typeof s.default === 'string' ? { defaultValue: s.default } : {}) })
  return required ? call : call.optional()
}

/** Asks for the input the schema describes; `{}` when it has no properties. */
export async function askInput(schema: Record<string, unknown>, io: IO): Promise<Record<string, unknown>> {
  const props = (schema.properties && typeof schema.properties === 'object' ? schema.properties : {}) as Record<string, Schema>
  const keys = Object.keys(props)
  if (!keys.length) return {}
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((k): k is string => typeof k === 'string') : [])
  const values = (await io.group(keys.map((k) => field(io, k, props[k] ?? {}, required.has(k))) as never)) as unknown[]
  const out: Record<string, unknown> = {}
  keys.forEach((k, i) => {
    const v = values[i] as { value?: unknown } | unknown
    // A select's answer is the option object: the value is what the schema's enum named.
    const value = Array.isArray(props[k]?.enum) && v && typeof v === 'object' && 'value' in (v as object) ? (v as { value: unknown }).value : v
    if (value !== undefined && value !== null) out[k] = value instanceof Date ? value.toISOString() : value
  })
  return out
}
