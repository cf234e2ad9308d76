// The io methods: their wire names, the names people read, and their kinds.

export const METHODS = [
  'INPUT_TEXT', 'INPUT_EMAIL', 'INPUT_NUMBER', 'INPUT_SLIDER', 'INPUT_BOOLEAN', 'INPUT_RICH_TEXT',
  'INPUT_URL', 'INPUT_DATE', 'INPUT_TIME', 'INPUT_DATETIME', 'INPUT_FILE',
  'SELECT_SINGLE', 'SELECT_MULTIPLE', 'SELECT_TABLE', 'SEARCH',
  'CONFIRM', 'CONFIRM_IDENTITY',
  'DISPLAY_HEADING', 'DISPLAY_MARKDOWN', 'DISPLAY_HTML', 'DISPLAY_CODE', 'DISPLAY_LINK',
  'DISPLAY_IMAGE', 'DISPLAY_VIDEO', 'DISPLAY_OBJECT', 'DISPLAY_METADATA', 'DISPLAY_TABLE', 'DISPLAY_GRID',
] as const
export type Method = (typeof METHODS)[number]

const NAMES: Record<Method, string> = {
  INPUT_TEXT: 'io.input.text', INPUT_EMAIL: 'io.input.email', INPUT_NUMBER: 'io.input.number',
  INPUT_SLIDER: 'io.input.slider', INPUT_BOOLEAN: 'io.input.boolean', INPUT_RICH_TEXT: 'io.input.richText',
  INPUT_URL: 'io.input.url', INPUT_DATE: 'io.input.date', INPUT_TIME: 'io.input.time',
  INPUT_DATETIME: 'io.input.datetime', INPUT_FILE: 'io.input.file',
  SELECT_SINGLE: 'io.select.single', SELECT_MULTIPLE: 'io.select.multiple', SELECT_TABLE: 'io.select.table', SEARCH: 'io.search',
  CONFIRM: 'io.confirm', CONFIRM_IDENTITY: 'io.confirmIdentity',
  DISPLAY_HEADING: 'io.display.heading', DISPLAY_MARKDOWN: 'io.display.markdown', DISPLAY_HTML: 'io.display.html',
  DISPLAY_CODE: 'io.display.code', DISPLAY_LINK: 'io.display.link', DISPLAY_IMAGE: 'io.display.image',
  DISPLAY_VIDEO: 'io.display.video', DISPLAY_OBJECT: 'io.display.object', DISPLAY_METADATA: 'io.display.metadata',
  DISPLAY_TABLE: 'io.display.table', DISPLAY_GRID: 'io.display.grid',
}

/** `INPUT_TEXT` → `io.input.text`, for messages people read. */
export const methodName = (method: Method): string => NAMES[method]

/** Methods that show something and need no answer. */
export const isDisplay = (method: Method): boolean => method.startsWith('DISPLAY_')

/** Methods that must be alone on their screen (Interval: "cannot be grouped"). */
export const isExclusive = (method: Method): boolean => method === 'CONFIRM' || method === 'CONFIRM_IDENTITY'

/** Methods that `.multiple()` applies to. */
export const allowsMultiple = (method: Method): boolean => method === 'INPUT_FILE' || method === 'SEARCH'

/** Methods whose rows travel apart from their props (protocol/table.ts). */
export const isTabular = (method: Method): boolean => method === 'SELECT_TABLE' || method === 'DISPLAY_TABLE' || method === 'DISPLAY_GRID'
