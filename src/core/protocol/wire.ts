// What travels to the webview for each io method: JSON only. The worker turns
// an action's props (functions, Dates, Buffers, arbitrary option values) into
// these shapes; the webview draws them and answers with the shapes in answers.ts.
import * as z from 'zod'
import { lazySchemas } from '../lazySchemas'
import { METHODS } from './methods'

export const CURRENCIES = ['USD', 'CAD', 'EUR', 'GBP', 'AUD', 'CNY', 'JPY'] as const

export type ImageSize = 'thumbnail' | 'small' | 'medium' | 'large'
export interface ImageWire { url: string; alt?: string; size?: ImageSize }
/** An option of select.single/multiple; its index in `options` is its identity. */
export interface OptionWire { label: string; description?: string; image?: ImageWire }
/** A search result; `key` names it in the answer. */
export interface SearchResultWire { key: string; label: string; description?: string; image?: ImageWire }
export type ButtonTheme = 'primary' | 'secondary' | 'danger'
/** A link target: an external URL, or another action (`route` = its slug) with params. */
export interface LinkWire { url?: string; route?: string; params?: Record<string, unknown> }
export interface MenuItemWire extends LinkWire { label: string; theme?: ButtonTheme; disabled?: boolean }
export interface MetadataItemWire extends LinkWire {
  label: string
  /** JSON-safe value once known; `pending` while a promise or function resolves, `error` if it failed. */
  value?: unknown
  pending?: boolean
  error?: string
  image?: ImageWire
}
export interface DateWire { year: number; month: number; day: number }
export interface TimeWire { hour: number; minute: number }
/** A file the person picked, read in the webview. */
export interface FileWire { name: string; type: string; size: number; lastModified: number; /** base64 */ data: string }

/**
 * Props on the wire, per method (what the webview components receive):
 * - INPUT_TEXT      { placeholder?, defaultValue?, multiline?, lines?, minLength?, maxLength?, helpText?, disabled? }
 * - INPUT_EMAIL     { placeholder?, defaultValue?, helpText?, disabled? }
 * - INPUT_NUMBER    { min?, max?, decimals?, currency?, prepend?, placeholder?, defaultValue?, helpText?, disabled? }
 * - INPUT_SLIDER    { min, max, step?, defaultValue?, helpText?, disabled? }
 * - INPUT_BOOLEAN   { defaultValue?, helpText?, disabled? }
 * - INPUT_RICH_TEXT { placeholder?, defaultValue? (HTML), helpText?, disabled? }
 * - INPUT_URL       { placeholder?, defaultValue?, allowedProtocols: string[] (without ':'), helpText?, disabled? }
 * - INPUT_DATE      { defaultValue?, min?, max?: DateWire, … }
 * - INPUT_TIME      { defaultValue?, min?, max?: TimeWire, … }
 * - INPUT_DATETIME  { defaultValue?, min?, max?: ISO string, … }
 * - INPUT_FILE      { allowedExtensions?: string[] ('.csv'), … }  (+ component.multiple)
 * - SELECT_SINGLE   { options: OptionWire[], defaultValue?: number, searchable?, … }
 * - SELECT_MULTIPLE { options: OptionWire[], defaultValue?: number[], minSelections?, maxSelections?, … }
 * - SEARCH          { placeholder?, initialResults: SearchResultWire[], defaultValue?: SearchResultWire[], … }  (+ multiple)
 * - CONFIRM         { helpText? }
 * - CONFIRM_IDENTITY { gracePeriodMs? }  (answered by the host with a modal dialog)
 * - DISPLAY_HEADING { level: 2|3|4, description?, menuItems?: MenuItemWire[] }
 * - DISPLAY_MARKDOWN {}  (the label is the markdown)
 * - DISPLAY_HTML    { html }  (sanitised by the webview before it is shown)
 * - DISPLAY_CODE    { code, language? }
 * - DISPLAY_LINK    { url? | route? + params?, theme?: ButtonTheme }  (the label is the link text; danger is drawn red)
 * - DISPLAY_IMAGE   { url (maybe a data: URL), alt?, size?, width?, height? }
 * - DISPLAY_VIDEO   { url, size?, width?, height?, loop?, muted? }
 * - DISPLAY_OBJECT  { data }  (JSON-safe)
 * - DISPLAY_METADATA { layout: 'grid'|'list'|'card', data: MetadataItemWire[] }
 */
// Built on first use (core/lazySchemas.ts).
export const { componentSchema, choiceSchema } = lazySchemas(() => {
  const componentSchema = z.object({
    method: z.enum(METHODS),
    label: z.string(),
    props: z.record(z.string(), z.unknown()),
    optional: z.boolean().optional(),
    multiple: z.boolean().optional(),
  })

  const choiceSchema = z.object({ label: z.string(), value: z.string(), theme: z.enum(['primary', 'secondary', 'danger']).optional() })
  return { componentSchema, choiceSchema }
})

export type Component = z.infer<typeof componentSchema>
/** A button that replaces Submit (`.withChoices()`); the answer carries its value. */
export type Choice = z.infer<typeof choiceSchema>
