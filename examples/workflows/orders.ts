// The step functions of the order workflows: each moves an order in a local
// JSON "database" (data/orders.json; open it while a workflow runs to watch it
// change). A step receives the workflow's input, the results of the steps it
// depends on, `log`, and an idempotency key that is the same across retries
// and resumes: the charge uses it so a resumed run never charges twice.
import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const DB = join(__dirname, 'data', 'orders.json')

interface Step {
  input: { order?: string; db?: string }
  results: Record<string, any>
  idempotencyKey: string
  log: (...values: unknown[]) => void
}

type Order = { status: string; total: number; items: { sku: string; qty: number }[]; history: string[]; payments?: Record<string, number>; reserved?: boolean; tracking?: string }

function update(step: Step, change: (order: Order) => void): Order {
  const file = step.input.db ?? DB
  const db = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Order>
  const id = step.input.order ?? 'ord_1001'
  const order = db[id]
  if (!order) throw new Error(`No order ${id} in ${file}`)
  change(order)
  // Written whole and renamed into place: an editor showing the file never sees half of it.
  writeFileSync(`${file}.tmp`, JSON.stringify(db, null, 2) + '\n')
  renameSync(`${file}.tmp`, file)
  return order
}

export async function validate_order(step: Step) {
  const order = update(step, (o) => {
    if (!o.items.length) throw new Error('The order has no items.')
    o.status = 'validated'
    o.history.push('validated')
  })
  step.log(`${order.items.length} item lines, total ${order.total}`)
  return { total: order.total }
}

export async function charge_payment(step: Step) {
  const order = update(step, (o) => {
    o.payments ??= {}
    // Once per key: a retry or a resumed run finds its own payment.
    if (o.payments[step.idempotencyKey] === undefined) o.payments[step.idempotencyKey] = step.results.validate.total
    o.status = o.reserved ? 'charged and reserved' : 'charged'
    o.history.push('charged')
  })
  step.log(`charged ${Object.values(order.payments ?? {}).reduce((a, b) => a + b, 0)} in ${Object.keys(order.payments ?? {}).length} payment(s)`)
  return { charged: step.results.validate.total }
}

export async function reserve_stock(step: Step) {
  update(step, (o) => {
    o.reserved = true
    o.status = o.payments ? 'charged and reserved' : 'reserved'
    o.history.push('stock reserved')
  })
  return { reserved: true }
}

export async function ship_order(step: Step) {
  const order = update(step, (o) => {
    // From the run part of the key: the same tracking number however often this step runs.
    o.tracking ??= `TRK-${step.idempotencyKey.split(':')[0]!.slice(-6).toUpperCase()}`
    o.status = 'shipped'
    o.history.push('shipped')
  })
  step.log(`tracking ${order.tracking}`)
  return { tracking: order.tracking }
}

export async function refund_payment(step: Step) {
  if (!step.results.approve?.approved) throw new Error('The refund was not approved.')
  update(step, (o) => {
    o.status = 'refunded'
    o.history.push(`refunded: ${step.results.approve.reason}`)
  })
  return { refunded: true }
}
