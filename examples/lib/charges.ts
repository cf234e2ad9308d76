// A stand-in for a payments API: reads charges from a local JSON file.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

export interface Charge {
  id: string
  email: string
  amount: number
  currency: string
  description: string
  created: string
}

const DATA = join(__dirname, '..', 'data', 'charges.json')

export async function getCharges(email: string): Promise<Charge[]> {
  const all = JSON.parse(await readFile(DATA, 'utf8')) as Charge[]
  return all.filter((c) => c.email.toLowerCase() === email.toLowerCase())
}

/** Pretends to call the payments API: takes a moment, as a real refund would. */
export async function refundCharge(id: string): Promise<void> {
  await new Promise((r) => setTimeout(r, 400))
  if (!id) throw new Error('no charge id')
}

export const dollars = (cents: number): string => `$${(cents / 100).toFixed(2)}`
