// "in 5 min", "2 h ago": how the Schedules and Inbox views say when, with the
// exact time left to their tooltips.

export function relativeTime(at: number, now = Date.now()): string {
  const d = at - now
  const a = Math.abs(d)
  const text =
    a < 60_000 ? `${Math.max(1, Math.round(a / 1000))} s`
    : a < 3600_000 ? `${Math.round(a / 60_000)} min`
    : a < 86_400_000 ? `${Math.round(a / 3600_000)} h`
    : `${Math.round(a / 86_400_000)} days`
  return d >= 0 ? `in ${text}` : `${text} ago`
}

/** The exact time as the person's machine writes it. */
export const exactTime = (at: number | string | Date): string => new Date(at).toLocaleString()
