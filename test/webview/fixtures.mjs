// Host → webview messages used by the tests and screenshots.
const base = {
  id: 'tx-1',
  action: { slug: 'refund_user', name: 'Refund user', description: 'Refund one or more charges of a customer' },
  startedAt: '2025-05-01T10:00:00.000Z',
  feed: [],
  logs: [],
}

export const state = (over = {}) => ({ type: 'state', state: { ...base, status: 'awaiting', ...over } })

export const c = {
  text: (label, props = {}, optional) => ({ method: 'INPUT_TEXT', label, props, ...(optional ? { optional } : {}) }),
  email: (label, props = {}) => ({ method: 'INPUT_EMAIL', label, props }),
  number: (label, props = {}) => ({ method: 'INPUT_NUMBER', label, props }),
  boolean: (label, props = {}) => ({ method: 'INPUT_BOOLEAN', label, props }),
  confirm: (label, props = {}) => ({ method: 'CONFIRM', label, props }),
  markdown: (label) => ({ method: 'DISPLAY_MARKDOWN', label, props: {} }),
  slider: (label, props = {}) => ({ method: 'INPUT_SLIDER', label, props: { min: 0, max: 100, ...props } }),
  richText: (label, props = {}, optional) => ({ method: 'INPUT_RICH_TEXT', label, props, ...(optional ? { optional } : {}) }),
  url: (label, props = {}) => ({ method: 'INPUT_URL', label, props: { allowedProtocols: ['http', 'https'], ...props } }),
  date: (label, props = {}) => ({ method: 'INPUT_DATE', label, props }),
  time: (label, props = {}) => ({ method: 'INPUT_TIME', label, props }),
  datetime: (label, props = {}) => ({ method: 'INPUT_DATETIME', label, props }),
  file: (label, props = {}, multiple) => ({ method: 'INPUT_FILE', label, props, ...(multiple ? { multiple } : {}) }),
  /** Options as plain labels or { label, description?, image? }. */
  single: (label, options, props = {}) => ({ method: 'SELECT_SINGLE', label, props: { options: options.map(opt), ...props } }),
  multiple: (label, options, props = {}) => ({ method: 'SELECT_MULTIPLE', label, props: { options: options.map(opt), ...props } }),
  search: (label, props = {}, multiple) => ({ method: 'SEARCH', label, props: { initialResults: [], ...props }, ...(multiple ? { multiple } : {}) }),
  confirmIdentity: (label, props = {}) => ({ method: 'CONFIRM_IDENTITY', label, props }),
}

function opt(o) {
  return typeof o === 'string' ? { label: o } : o
}

/** A search result as the host sends it. */
export const result = (key, label, description, image) => ({ key, label, ...(description ? { description } : {}), ...(image ? { image } : {}) })

/** A host → webview searchResults message. */
export const searchResults = (seq, index, requestId, results, error) =>
  ({ type: 'searchResults', seq, index, requestId, results, ...(error ? { error } : {}) })

/** A tiny square SVG as a data: URL (allowed by the panel's img-src), for option thumbnails. */
export const swatch = (color) =>
  'data:image/svg+xml;base64,' + Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32"><rect width="32" height="32" rx="6" fill="${color}"/></svg>`).toString('base64')

export const groupPrompt = (extra = {}) => state({
  feed: [c.markdown('## Customer lookup\nFound **3 charges** for this customer. See the [dashboard](https://example.com/dash).')],
  prompt: {
    seq: 1,
    components: [
      c.text('Full name', { placeholder: 'Ada Lovelace', helpText: 'As it appears on the card' }),
      c.email('Customer email'),
      c.number('Refund amount', { currency: 'USD', min: 1, max: 500 }),
      c.boolean('Notify the customer', { helpText: 'Sends a receipt by email' }),
    ],
    ...extra,
  },
  logs: ['Looking up customer…', 'Found 3 charges'],
})

export const resultState = (result, over = {}) => state({
  status: 'completed', endedAt: '2025-05-01T10:00:04.200Z', result, logs: ['Refunded ch_1', 'Refunded ch_2'], ...over,
})

export const errorInfo = {
  name: 'RefundError',
  message: 'Charge ch_3 was already refunded',
  stack: 'RefundError: Charge ch_3 was already refunded\n    at refundCharge (refund_user.action.ts:12:11)\n    at handler (refund_user.action.ts:30:7)',
  cause: 'HTTP 409 Conflict',
}

export const historyEntry = {
  type: 'history',
  entry: {
    id: 'tx-9',
    action: { slug: 'refund_user', name: 'Refund user', file: 'actions/refund_user.action.ts' },
    status: 'failed',
    user: { email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' },
    params: { source: 'dashboard' },
    startedAt: '2025-05-01T10:00:00.000Z',
    endedAt: '2025-05-01T10:01:05.000Z',
    steps: [
      { seq: 0, components: [c.markdown('Refunding **charges**')] },
      { seq: 1, components: [c.email('Customer email'), c.number('Refund amount')], values: ['ada@example.com', 42] },
      { seq: 2, components: [c.confirm('Really refund?')], values: [true] },
    ],
    logs: ['Refunded ch_1'],
    error: errorInfo,
    problems: ['line 7: not valid JSON'],
  },
}

// io.display.* components, as the worker puts them on the wire (see wire.ts).
export const display = {
  heading: (label, props = {}) => ({ method: 'DISPLAY_HEADING', label, props: { level: 2, ...props } }),
  html: (label, html) => ({ method: 'DISPLAY_HTML', label, props: { html } }),
  code: (label, code, language) => ({ method: 'DISPLAY_CODE', label, props: { code, ...(language ? { language } : {}) } }),
  link: (label, props) => ({ method: 'DISPLAY_LINK', label, props }),
  image: (label, props) => ({ method: 'DISPLAY_IMAGE', label, props }),
  video: (label, props) => ({ method: 'DISPLAY_VIDEO', label, props }),
  object: (label, data) => ({ method: 'DISPLAY_OBJECT', label, props: { data } }),
  metadata: (label, data, layout = 'grid') => ({ method: 'DISPLAY_METADATA', label, props: { layout, data } }),
}

/** A 48×48 PNG (blue with a white diagonal) as a data: URL. */
export const PNG_DATA_URL = 'data:image/png;base64,' +
  'iVBORw0KGgoAAAANSUhEUgAAADAAAAAwCAIAAADYYG7QAAAA1klEQVR4nM3Oyw3DMAwDUI2TETNitkoPRQrDdfyRKVKEAJG3Z/eT47wynN1F5JoalMFkx3mlMtn35THZryUxWTkymKzaclMNkpsaIK2pDRKaXkEqUw8kMQ1AfNMYRDZNgZimWRDNtADimNZABNMyKNrkAYWanKA4kx8UZNoCRZh2QXATAIQ1YUBAEwyEMiFBEBMYtG/CgzZNIaAdUxTIbQoE+UyxIIcpHLRqYoCWTCTQvIkHmjRRQTMmNmhoEoD6Jg2oY5KB3kxKUNMkBv2b9KDKlAJUmj5hBhsF3EJ/TAAAAABJRU5ErkJggg=='
