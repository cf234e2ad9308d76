import { defineAction } from 'mini-interval'

const people = [
  { id: 1, name: 'Ada Lovelace', team: 'Engines' },
  { id: 2, name: 'Grace Hopper', team: 'Compilers' },
  { id: 3, name: 'Alan Turing', team: 'Machines' },
  { id: 4, name: 'Katherine Johnson', team: 'Orbits' },
  { id: 5, name: 'Edsger Dijkstra', team: 'Paths' },
]

export default defineAction({
  name: 'Kitchen sink: selections',
  description: 'io.select.single, io.select.multiple and io.search (also .multiple())',
  handler: async (io) => {
    const plan = await io.select.single('Plan', {
      options: [
        { label: 'Free', value: 'free', description: 'Up to 3 seats' },
        { label: 'Pro', value: 'pro', description: '$49 a month' },
        { label: 'Enterprise', value: 'ent', description: 'Talk to us' },
      ],
      defaultValue: 'pro',
    })
    const regions = await io.select.multiple('Regions', {
      options: ['eu-west', 'eu-central', 'us-east', 'us-west', 'ap-south'],
      minSelections: 1,
      maxSelections: 3,
    })
    const owner = await io.search('Owner', {
      placeholder: 'Search people…',
      initialResults: people.slice(0, 2),
      onSearch: async (q) => people.filter((p) => p.name.toLowerCase().includes(q.toLowerCase())),
      renderResult: (p) => ({ label: p.name, description: p.team }),
    })
    const reviewers = await io
      .search('Reviewers', {
        onSearch: async (q) => people.filter((p) => p.id !== owner.id && p.name.toLowerCase().includes(q.toLowerCase())),
        renderResult: (p) => p.name,
      })
      .multiple()
    return { plan: plan.value, regions, owner: owner.name, reviewers: reviewers.map((r) => r.name) }
  },
})
