// The benchmark's table data: deterministic (seeded), the same for both sides.
// `generateRows` is self-contained (no outer references) because it is also
// passed to page.evaluate and run inside the page, so the rows never have to
// travel through the DevTools protocol.

export const COLUMNS8 = ['id', 'name', 'email', 'amount', 'date', 'status', 'count', 'note']
export const COLUMNS4 = COLUMNS8.slice(0, 4)

/**
 * `n` rows of `cols` (8 or 4) cells, as the host sends them (CellWire[][]):
 * id 'ch_0000001', name, email, amount (number, cents), date `{ d: epochMs }`,
 * status `{ l, hl }`, count (integer), note (text). No cell of row 0 holds a
 * "q" or a "k" (the search keystrokes); about one row in five has a "q" (in
 * its note), about one in three a "k" (in its name and email). Neither letter
 * is in a formatted number or date.
 */
export function generateRows(n, cols) {
  let s = 0x9e3779b9 ^ n // mulberry32, seeded by the size only: same rows for both sides
  const rnd = () => {
    s = (s + 0x6d2b79f5) | 0
    let t = Math.imul(s ^ (s >>> 15), 1 | s)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const pick = (a) => a[Math.floor(rnd() * a.length)]
  const first = ['Ada', 'Alan', 'Grace', 'Linus', 'Barbara', 'Edsger', 'Donald', 'Margaret', 'Ken', 'Dennis', 'Frances', 'John',
    'Radia', 'Tim', 'Hedy', 'Niklaus', 'Sophie', 'Guido', 'Anita', 'Brian']
  const last = ['Lovelace', 'Turing', 'Hopper', 'Torvalds', 'Liskov', 'Dijkstra', 'Knuth', 'Hamilton', 'Thompson', 'Ritchie',
    'Allen', 'Backus', 'Perlman', 'Berners-Lee', 'Lamarr', 'Wirth', 'Wilson', 'van Rossum', 'Borg', 'Kernighan']
  const statuses = [['paid', 'green'], ['pending', 'yellow'], ['refunded', 'blue'], ['failed', 'red'], ['disputed', 'orange']]
  const words = ['renewal', 'annual plan', 'upgrade', 'seat added', 'invoice sent', 'card updated', 'trial ended', 'discount applied',
    'manual charge', 'retry succeeded', 'late fee', 'prorated', 'refund requested', 'quarterly billing', 'unique coupon', 'gift card']
  const noQ = words.filter((w) => !w.includes('q'))
  const start = Date.UTC(2024, 0, 1)
  const rows = new Array(n)
  for (let i = 0; i < n; i++) {
    let f = pick(first)
    let l = pick(last)
    if (i === 0) (f = 'Ada'), (l = 'Lovelace') // no "q" or "k" in row 0: the search keystrokes must change the first row
    const id = 'ch_' + String(i + 1).padStart(7, '0')
    const email = `${f}.${l.replace(/[^A-Za-z]/g, '')}${i % 97}@example.com`.toLowerCase()
    const amount = Math.round(rnd() * 500000) / 100
    const row = [id, `${f} ${l}`, email, amount]
    if (cols > 4) {
      const [st, hl] = pick(statuses)
      const note = i === 0 ? pick(noQ) : `${pick(words)}, ${pick(noQ)}`
      row.push({ d: start + Math.floor(rnd() * 366 * 86400) * 1000 }, { l: st, hl }, Math.floor(rnd() * 1000), note)
    }
    rows[i] = row
  }
  return rows
}

/** The same rows as the toolkit grid takes them: objects of display strings/numbers keyed by column (dates as YYYY-MM-DD). */
export function toGridRows(rows, columns) {
  const out = new Array(rows.length)
  for (let r = 0; r < rows.length; r++) {
    const o = {}
    for (let c = 0; c < columns.length; c++) {
      const v = rows[r][c]
      o[columns[c]] = v !== null && typeof v === 'object' ? ('d' in v ? new Date(v.d).toISOString().slice(0, 10) : v.l) : v
    }
    out[r] = o
  }
  return out
}
