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
}

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
