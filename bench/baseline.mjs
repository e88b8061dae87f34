// The baseline: a bare Fastify app replaying prebuilt bytes, with no auth, lookup or validation.
// Forked by run.mjs, which tells it over IPC which bytes each scenario returns for each method.
import Fastify from 'fastify'

const replies = new Map()
const app = Fastify({ logger: false })

app.all('/b/:key', (req, reply) => {
  const r = replies.get(`${req.method} ${req.params.key}`)
  if (r === undefined) return reply.code(500).send({ message: 'no baseline for this scenario' })
  reply.code(r.status)
  if (r.status === 204) return reply.send()
  return reply.type(r.contentType).send(r.body)
})

process.on('message', (msg) => {
  if (msg.type === 'set') {
    replies.set(`${msg.method} ${msg.key}`, { status: msg.status, contentType: msg.contentType, body: msg.body })
    process.send({ type: 'set', id: msg.id })
  }
})
process.on('disconnect', () => { app.close().then(() => process.exit(0)) })

await app.listen({ host: '127.0.0.1', port: 0 })
process.send({ type: 'ready', port: app.server.address().port })
