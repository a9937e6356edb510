import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { createMailer, messageIdFor, type Mailer } from '../../activities/mail/mailer';
import { renderAcceptanceNotice } from '../../activities/mail/templates';
import { startMailCatcher, type CaughtMessage, type MailCatcher } from '../../services/mail/catcher';

const FROM = '示例市第一人民医院信访办公室 <xinfang@hospital.example>';
const PETITIONER = 'petitioner@example.com';
const HOSTILE = '<script>alert(1)</script>';

let catcher: MailCatcher;
let mailer: Mailer;
let httpServer: Server;
let inboxUrl: string;

beforeAll(async () => {
  catcher = await startMailCatcher({ smtpPort: 0 });
  mailer = createMailer({ smtpUrl: catcher.smtpUrl, from: FROM });
  const app = express();
  app.use('/inbox', catcher.router());
  httpServer = await new Promise<Server>((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server));
  });
  inboxUrl = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}/inbox`;
});

afterAll(async () => {
  mailer?.close();
  await new Promise<void>((resolve) => (httpServer ? httpServer.close(() => resolve()) : resolve()));
  await catcher?.stop();
});

beforeEach(() => catcher.clear());

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(`${inboxUrl}${path}`);
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

describe('mail catcher and mailer over real SMTP', () => {
  it('delivers a Chinese notice that reads back through messages() and the JSON API', async () => {
    await mailer.verify();
    const notice = renderAcceptanceNotice({
      number: 'XF-2026-000123',
      petitionerName: '张三',
      receivedAt: new Date('2026-11-02T02:00:00Z'),
      acceptedAt: new Date('2026-11-05T03:00:00Z'),
      expectedReplyBy: new Date('2026-11-23T10:00:00Z'),
      policyTitle: '信访工作条例',
      queryCode: 'K7P2QX',
      hospitalName: '示例市第一人民医院',
    });
    const idempotencyKey = 'petition/XF-2026-000123/acceptance-notice';

    const sent = await mailer.send({ to: PETITIONER, idempotencyKey, ...notice });
    expect(sent.messageId).toBe(messageIdFor(idempotencyKey));
    expect(sent.messageId).toMatch(/^<[0-9a-f]{32}@petitions\.local>$/);

    const caught = await catcher.waitFor((message) => message.to.includes(PETITIONER), 10_000);
    expect(caught.subject).toBe('信访受理告知书（编号：XF-2026-000123）');
    expect(caught.from).toContain('xinfang@hospital.example');
    expect(caught.from).toContain('信访办公室');
    expect(caught.text).toContain('2026年11月23日 18:00前');
    expect(caught.html).toContain('信访受理告知书');
    expect(caught.messageId).toBe(sent.messageId);
    expect(caught.headers['x-idempotency-key']).toBe(idempotencyKey);
    expect(caught.headers.subject).toBe(caught.subject);
    expect(caught.headers['content-type']).toMatch(/^multipart\/alternative/);
    expect(catcher.messages()).toEqual([caught]);

    const viaHttp = await getJson<CaughtMessage[]>(`/api/messages?to=${encodeURIComponent(PETITIONER.toUpperCase())}`);
    expect(viaHttp).toEqual([caught]);
    expect(await getJson<CaughtMessage[]>('/api/messages?to=someone-else%40example.com')).toEqual([]);
    expect(await getJson<CaughtMessage>(`/api/messages/${caught.id}`)).toEqual(caught);
  });

  it('makes a re-sent notice recognisable as a duplicate by Message-ID and idempotency header', async () => {
    const mail = { to: PETITIONER, subject: '重复发送测试', text: '正文', html: '<p>正文</p>' };
    await mailer.send({ ...mail, idempotencyKey: 'petition/XF-1/reminder/1' });
    await mailer.send({ ...mail, idempotencyKey: 'petition/XF-1/reminder/1' });
    await mailer.send({ ...mail, idempotencyKey: 'petition/XF-1/reminder/2' });

    const duplicates = await getJson<CaughtMessage[]>(
      `/api/messages?idempotencyKey=${encodeURIComponent('petition/XF-1/reminder/1')}`,
    );
    expect(duplicates).toHaveLength(2);
    expect(new Set(duplicates.map((message) => message.messageId))).toEqual(
      new Set([messageIdFor('petition/XF-1/reminder/1')]),
    );
    const distinctIds = new Set(catcher.messages().map((message) => message.messageId));
    expect(distinctIds.size).toBe(2);
  });

  it('accepts any credentials without TLS', async () => {
    const withAuth = createMailer({
      smtpUrl: catcher.smtpUrl.replace('smtp://', 'smtp://anyone:wrong%20secret@'),
      from: FROM,
    });
    try {
      await withAuth.send({ to: 'dept@hospital.example', subject: '认证', text: '认证', html: '', idempotencyKey: 'auth' });
    } finally {
      withAuth.close();
    }
    expect(catcher.messages().map((message) => message.to)).toEqual([['dept@hospital.example']]);
  });

  it('escapes hostile subjects and bodies in the inbox pages', async () => {
    await mailer.send({
      to: PETITIONER,
      subject: `投诉 ${HOSTILE}`,
      text: `正文 ${HOSTILE}`,
      html: `<p>正文</p>${HOSTILE}<img src=x onerror="alert(2)">`,
      idempotencyKey: 'hostile',
    });
    const [caught] = await getJson<CaughtMessage[]>('/api/messages');

    const list = await fetch(`${inboxUrl}?to=${encodeURIComponent(PETITIONER)}`);
    expect(list.headers.get('content-type')).toContain('text/html');
    expect(list.headers.get('content-security-policy')).toContain("default-src 'none'");
    const listHtml = await list.text();
    expect(listHtml).toContain('lang="zh-CN"');
    expect(listHtml).toContain('http-equiv="refresh"');
    expect(listHtml).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(listHtml).not.toContain('<script');
    expect(listHtml).toContain(`href="/inbox/messages/${caught.id}"`);

    const detailHtml = await (await fetch(`${inboxUrl}/messages/${caught.id}`)).text();
    expect(detailHtml).not.toContain('<script');
    expect(detailHtml).not.toContain('<img');
    // No scripts in the frame (sandbox without allow-scripts); its links open a new tab (base target, popups).
    expect(detailHtml).toContain('<iframe sandbox="allow-popups allow-popups-to-escape-sandbox"');
    expect(detailHtml).toContain('srcdoc="&lt;base target=&quot;_blank&quot;&gt;&lt;p&gt;正文&lt;/p&gt;&lt;script&gt;');
    expect(detailHtml).toContain('正文 &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(detailHtml).toContain('hostile');

    expect((await fetch(`${inboxUrl}/messages/999999`)).status).toBe(404);
  });

  it('lists newest first, clears over HTTP and times out waiting for mail that never comes', async () => {
    for (const n of [1, 2, 3]) {
      await mailer.send({ to: PETITIONER, subject: `第${n}封`, text: '', html: '', idempotencyKey: `order-${n}` });
    }
    const listed = await getJson<CaughtMessage[]>('/api/messages');
    expect(listed.map((message) => message.subject)).toEqual(['第3封', '第2封', '第1封']);

    expect((await fetch(`${inboxUrl}/api/messages`, { method: 'DELETE' })).status).toBe(204);
    expect(catcher.messages()).toEqual([]);
    await expect(catcher.waitFor(() => true, 200)).rejects.toThrow(/No matching mail/);
  });

  it('keeps only the newest messages beyond its cap', async () => {
    const small = await startMailCatcher({ maxMessages: 2 });
    const smallMailer = createMailer({ smtpUrl: small.smtpUrl, from: FROM });
    try {
      for (const n of [1, 2, 3]) {
        await smallMailer.send({ to: PETITIONER, subject: `上限${n}`, text: '', html: '', idempotencyKey: `cap-${n}` });
      }
      expect(small.messages().map((message) => message.subject)).toEqual(['上限2', '上限3']);
    } finally {
      smallMailer.close();
      await small.stop();
    }
  });
});
