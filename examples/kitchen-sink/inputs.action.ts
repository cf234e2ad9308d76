import { defineAction } from 'mini-interval'

export default defineAction({
  name: 'Kitchen sink: inputs',
  description: 'Every io.input method on one screen',
  handler: async (io) => {
    const values = await io.group({
      title: io.input.text('Title', { placeholder: 'Quarterly report', minLength: 3, maxLength: 60 }),
      notes: io.input.text('Notes', { multiline: true, lines: 3, helpText: 'Optional' }).optional(),
      email: io.input.email('Owner email', { defaultValue: 'ada@example.com' }),
      budget: io.input.number('Budget', { currency: 'EUR', min: 0, defaultValue: 1200 }),
      share: io.input.slider('Share of budget (%)', { min: 0, max: 100, step: 5, defaultValue: 50 }),
      public: io.input.boolean('Publish publicly'),
      summary: io.input.richText('Summary', { defaultValue: '<p>Draft <strong>summary</strong></p>' }),
      site: io.input.url('Project site', { allowedProtocols: ['https'] }).optional(),
      due: io.input.date('Due date', { min: new Date() }),
      standup: io.input.time('Daily stand-up', { defaultValue: { hour: 9, minute: 30 } }),
      kickoff: io.input.datetime('Kick-off'),
      attachment: io.input.file('Attachment', { allowedExtensions: ['.csv', '.json', '.txt'] }).optional(),
    })
    return {
      ...values,
      site: values.site?.href,
      due: values.due.jsDate.toDateString(),
      attachment: values.attachment ? `${values.attachment.name} (${values.attachment.size} bytes)` : 'none',
    }
  },
})
