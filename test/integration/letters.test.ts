/**
 * The letters on real servers: the 受理告知书 of a petitioner who left no e-mail (the 信访办 reminded, the printable
 * letter, the post recorded with its 挂号 number through the command, shown on the petition page), and the PDF layout
 * (issue 13): a typical 处理意见书 with long texts on one A4 page, the signature block with room for the seal (盖章)
 * after the text, and a letter that truly needs two pages carrying its last paragraph over with the signature.
 */
import { renderReplyLetter } from '../../activities/mail/templates';
import { letterPdf, SEAL_MARK } from '../../services/reports/letters';
import { shanghaiDate } from '../../workflows/domain/shanghai';
import { pdfPages, type PdfPage } from '../support/pdf-text';
import { postForm, sessionOf } from '../support/staff-session';
import { useTestSystem } from '../support/system';
import { until } from '../support/until';

jest.setTimeout(180_000);

const HOSPITAL = '示例市第一人民医院';
const repeat = (length: number, sentence: string) => sentence.repeat(Math.ceil(length / sentence.length)).slice(0, length);

/** A reply as departments write them: several hundred characters of investigation, findings and opinion. */
const typicalReply = {
  investigation: repeat(320, '经调阅患者住院病历、护理记录及病区监控录像，并与当班医生、护士分别谈话，查明患者术后当晚呼叫护士后等待约四十分钟。'),
  findings: repeat(200, '当班护士同时处理两名危重患者，未及时向上级报告人手不足，反映情况基本属实。'),
  opinion: repeat(200, '科室已调整夜班人员配置，增加一名护士；加强护患沟通培训，完善夜间呼叫应答制度。'),
  result: repeat(100, '已向患者家属当面说明情况并致歉，患者家属表示理解。'),
};

/** Where each text stands in reading order across the pages: [page, index of the run that contains it]. */
function positionOf(pages: PdfPage[], text: string): [number, number] {
  for (const [page, { runs }] of pages.entries()) {
    const index = runs.findIndex((run) => run.text.includes(text));
    if (index >= 0) return [page, index];
  }
  throw new Error(`"${text}" is not in the PDF`);
}

function inReadingOrder(pages: PdfPage[], texts: string[]): boolean {
  const positions = texts.map((text) => positionOf(pages, text));
  return positions.every((position, i) => i === 0 || position[0] > positions[i - 1][0] || (position[0] === positions[i - 1][0] && position[1] > positions[i - 1][1]));
}

/** The signature block: the hospital's name, the seal's place and the date, the page's last three runs, top to bottom. */
function signatureOf(page: PdfPage, date: RegExp) {
  const [name, seal, signedOn] = page.runs.slice(-3);
  expect(name.text).toBe(HOSPITAL);
  expect(seal.text).toBe(SEAL_MARK);
  expect(signedOn.text).toMatch(date);
  expect(name.top).toBeLessThan(seal.top);
  expect(seal.top).toBeLessThan(signedOn.top);
  // Room for a seal of about 3 cm over name and date.
  expect(signedOn.top - name.top).toBeGreaterThanOrEqual(60);
  // Below everything else on the page, inside the bottom margin.
  for (const run of page.runs.slice(0, -3)) expect(run.top).toBeLessThan(name.top);
  expect(signedOn.top).toBeLessThan(841.89 - 40);
  return { name, seal, signedOn };
}

describe('letters: the 受理告知书 without e-mail and the one-page layout', () => {
  const system = useTestSystem();
  const intake = { 'x-staff-id': 'intake01' };
  const pdf = async (number: string, kind: string) => {
    const response = await fetch(`${system.apiUrl}/api/petitions/${number}/letters/${kind}.pdf`, { headers: { authorization: `Bearer ${system.apiToken}` } });
    expect([kind, response.status]).toEqual([kind, 200]);
    return pdfPages(Buffer.from(await response.arrayBuffer()));
  };

  test('no e-mail: the 信访办 is reminded, prints the 受理告知书 (one page) and records the post; a second record is refused', async () => {
    const created = await system.api('/api/petitions', {
      body: { channel: 'letter', category: 'nursing', anonymous: false, peopleCount: 1, petitioner: { name: '李秀兰', phone: '13500001111', address: '示例市东城区和平路1号' }, content: `夜间呼叫护士无人应答（${Date.now()}）。` },
    });
    expect(created.status).toBe(201);
    const { number } = created.body;
    const accepted = await system.api(`/api/petitions/${number}/accept`, { body: {}, headers: intake });
    expect(accepted.status).toBe(200);
    const duty = accepted.body.deadlines.find((d: { kind: string }) => d.kind === 'acceptanceNotice');
    expect(duty).toMatchObject({ status: 'open', basis: 'statute' });

    // The mail found no address: the 信访办's reminder goes out.
    const reminder = await until(
      () => system.prisma.notification.findFirst({ where: { petition: { number }, template: 'acceptance-notice-reminder', status: 'sent' } }),
      (row) => row !== null,
      60_000,
    );
    expect(reminder!.recipient).toBe('xinfang@hospital.example');
    const acceptanceMail = await system.prisma.notification.findFirst({ where: { petition: { number }, template: 'acceptance' } });
    expect(acceptanceMail!.status).toBe('no-recipient');

    const { cookie, csrf } = await sessionOf(system, 'intake01');
    const before = await (await fetch(`${system.apiUrl}/console/petitions/${number}`, { headers: { cookie } })).text();
    expect(before).toContain('尚未送达：信访人未留电子邮箱');
    expect(before).toContain(`href="/api/petitions/${number}/letters/acceptance-notice.pdf"`);
    expect(before).toContain('id="form-record-acceptance-notice-delivery"');

    // The printable letter: one page, in order, signed with room for the seal.
    const notice = await pdf(number, 'acceptance-notice');
    expect(notice).toHaveLength(1);
    expect(inReadingOrder(notice, ['信访受理告知书', `编号：${number}`, '李秀兰', '一、办理程序', '二、办理期限', '三、进度查询', '特此告知。', HOSPITAL, SEAL_MARK])).toBe(true);
    signatureOf(notice[0], /^\d{4}年\d{1,2}月\d{1,2}日$/);

    // Bad input is a 400 naming the field; the post is recorded; a second record is a 409 in Chinese.
    const today = shanghaiDate(Date.now());
    const bad = await system.api(`/api/petitions/${number}/record-acceptance-notice-delivery`, { body: { deliveryMethod: 'post', deliveredOn: '12/01' }, headers: intake });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('寄出或送达日期');
    const handed = await system.api(`/api/petitions/${number}/record-acceptance-notice-delivery`, { body: { deliveryMethod: 'in_person', deliveredOn: today, trackingNumber: 'XA123456789CN' }, headers: intake });
    expect(handed.status).toBe(400);
    // The clerk records the 挂号信 on the petition page's form.
    const form = before.slice(before.indexOf('id="form-record-acceptance-notice-delivery"'));
    const token = /name="_form" value="([^"]+)"/.exec(form)![1];
    const submitted = await postForm(system, `/console/petitions/${number}/record-acceptance-notice-delivery`, {
      _csrf: csrf, _form: token, deliveryMethod: 'post', deliveredOn: today, trackingNumber: 'XA123456789CN',
    }, { cookie });
    expect(submitted.status).toBe(303);
    const posted = { body: (await system.api(`/api/petitions/${number}`, { headers: intake })).body.workflow };
    expect(posted.body.acceptanceNotice.delivery).toMatchObject({ method: 'post', on: today, trackingNumber: 'XA123456789CN' });
    expect(posted.body.deadlines.find((d: { kind: string }) => d.kind === 'acceptanceNotice').status).toBe('met');
    const again = await system.api(`/api/petitions/${number}/record-acceptance-notice-delivery`, { body: { deliveryMethod: 'in_person', deliveredOn: today }, headers: intake });
    expect(again.status).toBe(409);
    expect(again.body.error).toContain(`受理告知书已于${today}邮寄送达，无需重复登记`);

    const event = await system.prisma.petitionEvent.findFirst({ where: { petition: { number }, type: 'acceptance_notice_delivered' } });
    expect(event).toMatchObject({ actor: 'staff:intake01', payload: { deliveryMethod: 'post', deliveredOn: today, trackingNumber: 'XA123456789CN' } });
    const stored = await system.prisma.petition.findUniqueOrThrow({ where: { number } });
    expect((stored.deadlines as Array<{ kind: string; status: string }>).find((d) => d.kind === 'acceptanceNotice')!.status).toBe('met');

    const after = await (await fetch(`${system.apiUrl}/console/petitions/${number}`, { headers: { cookie } })).text();
    expect(after).toMatch(new RegExp(`受理告知书：须于 \\d{4}-\\d{2}-\\d{2} 24:00 前送达信访人；已于 ${today} 邮寄（挂号单号 XA123456789CN）`));
    expect(after).toContain('受理告知书送达');
    expect(after).not.toContain('id="form-record-acceptance-notice-delivery"');
  });

  test('a typical 处理意见书 with long texts fits one A4 page, the signature block last with room for the seal', async () => {
    const created = await system.api('/api/petitions', {
      body: { channel: 'visit', category: 'nursing', anonymous: false, peopleCount: 1, petitioner: { name: '王芳', email: `wang.fang.${Date.now()}@example.cn` }, content: '术后夜间呼叫护士无人应答。' },
    });
    const { number } = created.body;
    for (const [command, body] of [
      ['accept', {}],
      ['assign', { leadDepartment: 'HLB' }],
      ['reply', { department: 'HLB', ...typicalReply }],
      ['approve-reply', typicalReply],
    ] as const) {
      const response = await system.api(`/api/petitions/${number}/${command}`, { body, headers: intake });
      expect([command, response.status]).toEqual([command, 200]);
    }
    const letter = await pdf(number, 'reply-letter');
    expect(letter).toHaveLength(1);
    expect(inReadingOrder(letter, ['信访事项处理意见书', `编号：${number}`, '王芳', '一、调查情况', '二、核实结论', '三、处理意见', '四、处理结果', '特此答复。', HOSPITAL, SEAL_MARK])).toBe(true);
    signatureOf(letter[0], /^\d{4}年\d{1,2}月\d{1,2}日$/);
  });

  test('a letter that truly needs two pages carries its last paragraph over with the signature block', async () => {
    const base = { number: 'XF-2026-000321', petitionerName: '王芳', departmentName: '护理部', repliedAt: new Date('2026-12-01T02:00:00Z'), hospitalName: HOSPITAL };
    // A little over one page at the smallest size: the split falls inside the findings, the last paragraph goes over.
    for (const factor of [1.3, 2, 6]) {
      const text = renderReplyLetter({
        ...base,
        investigation: repeat(320 * factor, typicalReply.investigation),
        findings: repeat(200 * factor, typicalReply.findings),
        opinion: repeat(200 * factor, typicalReply.opinion),
        result: typicalReply.result,
      }).text;
      const pages = pdfPages(await letterPdf(text));
      expect(pages.length).toBeGreaterThanOrEqual(2);
      const last = pages.at(-1)!;
      // The signature is on the last page only, after the closing and the paragraph before it (never alone).
      for (const page of pages.slice(0, -1)) expect([factor, page.text.includes(HOSPITAL) || page.text.includes(SEAL_MARK)]).toEqual([factor, false]);
      signatureOf(last, /^2026年12月1日$/);
      expect(last.text).toContain('特此答复。');
      expect(last.text).toContain('感谢您对本院工作的理解、支持与监督。');
      expect(inReadingOrder(pages, ['一、调查情况', '四、处理结果', '感谢您对本院工作', '特此答复。', HOSPITAL, SEAL_MARK, '2026年12月1日'])).toBe(true);
    }
  });
});
