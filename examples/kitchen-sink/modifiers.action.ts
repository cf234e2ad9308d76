import { defineAction } from 'mini-interval'

export default defineAction({
  name: 'Kitchen sink: modifiers',
  description: '.optional(), .validate() (sync and async), .withChoices(), groups, io.confirmIdentity',
  handler: async (io) => {
    const nickname = await io.input.text('Nickname').optional()
    const code = await io.input
      .text('Invite code', { helpText: 'Four capital letters' })
      .validate((v) => (/^[A-Z]{4}$/.test(v) ? undefined : 'Use four capital letters'))
      .validate(async (v) => ((await Promise.resolve(v === 'USED')) ? 'That code was already used' : undefined))
    const { choice, returnValue: amount } = await io.input
      .number('Credit to grant', { currency: 'USD' })
      .withChoices([{ label: 'Grant', value: 'grant', theme: 'primary' }, { label: 'Skip', value: 'skip', theme: 'secondary' }])
    const [first, last] = await io
      .group([io.input.text('First name'), io.input.text('Last name')])
      .validate(([a, b]) => (a.toLowerCase() === b.toLowerCase() ? 'First and last name must differ' : undefined))
    const verified = await io.confirmIdentity('Grant credit as an admin', { gracePeriodMs: 60_000 })
    return { nickname: nickname ?? '(none)', code, choice, amount, name: `${first} ${last}`, verified }
  },
})
