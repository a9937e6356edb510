import type { AddressInfo } from 'node:net';
import type { Router } from 'express';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { createMessageStore, type CaughtMessage, type MessagePredicate } from './message-store';
import { createInboxRouter } from './inbox-router';

export type { CaughtMessage, MessagePredicate } from './message-store';

export interface MailCatcherOptions {
  /** 0 (the default) picks a free port. */
  smtpPort?: number;
  host?: string;
  /** Oldest messages are dropped beyond this many. */
  maxMessages?: number;
  /**
   * Runs once a message is stored and before the sender is told it was accepted (fault tests: a sender killed between
   * its SMTP send and the record of that send).
   */
  beforeAccepting?(message: CaughtMessage): Promise<void>;
}

export interface MailCatcher {
  smtpUrl: string;
  messages(): CaughtMessage[];
  waitFor(predicate: MessagePredicate, timeoutMs: number): Promise<CaughtMessage>;
  clear(): void;
  /** The inbox UI and JSON API; the app mounts it at /inbox. */
  router(): Router;
  stop(): Promise<void>;
}

const DEFAULT_MAX_MESSAGES = 5000;
const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

/** Display text of a parsed header, or undefined for shapes (e.g. List-* headers) better shown raw. */
function headerDisplayText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) {
    const parts = value.map(headerDisplayText);
    return parts.every((part) => part !== undefined) ? parts.join(', ') : undefined;
  }
  if (value && typeof value === 'object') {
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('value' in value && typeof value.value === 'string') return value.value;
  }
  return undefined;
}

function flattenHeaders(parsed: ParsedMail): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const { key, line } of parsed.headerLines) {
    const rawValue = line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
    flat[key] = key in flat ? `${flat[key]}, ${rawValue}` : rawValue;
  }
  // Decoded values win over raw lines so that encoded words (=?UTF-8?…?=) read as text.
  for (const [name, value] of parsed.headers) {
    const text = headerDisplayText(value);
    if (text !== undefined) flat[name.toLowerCase()] = text;
  }
  return flat;
}

function toCaughtMessage(parsed: ParsedMail, envelopeFrom: string, envelopeTo: string[]) {
  return {
    messageId: parsed.messageId ?? '',
    from: parsed.from?.text || envelopeFrom,
    to: envelopeTo,
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : '',
    headers: flattenHeaders(parsed),
    receivedAt: new Date().toISOString(),
  };
}

/**
 * A loopback SMTP server that keeps what it receives, for `npm start` and tests. It accepts any credentials and
 * offers no TLS: it must only ever listen on a loopback address.
 */
export async function startMailCatcher(options: MailCatcherOptions = {}): Promise<MailCatcher> {
  const host = options.host ?? '127.0.0.1';
  const store = createMessageStore(options.maxMessages ?? DEFAULT_MAX_MESSAGES);

  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    size: MAX_MESSAGE_BYTES,
    banner: 'petitions mail catcher',
    logger: false,
    // Pooled senders keep connections open; do not let stop() wait the default 30 s for them.
    closeTimeout: 1000,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username || 'anonymous' });
    },
    onData(stream, session, callback) {
      const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
      const envelopeTo = session.envelope.rcptTo.map((recipient) => recipient.address);
      simpleParser(stream)
        .then((parsed) => {
          const message = store.add(toCaughtMessage(parsed, envelopeFrom, envelopeTo));
          return options.beforeAccepting?.(message);
        })
        .then(() => callback())
        .catch((error: Error) => callback(error));
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.smtpPort ?? 0, host, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  let stopped: Promise<void> | undefined;
  return {
    smtpUrl: `smtp://${urlHost}:${port}`,
    messages: () => store.all(),
    waitFor: (predicate, timeoutMs) => store.waitFor(predicate, timeoutMs),
    clear: () => store.clear(),
    router: () => createInboxRouter(store),
    stop() {
      stopped ??= new Promise<void>((resolve) => server.close(() => resolve()));
      return stopped;
    },
  };
}
