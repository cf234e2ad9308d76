// Deterministic made-up data for the table examples: the same rows every run.
const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Margaret', 'Ken', 'Radia', 'Linus', 'Frances', 'Tim']
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Hamilton', 'Thompson', 'Perlman', 'Torvalds', 'Allen', 'Berners-Lee']
const PLANS = ['free', 'starter', 'pro', 'team', 'enterprise'] as const
const STATUSES = ['paid', 'pending', 'refunded', 'failed'] as const
const ITEMS = ['Keyboard', 'Mouse', 'Monitor', 'Laptop stand', 'USB-C hub', 'Webcam', 'Headset', 'Desk lamp', 'Chair', 'Cable']

/** A small linear congruential generator: fast, and the same sequence from the same seed. */
function random(seed: number): () => number {
  let s = seed >>> 0
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32)
}

export interface Order {
  id: string
  customer: string
  email: string
  item: string
  amount: number
  status: (typeof STATUSES)[number]
  created: Date
  quantity: number
}

export function orders(count: number, seed = 7): Order[] {
  const r = random(seed)
  const start = Date.UTC(2025, 0, 1)
  return Array.from({ length: count }, (_, i) => {
    const first = FIRST[Math.floor(r() * FIRST.length)]!
    const last = LAST[Math.floor(r() * LAST.length)]!
    return {
      id: `ord_${String(i + 1).padStart(6, '0')}`,
      customer: `${first} ${last}`,
      email: `${first}.${last}${i % 97}@example.com`.toLowerCase(),
      item: `${ITEMS[Math.floor(r() * ITEMS.length)]} ${1 + Math.floor(r() * 12)}`,
      amount: Math.round(r() * 50_000) / 100,
      status: STATUSES[Math.floor(r() * STATUSES.length)]!,
      created: new Date(start + Math.floor(r() * 700) * 86_400_000),
      quantity: 1 + Math.floor(r() * 9),
    }
  })
}

export interface Customer { id: number; name: string; email: string; plan: (typeof PLANS)[number]; seats: number; since: Date }

export function customers(count: number, seed = 11): Customer[] {
  const r = random(seed)
  return Array.from({ length: count }, (_, i) => {
    const name = `${FIRST[Math.floor(r() * FIRST.length)]} ${LAST[Math.floor(r() * LAST.length)]}`
    return {
      id: i + 1,
      name,
      email: `${name.replace(' ', '.').toLowerCase()}${i}@example.com`,
      plan: PLANS[Math.floor(r() * PLANS.length)]!,
      seats: 1 + Math.floor(r() * 200),
      since: new Date(Date.UTC(2018, 0, 1) + Math.floor(r() * 2500) * 86_400_000),
    }
  })
}

export const STATUS_COLORS = { paid: 'green', pending: 'yellow', refunded: 'blue', failed: 'red' } as const
