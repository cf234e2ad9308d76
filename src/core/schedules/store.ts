// What schedules keep in the data folder, one small file each so no write has
// to read-modify-write a shared file: `state/<id>.json` (the last scheduled
// time fired, and one being fired) and `added/<id>.json` (a schedule added
// from the UI or a command). Written aside and renamed into place, so a
// process killed mid-write leaves the old file or the new one, never half.
import { randomBytes } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Schedule } from './spec'

export interface ScheduleState {
  id: string
  /** When this folder first saw the schedule: nothing before it is ever caught up. */
  since: string
  /** The scheduled time (ISO, a whole minute) of the last run started. */
  lastFiredFor?: string
  /** A scheduled time whose run is being started: whoever holds the schedule next finishes it, with the same run id. */
  firing?: string
  /** The last catch-up: scheduled times in (after, before) were missed while nothing ran, and skipped. */
  skipped?: { after: string; before: string }
}

export interface AddedSchedule extends Schedule {
  origin: 'added'
  owner: string
  createdAt: string
}

const ID = /^[a-z0-9]{1,64}$/

export class ScheduleStore {
  readonly stateDir: string
  readonly addedDir: string

  constructor(readonly dir: string) {
    this.stateDir = join(dir, 'state')
    this.addedDir = join(dir, 'added')
    mkdirSync(this.stateDir, { recursive: true })
    mkdirSync(this.addedDir, { recursive: true })
  }

  private file(folder: string, id: string): string {
    if (!ID.test(id)) throw new Error(`Invalid schedule id "${id}"`)
    return join(folder, `${id}.json`)
  }

  readState(id: string): ScheduleState | undefined {
    return readJson<ScheduleState>(this.file(this.stateDir, id))
  }

  writeState(state: ScheduleState): void {
    writeWhole(this.file(this.stateDir, state.id), JSON.stringify(state))
  }

  removeState(id: string): void {
    rmSync(this.file(this.stateDir, id), { force: true })
  }

  readAdded(id: string): AddedSchedule | undefined {
    return readJson<AddedSchedule>(this.file(this.addedDir, id))
  }

  listAdded(): AddedSchedule[] {
    let names: string[]
    try {
      names = readdirSync(this.addedDir)
    } catch {
      return []
    }
    return names.filter((n) => /^[a-z0-9]+\.json$/.test(n)).flatMap((n) => readJson<AddedSchedule>(join(this.addedDir, n)) ?? [])
  }

  /** Changes whenever an added schedule is created or deleted (by any process): cheap to poll. */
  addedStamp(): string {
    try {
      const s = statSync(this.addedDir)
      return `${s.mtimeMs}:${s.size}:${readdirSync(this.addedDir).length}`
    } catch {
      return ''
    }
  }

  writeAdded(s: AddedSchedule): void {
    writeWhole(this.file(this.addedDir, s.id), JSON.stringify(s))
  }

  removeAdded(id: string): boolean {
    try {
      unlinkSync(this.file(this.addedDir, id))
      return true
    } catch {
      return false
    }
  }
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T
  } catch {
    // absent, or unreadable (a disk fault): as if never written
    return undefined
  }
}

function writeWhole(file: string, text: string): void {
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`
  writeFileSync(tmp, text)
  renameSync(tmp, file)
}
