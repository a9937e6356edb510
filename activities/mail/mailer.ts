import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable per logical notice (e.g. workflow id + step): a retried activity re-sends the same Message-ID. */
  idempotencyKey: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
  verify(): Promise<void>;
  close(): void;
}

export interface MailerOptions {
  /** smtp://[user:pass@]host:port or smtps://… */
  smtpUrl: string;
  /** e.g. "某某医院信访办公室 <xinfang@hospital.example>" */
  from: string;
  /** SMTP connections of the pool (MAIL_CONCURRENCY, the outbox's concurrent sends); nodemailer's default 5. */
  maxConnections?: number;
}

export const IDEMPOTENCY_HEADER = 'X-Idempotency-Key';
const MESSAGE_ID_DOMAIN = 'petitions.local';

/**
 * Activities may run more than once for one notice; a Message-ID derived from the idempotency key lets receivers,
 * the catcher and tests recognise the duplicate instead of counting two notices.
 */
export function messageIdFor(idempotencyKey: string): string {
  const digest = createHash('sha256').update(idempotencyKey, 'utf8').digest('hex').slice(0, 32);
  return `<${digest}@${MESSAGE_ID_DOMAIN}>`;
}

function transportOptionsFrom(smtpUrl: string, maxConnections?: number) {
  const url = new URL(smtpUrl);
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new Error(`Unsupported mail transport URL scheme "${url.protocol}" (expected smtp: or smtps:)`);
  }
  const secure = url.protocol === 'smtps:';
  return {
    pool: true as const,
    ...(maxConnections ? { maxConnections } : {}),
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    auth: url.username
      ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
      : undefined,
  };
}

export function createMailer(options: MailerOptions): Mailer {
  const transport = nodemailer.createTransport(transportOptionsFrom(options.smtpUrl, options.maxConnections));
  return {
    async send(mail) {
      if (!mail.idempotencyKey) throw new Error('OutgoingMail.idempotencyKey is required');
      const info = await transport.sendMail({
        from: options.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: messageIdFor(mail.idempotencyKey),
        headers: { [IDEMPOTENCY_HEADER]: mail.idempotencyKey },
      });
      return { messageId: info.messageId };
    },
    async verify() {
      await transport.verify();
    },
    close() {
      transport.close();
    },
  };
}
