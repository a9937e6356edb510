import { Router, type Request, type Response } from 'express';
import type { CaughtMessage, MessageStore } from './message-store';
import {
  INBOX_CONTENT_SECURITY_POLICY,
  renderInboxListPage,
  renderMessagePage,
  renderNotFoundPage,
} from './inbox-pages';

/** Query filters shared by the HTML list and the JSON API. */
interface MessageFilter {
  to?: string;
  messageId?: string;
  idempotencyKey?: string;
}

function firstQueryValue(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' && first.trim() !== '' ? first.trim() : undefined;
}

function filterFromQuery(request: Request): MessageFilter {
  return {
    to: firstQueryValue(request.query.to),
    messageId: firstQueryValue(request.query.messageId),
    idempotencyKey: firstQueryValue(request.query.idempotencyKey),
  };
}

function matches(message: CaughtMessage, filter: MessageFilter): boolean {
  if (filter.to) {
    const wanted = filter.to.toLowerCase();
    if (!message.to.some((recipient) => recipient.toLowerCase() === wanted)) return false;
  }
  if (filter.messageId && message.messageId !== filter.messageId) return false;
  if (filter.idempotencyKey && message.headers['x-idempotency-key'] !== filter.idempotencyKey) return false;
  return true;
}

const newestFirst = (messages: CaughtMessage[]) => [...messages].reverse();

function sendHtml(response: Response, status: number, html: string): void {
  response
    .status(status)
    .set({
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': INBOX_CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    })
    .send(html);
}

/**
 * GET /                       HTML list, newest first (?to=)
 * GET /messages/:id           HTML message page
 * GET /api/messages           JSON array, newest first (?to=, ?messageId=, ?idempotencyKey=)
 * GET /api/messages/:id       JSON message
 * DELETE /api/messages        forget every message
 */
export function createInboxRouter(store: MessageStore): Router {
  const router = Router();

  router.get('/', (request, response) => {
    const filter = filterFromQuery(request);
    const all = store.all();
    const html = renderInboxListPage({
      baseUrl: request.baseUrl,
      messages: newestFirst(all.filter((message) => matches(message, filter))),
      totalHeld: all.length,
      toFilter: filter.to,
    });
    sendHtml(response, 200, html);
  });

  router.get('/messages/:id', (request, response) => {
    const message = store.get(String(request.params.id));
    if (!message) return sendHtml(response, 404, renderNotFoundPage(request.baseUrl));
    sendHtml(response, 200, renderMessagePage(message, request.baseUrl));
  });

  router.get('/api/messages', (request, response) => {
    const filter = filterFromQuery(request);
    response.set('Cache-Control', 'no-store').json(newestFirst(store.all().filter((message) => matches(message, filter))));
  });

  router.get('/api/messages/:id', (request, response) => {
    const message = store.get(String(request.params.id));
    if (!message) return void response.status(404).json({ error: 'message not found' });
    response.set('Cache-Control', 'no-store').json(message);
  });

  router.delete('/api/messages', (_request, response) => {
    store.clear();
    response.status(204).end();
  });

  return router;
}
