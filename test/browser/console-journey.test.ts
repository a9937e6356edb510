/**
 * The intake officer's daily journey in Chromium (issue 13), at desktop and phone width, with screenshots in
 * test-artifacts/console-journey: a registration refused for a missing name keeps everything typed and says why
 * beside the field; Back and submitting again registers nothing twice and alerts nobody again; a registration with
 * the same phone is shown as a likely duplicate and needs "仍要登记"; 交办 starts from the routed department with
 * 协办 chosen by name; the department's reply is reviewed before the petitioner is answered (returned once with a
 * note, then edited to take an internal sanction out and approved; only the approved text is mailed and on /lookup);
 * 反馈 records the delivery and has no preselected 满意度; the page names people and departments, never codes; the
 * ledger finds the petition by phone with the petitioner and a summary in their columns.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { useBrowserSystem } from './support/browser-system';

const artifacts = path.resolve(__dirname, '../../test-artifacts/console-journey');

describe('the intake journey in a real browser: no lost input, no duplicates, names not codes', () => {
  const site = useBrowserSystem();
  const signIn = (staffId: string, viewport = { width: 1280, height: 900 }) => site.signIn(staffId, { viewport });
  const unique = `${Date.now()}`.slice(-8);
  const phone = `135${unique}`;
  const content = `夜间急诊等候三小时无人分诊 ${unique}`;

  beforeAll(() => {
    mkdirSync(artifacts, { recursive: true });
  });

  const petitionsWith = (text: string) => site.system.prisma.petition.findMany({ where: { content: text }, select: { number: true } });

  test('register, refuse, resubmit, duplicate, assign and feed back without losing input or seeing codes', async () => {
    const page = await signIn('intake01');
    await page.goto(`${site.system.apiUrl}/console/register`);
    await page.selectOption('select[name=channel]', 'visit');
    await page.selectOption('select[name=category]', 'medical_quality');
    await page.fill('input[name=phone]', phone);
    await page.fill('textarea[name=content]', content);
    await page.fill('input[name=claimAmount]', '300');
    // No name: refused, and everything typed is still there with the reason beside 姓名.
    await Promise.all([page.waitForLoadState('load'), page.click('#register-form button[type=submit]')]);
    await page.locator('.field-error[data-field=name]').waitFor();
    expect(await page.locator('.field-error[data-field=name]').innerText()).toBe('实名信访须填写信访人姓名');
    expect(await page.inputValue('textarea[name=content]')).toBe(content);
    expect(await page.inputValue('input[name=phone]')).toBe(phone);
    expect(await page.inputValue('input[name=claimAmount]')).toBe('300');
    expect(await page.inputValue('select[name=channel]')).toBe('visit');
    await page.screenshot({ path: path.join(artifacts, '1-refused-registration.png'), fullPage: true });

    await page.fill('input[name=name]', '周小燕');
    const sent = { _csrf: await page.inputValue('#register-form input[name=_csrf]'), _form: await page.inputValue('#register-form input[name=_form]') };
    await Promise.all([page.waitForURL(/\/console\/petitions\/XF-/), page.click('#register-form button[type=submit]')]);
    const number = /XF-\d{4}-\d{6}/.exec(page.url())![0];
    expect(await petitionsWith(content)).toEqual([{ number }]);

    // Back and submit again (Chromium answers Back on a no-store POST page with "resubmit the form", which resends
    // the same form): the same token registers nothing, says so, and alerts nobody a second time.
    const resent = await page.request.post(`${site.system.apiUrl}/console/register`, {
      form: { ...sent, channel: 'visit', category: 'medical_quality', name: '周小燕', phone, content, claimAmount: '300', peopleCount: '1' },
      headers: { origin: site.system.apiUrl },
      maxRedirects: 0,
    });
    expect(resent.status()).toBe(303);
    const location = decodeURIComponent(resent.headers().location ?? '');
    expect(location).toContain(number);
    expect(location).toContain('未重复登记');
    await page.goto(`${site.system.apiUrl}${resent.headers().location}`);
    expect(await page.locator('.flash.ok').innerText()).toContain('未重复登记');
    await page.screenshot({ path: path.join(artifacts, '2-resubmitted.png'), fullPage: true });
    expect(await petitionsWith(content)).toEqual([{ number }]);
    expect(await site.system.prisma.petitionEvent.count({ where: { petition: { number }, type: 'registered' } })).toBe(1);

    // Another matter from the same phone: shown first as a likely duplicate, registered only with 仍要登记.
    const other = `挂号费重复收取 ${unique}`;
    await page.goto(`${site.system.apiUrl}/console/register`);
    await page.selectOption('select[name=category]', 'billing');
    await page.fill('input[name=name]', '周小燕');
    await page.fill('input[name=phone]', phone);
    await page.fill('textarea[name=content]', other);
    await Promise.all([page.waitForLoadState('load'), page.click('#register-form button[type=submit]')]);
    await page.locator('#likely-duplicates').waitFor();
    expect(await page.locator('#likely-duplicates').innerText()).toContain(number);
    expect(await page.inputValue('textarea[name=content]')).toBe(other);
    expect(await petitionsWith(other)).toEqual([]);
    await page.screenshot({ path: path.join(artifacts, '3-likely-duplicate.png'), fullPage: true });
    await Promise.all([page.waitForURL(/\/console\/petitions\/XF-/), page.click('#register-anyway')]);
    expect((await petitionsWith(other)).length).toBe(1);

    // The first petition: accept, then 交办 from the routed department (医疗质量 → 医务处), 协办 by name.
    await page.goto(`${site.system.apiUrl}/console/petitions/${number}`);
    await Promise.all([page.waitForURL(/ok=/), page.locator('form[data-command=accept] button[type=submit]').click()]);
    const assign = page.locator('form[data-command=assign]');
    await assign.waitFor();
    expect(await assign.locator('select[name=leadDepartment] option:checked').innerText()).toBe('医务处');
    await assign.locator('select[name=cooperatingDepartments]').selectOption([{ label: '心内科' }, { label: '护理部' }]);
    await page.screenshot({ path: path.join(artifacts, '4-assign.png'), fullPage: true });
    await Promise.all([page.waitForURL(/ok=/), assign.locator('button[type=submit]').click()]);
    const facts = await page.locator('dl.facts').first().innerText();
    expect(facts).toContain('医务处');
    expect(facts).toMatch(/协办：(心内科、护理部|护理部、心内科)/);
    expect(facts).toContain('信访工作条例（2022年）');
    const timeline = await page.locator('ol.timeline').innerText();
    expect(timeline).toContain('王晓敏');
    expect(await page.locator('main').innerText()).not.toMatch(/staff:|dept:|xinfang-2022/);
    for (const due of await page.locator('table.deadlines td.due').allInnerTexts()) expect(due).toMatch(/^\d{4}-\d{2}-\d{2} 24:00$/);

    // The department replies, with an internal sanction in its result: a draft for the 信访办, not yet the answer.
    const sanction = '对夜班分诊护士进行诫勉谈话并全科通报';
    const departmentReply = { department: 'YWC', investigation: '调阅分诊记录', findings: '夜间分诊护士不足', opinion: '增设夜间分诊岗', result: `${sanction}；已向信访人说明并致歉` };
    await site.system.api(`/api/petitions/${number}/reply`, { headers: { 'x-staff-id': 'ywc01' }, body: departmentReply });
    const reviewForm = async (command: 'approveReply' | 'returnReply') => {
      const form = page.locator(`form[data-command=${command}]`);
      for (let i = 0; i < 40 && (await form.count()) === 0; i++) {
        await page.waitForTimeout(500);
        await page.reload();
      }
      return form;
    };
    await page.reload();
    const returnForm = await reviewForm('returnReply');
    expect(await page.locator('#department-reply h2').innerText()).toContain('内部材料，不告知信访人');
    expect(await page.locator('#reply-review-status').innerText()).toContain('待信访办审核');
    expect(await page.locator('form[data-command=feedback]').count()).toBe(0);
    // Returned to the department with a note; it replies again.
    await returnForm.locator('textarea[name=note]').fill('请补充夜间分诊的整改时限');
    await page.screenshot({ path: path.join(artifacts, '5-review-return.png'), fullPage: true });
    await Promise.all([page.waitForURL(/ok=/), returnForm.locator('button[type=submit]').click()]);
    expect(await page.locator('#petition-status').innerText()).toMatch(/已交办/);
    expect(await page.locator('ol.timeline').innerText()).toContain('退回承办部门修改');
    expect(await page.locator('#documents').innerText()).toContain('请补充夜间分诊的整改时限');
    await site.system.api(`/api/petitions/${number}/reply`, {
      headers: { 'x-staff-id': 'ywc01' },
      body: { ...departmentReply, opinion: '增设夜间分诊岗，本月底前到位' },
    });
    // The 待审核 list names it; its 审核 link leads to the petition's review forms.
    await Promise.all([page.waitForURL(/\/console\/reviews/), page.click('nav.top >> text=待审核')]);
    const waiting = page.locator(`#reviews tr[data-number="${number}"]`);
    await waiting.waitFor();
    expect(await waiting.innerText()).toContain('医务处');
    await page.screenshot({ path: path.join(artifacts, '6-reviews-list.png'), fullPage: true });
    await Promise.all([page.waitForURL(new RegExp(`/console/petitions/${number}`)), waiting.locator('a.review').click()]);
    // The draft 处理意见书 starts from the department's text; the intake officer takes the sanction out and approves.
    const approve = await reviewForm('approveReply');
    expect(await approve.locator('textarea[name=opinion]').inputValue()).toBe('增设夜间分诊岗，本月底前到位');
    expect(await approve.locator('textarea[name=result]').inputValue()).toContain(sanction);
    await approve.locator('textarea[name=result]').fill('已对相关人员进行批评教育，并向您说明情况、致歉');
    await page.screenshot({ path: path.join(artifacts, '6-review-approve.png'), fullPage: true });
    await Promise.all([page.waitForURL(/ok=/), approve.locator('button[type=submit]').click()]);
    expect(await page.locator('#reply-letter').innerText()).toContain('已对相关人员进行批评教育');
    expect(await page.locator('#reply-letter').innerText()).not.toContain(sanction);
    expect(await page.locator('ol.timeline').innerText()).toContain('审核通过处理意见书');
    expect(await page.locator('main').innerText()).not.toMatch(/staff:|dept:|xinfang-2022|reply_letter|approveReply/);

    // 反馈 records the delivery (送达) and has no preselected 满意度.
    const feedback = page.locator('form[data-command=feedback]');
    for (let i = 0; i < 40 && (await feedback.count()) === 0; i++) {
      await page.waitForTimeout(500);
      await page.reload();
    }
    expect(await feedback.locator('select[name=satisfaction]').inputValue()).toBe('');
    // Nothing preselected, and the browser asks for a choice before sending (the server's refusal with the note kept
    // is test/integration/console-forms.test.ts).
    expect(await feedback.locator('select[name=satisfaction]').getAttribute('required')).not.toBeNull();
    await feedback.locator('textarea[name=note]').fill('电话回访，信访人接受处理意见');
    await feedback.locator('select[name=deliveryMethod]').selectOption({ label: '当面送达' });
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    await feedback.locator('input[name=deliveredOn]').fill(today);
    const refused = feedback;
    await refused.locator('select[name=satisfaction]').selectOption({ label: '满意' });
    await Promise.all([page.waitForURL(/ok=/), refused.locator('button[type=submit]').click()]);
    expect(await page.locator('#petition-status').innerText()).toMatch(/已反馈/);
    expect(await page.locator('#reply-delivery').innerText()).toBe(`送达：当面送达，${today}`);
    await page.screenshot({ path: path.join(artifacts, '7-fed-back.png'), fullPage: true });

    // The petitioner's lookup shows the approved text only.
    const { queryCode } = await site.system.prisma.petition.findUniqueOrThrow({ where: { number }, select: { queryCode: true } });
    await page.goto(`${site.system.apiUrl}/lookup`);
    await page.fill('input[name=number]', number);
    await page.fill('input[name=code]', queryCode);
    await Promise.all([page.waitForLoadState('load'), page.click('#lookup-form button[type=submit]')]);
    const lookup = await page.locator('#lookup-result').innerText();
    expect(lookup).toContain('已对相关人员进行批评教育');
    expect(lookup).not.toContain(sanction);
    expect(lookup).not.toContain('整改时限');

    // The ledger finds it by phone, with the petitioner and a summary.
    await page.goto(`${site.system.apiUrl}/console/ledger`);
    await page.fill('#ledger-filters input[name=phone]', phone.slice(-6));
    await Promise.all([page.waitForURL(/phone=/), page.click('#ledger-filters button[type=submit]')]);
    expect(await page.locator('#ledger-total').innerText()).toBe('2');
    const ledger = await page.locator('table.ledger').innerText();
    expect(ledger).toContain('周小燕');
    expect(ledger).toContain('夜间急诊等候三小时');
    await page.context().close();

    // At phone width the ledger and the petition page still render for the same search.
    const phonePage = await signIn('intake01', { width: 390, height: 844 });
    await phonePage.goto(`${site.system.apiUrl}/console/ledger?keyword=${encodeURIComponent(unique)}`);
    expect(await phonePage.locator('#ledger-total').innerText()).toBe('2');
    await phonePage.screenshot({ path: path.join(artifacts, '8-ledger-phone.png'), fullPage: true });
    await phonePage.context().close();
  }, 180_000);
});
