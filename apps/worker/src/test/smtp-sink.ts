import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'

export interface ReceivedEmail {
  to: string[]
  /** The message as sent, headers and MIME parts. */
  raw: string
  subject: string
  /** The decoded text/plain and text/html parts. */
  text: string
  html: string
}

/**
 * A real SMTP server in this process (smtp-server on 127.0.0.1, any port) that keeps what it
 * receives. `deferNext` answers the next messages' DATA with 451 (try again later); recipients in
 * `refuse` get 550 at RCPT TO. `beforeAccept` runs once a message is in, before the server
 * acknowledges it (what happens while a sender waits for the reply).
 */
export async function startSmtpSink() {
  const received: ReceivedEmail[] = []
  const control = {
    deferNext: 0,
    deferred: 0,
    refuse: new Set<string>(),
    beforeAccept: null as ((message: ReceivedEmail) => Promise<void>) | null,
  }
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (!control.refuse.has(address.address)) return callback()
      callback(Object.assign(new Error('no such mailbox'), { responseCode: 550 }))
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        if (control.deferNext > 0) {
          control.deferNext--
          control.deferred++
          return callback(Object.assign(new Error('try again later'), { responseCode: 451 }))
        }
        const raw = Buffer.concat(chunks).toString('utf8')
        const to = (session.envelope.rcptTo || []).map((a) => a.address)
        const message = { to, raw, ...parseMessage(raw) }
        received.push(message)
        if (!control.beforeAccept) return callback()
        control.beforeAccept(message).then(() => callback(), callback)
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.server.address() as AddressInfo
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    control,
    to: (address: string) => received.filter((m) => m.to.includes(address)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
export type SmtpSink = Awaited<ReturnType<typeof startSmtpSink>>

/** Enough MIME for tests: the subject and the decoded text and HTML parts (no mailparser). */
function parseMessage(raw: string) {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/)
  const subject = decodeWords(headerOf(head, 'subject'))
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(headerOf(head, 'content-type'))?.[1]
  const parts = boundary
    ? raw.split(`--${boundary}`).slice(1, -1)
    : [`${head}\r\n\r\n${rest.join('\r\n\r\n')}`]
  const found = { text: '', html: '' }
  for (const part of parts) {
    const split = part.trim().search(/\r?\n\r?\n/)
    const headers = part.trim().slice(0, split)
    const body = part.trim().slice(split).trim()
    const type = headerOf(headers, 'content-type').toLowerCase()
    const encoding = headerOf(headers, 'content-transfer-encoding').toLowerCase()
    const decoded =
      encoding === 'base64'
        ? Buffer.from(body, 'base64').toString('utf8')
        : encoding === 'quoted-printable'
          ? decodeQuotedPrintable(body)
          : body
    if (type.startsWith('text/plain')) found.text = decoded
    if (type.startsWith('text/html')) found.html = decoded
  }
  return { subject, ...found }
}

function headerOf(head: string, name: string): string {
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ')
  const line = unfolded.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name}:`))
  return line ? line.slice(name.length + 1).trim() : ''
}

function decodeQuotedPrintable(body: string): string {
  const bytes = body
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
  return Buffer.from(bytes, 'latin1').toString('utf8')
}

/** RFC 2047 encoded words (=?UTF-8?Q?...?= / =?UTF-8?B?...?=), as nodemailer writes them. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?[^?]+\?([QB])\?([^?]*)\?=/gi, (_, kind: string, text: string) =>
      kind.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQuotedPrintable(text.replace(/_/g, ' ')),
    )
}
