// The people of a serve data folder: the store (hashes only, one-time links,
// expiry, removal ending sessions, two writers), the `users` command line, the
// failure limit and the role rules.
import * as assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from '../../src/server/cli'
import { mayRead, mayRun, withoutStacks, type Actor } from '../../src/server/people/access'
import { usersCommand } from '../../src/server/people/command'
import { FailureLimit } from '../../src/server/people/limit'
import { linkOf } from '../../src/server/people/routes'
import { PeopleError, PeopleStore } from '../../src/server/people/store'

const dir = () => mkdtempSync(join(tmpdir(), 'mi-people-'))
const DAY = 24 * 3600_000

describe('people store', () => {
  it('keeps only hashes of links and sessions, in a 0600 file', () => {
    const d = dir()
    const s = new PeopleStore(d)
    const { person, link } = s.add({ email: 'Ada@Example.com', role: 'admin', name: 'Ada Lovelace' })
    assert.equal(person.email, 'ada@example.com')
    assert.deepEqual([person.firstName, person.lastName], ['Ada', 'Lovelace'])
    const got = s.redeem(link)!
    const text = readFileSync(s.file, 'utf8')
    assert.ok(!text.includes(link) && !text.includes(link.split('.')[1]!), 'no link secret on disk')
    assert.ok(!text.includes(got.session.split('.')[1]!), 'no session secret on disk')
    assert.equal(statSync(s.file).mode & 0o777, 0o600)
  })

  it('a link works once, and not after it expires', () => {
    let now = Date.now()
    const s = new PeopleStore(dir(), () => now)
    const { link } = s.add({ email: 'b@x.io', role: 'member' })
    assert.ok(s.redeem(link))
    assert.equal(s.redeem(link), undefined, 'used')
    const later = s.link('b@x.io')
    now += DAY + 1
    assert.equal(s.redeem(later), undefined, 'expired')
  })

  it('a session lasts until it expires, is signed out, or its person is removed', () => {
    let now = Date.now()
    const s = new PeopleStore(dir(), () => now)
    s.add({ email: 'c@x.io', role: 'developer' })
    const one = s.redeem(s.link('c@x.io'))!.session
    const two = s.redeem(s.link('c@x.io'))!.session
    assert.equal(s.session(one)?.person.email, 'c@x.io')
    s.endSession(one)
    assert.equal(s.session(one), undefined, 'signed out')
    assert.ok(s.session(two))
    now += 8 * DAY
    assert.equal(s.session(two), undefined, 'expired')
    now -= 8 * DAY
    const three = s.redeem(s.link('c@x.io'))!.session
    s.remove('c@x.io')
    assert.equal(s.session(three), undefined, 'removed')
  })

  it('another process\'s change is seen at once, and two writers lose nothing', () => {
    const d = dir()
    const serve = new PeopleStore(d)
    const cli = new PeopleStore(d)
    serve.add({ email: 'a@x.io', role: 'admin' })
    cli.add({ email: 'm@x.io', role: 'member', teams: ['ops'] })
    assert.deepEqual(serve.list().map((p) => p.email), ['a@x.io', 'm@x.io'])
    cli.setRole('m@x.io', 'auditor', ['ops', 'finance'])
    assert.deepEqual([serve.find('m@x.io')?.role, serve.find('m@x.io')?.teams], ['auditor', ['ops', 'finance']])
  })

  it('refuses what is not a person: a bad email, a duplicate, an unknown one; a corrupt file is said, not trusted', () => {
    const d = dir()
    const s = new PeopleStore(d)
    assert.throws(() => s.add({ email: 'nope', role: 'member' }), PeopleError)
    s.add({ email: 'a@x.io', role: 'member' })
    assert.throws(() => s.add({ email: 'A@x.io', role: 'member' }), /already/)
    assert.throws(() => s.remove('z@x.io'), /No person/)
    writeFileSync(s.file, '{"version":1,"people":[{"email":1}]')
    assert.throws(() => new PeopleStore(d).list(), PeopleError)
  })
})

describe('users command', () => {
  it('parses add, set-role, remove, link and list, and refuses mistakes in one line', () => {
    assert.deepEqual(parseArgs(['users', 'add', 'a@x.io', '--role', 'member', '--teams', 'ops, finance', '--name', 'A B', '--data', '/d']), {
      command: 'users', action: 'add', data: '/d', email: 'a@x.io', role: 'member', teams: ['ops', 'finance'], name: 'A B',
    })
    assert.deepEqual(parseArgs(['users', 'set-role', 'a@x.io', 'auditor', '--folder', 'ex']), { command: 'users', action: 'set-role', data: 'ex/.mini-interval', email: 'a@x.io', role: 'auditor' })
    assert.match((parseArgs(['users', 'add', 'a@x.io']) as { error: string }).error, /needs a role/)
    assert.match((parseArgs(['users', 'add', 'a@x.io', '--role', 'root']) as { error: string }).error, /not a role/)
    assert.match((parseArgs(['users', 'rm', 'a@x.io']) as { error: string }).error, /Unknown users command/)
    assert.match((parseArgs(['users', 'link']) as { error: string }).error, /needs an EMAIL/)
  })

  it('prints a working link to the address serve last wrote, and lists people without secrets', () => {
    const d = dir()
    writeFileSync(join(d, 'address'), 'http://127.0.0.1:4321/\n')
    const out = usersCommand({ command: 'users', action: 'add', data: d, email: 'a@x.io', role: 'admin' })
    const url = out.find((l) => l.startsWith('http'))!
    assert.match(url, /^http:\/\/127\.0\.0\.1:4321\/signin\?link=/)
    assert.ok(new PeopleStore(d).redeem(linkOf(url)), 'the printed link signs in')
    const list = usersCommand({ command: 'users', action: 'list', data: d })
    assert.deepEqual(list, ['a@x.io\tadmin\t-\ta'])
    assert.match(usersCommand({ command: 'users', action: 'remove', data: d, email: 'a@x.io' })[0]!, /Removed a@x.io/)
  })
})

describe('failure limit', () => {
  it('refuses a key after max failures until the window passes', () => {
    let now = 0
    const l = new FailureLimit(3, 1000, () => now)
    for (let i = 0; i < 3; i++) (assert.equal(l.blockedFor('k'), 0), l.fail('k'))
    assert.ok(l.blockedFor('k') > 0)
    assert.equal(l.blockedFor('other'), 0)
    now = 1001
    assert.equal(l.blockedFor('k'), 0)
  })
})

describe('roles and access', () => {
  const actor = (role: Actor['role'], teams: string[] = []): Actor => ({ role, user: { email: `${role}@x.io`, firstName: role, lastName: '', role, teams } })
  const restricted = { access: { teams: ['finance'] } }
  it('members run what access allows; admins and developers everything; auditors nothing', () => {
    assert.equal(mayRun(actor('member'), restricted), false)
    assert.equal(mayRun(actor('member', ['finance']), restricted), true)
    assert.equal(mayRun(actor('member'), { access: 'entire-organization' }), true)
    assert.equal(mayRun(actor('member'), {}), true)
    assert.equal(mayRun(actor('developer'), restricted), true)
    assert.equal(mayRun(actor('auditor'), {}), false)
  })
  it('members read runs of what they may run, and their own; auditors read all', () => {
    const find = (slug: string) => (slug === 'pay' ? restricted : {})
    assert.equal(mayRead(actor('member'), { slug: 'pay', email: 'x@x.io' }, find), false)
    assert.equal(mayRead(actor('member'), { slug: 'pay', email: 'member@x.io' }, find), true)
    assert.equal(mayRead(actor('auditor'), { slug: 'pay' }, find), true)
  })
  it('takes stacks out of errors, and nothing else', () => {
    const m = { type: 'state', state: { error: { name: 'Error', message: 'boom', stack: 'Error: boom\n at x' }, result: { stack: 'kept: not an error' } } } as any
    const out = withoutStacks(m) as any
    assert.deepEqual(out.state.error, { name: 'Error', message: 'boom' })
    assert.deepEqual(out.state.result, { stack: 'kept: not an error' })
  })
})
