// The History view of a select table: the number of rows chosen and what
// those rows showed (the log keeps their cells, the answer only indexes).
import assert from 'node:assert/strict'
import { historyEntry } from './fixtures.mjs'
import { eventually, textOf } from './util.mjs'

const table = {
  method: 'SELECT_TABLE', label: 'Charges to refund',
  props: { dataId: 't1', columns: [{ label: 'Charge' }, { label: 'Amount' }, { label: 'Created' }], rowCount: 6, isSortable: true, isFilterable: true },
}
const entry = {
  ...historyEntry,
  entry: {
    ...historyEntry.entry,
    steps: [{ seq: 1, components: [table], values: [[1, 3]], chosenRows: { 0: { rows: [['ch_1002', { l: '$49.00', v: 4900 }, { d: Date.UTC(2026, 9, 1, 12) }], ['ch_1004', { l: '$49.00', v: 4900 }, null]] } } }],
  },
}

export function register(test) {
  test('history: a select table step shows how many rows were chosen and their cells', async (w) => {
    await w.send(entry)
    const step = w.page.locator('.step')
    await eventually(async () => assert.equal(await step.getByTestId('table-count').textContent(), '2 rows'))
    assert.deepEqual((await step.getByRole('columnheader').allTextContents()).map((t) => t.trim()), ['Charge', 'Amount', 'Created'])
    const text = await textOf(step)
    for (const part of ['Charges to refund', 'ch_1002', 'ch_1004', '$49.00', '2026']) assert.ok(text.includes(part), part)
  })
}
