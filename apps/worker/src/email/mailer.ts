import nodemailer from 'nodemailer'

export interface OutgoingEmail {
  to: string
  subject: string
  text: string
  html: string
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<{ messageId: string }>
  close(): void
}

/**
 * SMTP through nodemailer, from SMTP_URL (`smtp://user:pass@host:port`, `smtps://` for TLS on
 * connect). A connection per message: emails are few, and a dead pooled connection would only
 * add a failure mode. The timeouts keep a silent server from holding a job for minutes
 * (nodemailer's defaults: 2 min to connect, 10 min of socket silence); the job retries instead.
 */
export function createMailer(options: { smtpUrl: string; from: string }): Mailer {
  const transport = nodemailer.createTransport({
    url: options.smtpUrl,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  })
  return {
    async send(email) {
      const info = await transport.sendMail({ from: options.from, ...email })
      return { messageId: info.messageId }
    },
    close: () => transport.close(),
  }
}

/**
 * Whether the server refused this message or its recipient for good (a 5xx reply to RCPT TO or
 * DATA): retrying cannot help. A 5xx to AUTH or MAIL FROM is our configuration, which an
 * operator can fix while the job retries; 4xx and network errors pass on their own.
 */
export function isPermanentRejection(err: unknown): boolean {
  const e = err as { responseCode?: number; command?: string }
  if (typeof e?.responseCode !== 'number' || e.responseCode < 500 || e.responseCode > 599)
    return false
  return e.command === 'RCPT TO' || e.command === 'DATA'
}
