import { defineAction } from 'mini-interval'

const teammates = [
  { email: 'ada@example.com', name: 'Ada Lovelace' },
  { email: 'grace@example.com', name: 'Grace Hopper' },
  { email: 'alan@example.com', name: 'Alan Turing' },
]

export default defineAction({
  name: 'Invite teammate',
  description: 'A group with a search, a validation across fields, and choices',
  handler: async (io) => {
    const { choice, returnValue } = await io
      .group({
        email: io.input.email('Email to invite'),
        role: io.select.single('Role', { options: ['Viewer', 'Editor', 'Admin'], defaultValue: 'Viewer' }),
        mentor: io.search('Mentor', {
          onSearch: async (q) => teammates.filter((t) => t.name.toLowerCase().includes(q.toLowerCase())),
          renderResult: (t) => ({ label: t.name, description: t.email }),
        }),
      })
      .withChoices([{ label: 'Send invite', value: 'invite', theme: 'primary' }, { label: 'Discard', value: 'discard', theme: 'danger' }])
      .validate(({ choice, returnValue: v }) =>
        choice === 'invite' && v.email === v.mentor.email ? 'Someone cannot mentor themselves' : undefined,
      )
    if (choice === 'discard') return 'Nothing sent'
    return { invited: returnValue.email, role: returnValue.role, mentor: returnValue.mentor.name }
  },
})
