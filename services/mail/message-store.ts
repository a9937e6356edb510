import { EventEmitter } from 'node:events';

export interface CaughtMessage {
  /** Catcher-local sequence number, used in inbox URLs. */
  id: string;
  /** The Message-ID header, angle brackets included, or '' when the sender set none. */
  messageId: string;
  from: string;
  /** Envelope recipients (RCPT TO), so Bcc recipients are included. */
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** Lower-case header names; structured values flattened to their display text. */
  headers: Record<string, string>;
  /** ISO 8601 timestamp, identical in messages() and in the JSON API. */
  receivedAt: string;
}

export type MessagePredicate = (message: CaughtMessage) => boolean;

export interface MessageStore {
  add(message: Omit<CaughtMessage, 'id'>): CaughtMessage;
  /** Arrival order, oldest first. */
  all(): CaughtMessage[];
  get(id: string): CaughtMessage | undefined;
  clear(): void;
  waitFor(predicate: MessagePredicate, timeoutMs: number): Promise<CaughtMessage>;
}

/** Keeps the newest `capacity` messages so a long-running `npm start` does not grow without bound. */
export function createMessageStore(capacity: number): MessageStore {
  if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
  let messages: CaughtMessage[] = [];
  let nextId = 1;
  const arrivals = new EventEmitter();
  arrivals.setMaxListeners(0);

  return {
    add(incoming) {
      const message: CaughtMessage = { id: String(nextId++), ...incoming };
      messages.push(message);
      if (messages.length > capacity) messages = messages.slice(messages.length - capacity);
      arrivals.emit('message', message);
      return message;
    },
    all: () => [...messages],
    get: (id) => messages.find((message) => message.id === id),
    clear() {
      messages = [];
    },
    waitFor(predicate, timeoutMs) {
      const already = messages.find(predicate);
      if (already) return Promise.resolve(already);
      return new Promise((resolve, reject) => {
        const onMessage = (message: CaughtMessage) => {
          if (!predicate(message)) return;
          clearTimeout(timer);
          arrivals.off('message', onMessage);
          resolve(message);
        };
        const timer = setTimeout(() => {
          arrivals.off('message', onMessage);
          reject(new Error(`No matching mail arrived within ${timeoutMs} ms (${messages.length} messages held)`));
        }, timeoutMs);
        arrivals.on('message', onMessage);
      });
    },
  };
}
