/**
 * The 台账 reader and validator over real files built here: an .xlsx written by exceljs with the usual Chinese
 * headers (date cells, text dates, rich text), a UTF-8 CSV with quotes and a GB18030 CSV as Excel saves it; the
 * column mapping recognised from the headers; every kind of bad cell reported as 行 N，列「X」：原因.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { readLedgerTable, parseCsv, LedgerFileError } from '../../services/ledger-import/read-table';
import { parseLedgerDate, suggestMapping, validateLedger, type Department } from '../../services/ledger-import/validate';

const departments: Department[] = [
  { code: 'YWC', name: '医务处', kind: 'logistics_admin' },
  { code: 'XNK', name: '心内科', kind: 'inpatient' },
  { code: 'MZB', name: '门诊部', kind: 'outpatient' },
];
const now = new Date('2026-12-01T00:00:00Z');

async function xlsx(rows: unknown[][], sheetName = '台账'): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const headers = ['编号', '来访日期', '渠道', '信访人', '联系电话', '人数', '事由', '类别', '责任科室', '科室类型', '原因分类', '处理结果', '办结日期', '满意度', '备注'];

describe('reading and mapping a 台账', () => {
  test('an .xlsx with the usual headers maps every column and yields typed rows', async () => {
    const file = await xlsx([
      headers,
      ['2011-001', new Date(Date.UTC(2011, 2, 1)), '来信', '张伟', '13800000001', 1, '术后伤口感染', '医疗质量', '医务处', '后勤/行政', '医院方面', '已答复', new Date(Date.UTC(2011, 2, 9)), '满意', ''],
      ['2011-002', '2011年3月2日', '来电', '', '', '', { richText: [{ text: '候诊' }, { text: '时间长' }] }, '服务态度', '门诊部', '', '患者方面', '', '', '', '未结'],
      [],
      ['2011-003', '2011/3/3 14:30', '来访', '李四', '', 6, '收费有误', '经济纠纷', '', '', '', '不予受理，已告知', '2011-03-04', '', ''],
    ]);
    const table = await readLedgerTable(file, 'ledger.xlsx');
    expect(table.headers).toEqual(headers);
    const mapping = suggestMapping(table.headers);
    expect(mapping).toEqual({
      registerNumber: 0, receivedAt: 1, channel: 2, petitionerName: 3, phone: 4, peopleCount: 5, content: 6, category: 7,
      department: 8, departmentKind: 9, cause: 10, outcome: 11, finishedAt: 12, satisfaction: 13, note: 14,
    });
    const result = validateLedger(table, mapping, { departments, now });
    expect(result.errors).toEqual([]);
    expect(result.rows.map((r) => [r.line, r.registerNumber, r.state])).toEqual([[2, '2011-001', 'finished'], [3, '2011-002', 'open'], [5, '2011-003', 'declined']]);
    const [first, second, third] = result.rows;
    expect(first).toMatchObject({ channel: 'letter', category: 'medical_quality', department: 'YWC', cause: 'hospital', satisfaction: 'satisfied', petitionerName: '张伟' });
    // Beijing midnight of the date in the cell.
    expect(first.receivedAt.toISOString()).toBe('2011-02-28T16:00:00.000Z');
    expect(first.finishedAt!.toISOString()).toBe('2011-03-08T16:00:00.000Z');
    expect(second).toMatchObject({ content: '候诊时间长', category: 'service_attitude', department: 'MZB', petitionerName: null, peopleCount: 1, note: '未结' });
    expect(second.receivedAt.toISOString()).toBe('2011-03-01T16:00:00.000Z');
    expect(third).toMatchObject({ channel: 'visit', category: 'billing', peopleCount: 6 });
    expect(third.receivedAt.toISOString()).toBe('2011-03-03T06:30:00.000Z');
  });

  test('headers with notes in brackets and other wordings are recognised; a missing required column is a file error', async () => {
    expect(suggestMapping(['序号', '收到日期（年月日）', '来源', '反映内容', '问题类别', '承办科室'])).toEqual({
      receivedAt: 1, channel: 2, content: 3, category: 4, department: 5,
    });
    const table = await readLedgerTable(Buffer.from('日期,内容\n2011-03-01,候诊时间长\n'), 'a.csv');
    const result = validateLedger(table, suggestMapping(table.headers), { departments, now });
    expect(result.fileErrors).toEqual([
      expect.stringContaining('缺少必填列「来源」'),
      expect.stringContaining('缺少必填列「类别」'),
    ]);
    expect(result.rows).toEqual([]);
  });

  test('a UTF-8 CSV with BOM, quotes and line breaks inside a field', async () => {
    const csv = '\ufeff登记号,收到日期,来源,信访人,反映内容,类别\n' +
      'A-1,2011-03-01,来信,张伟,"他说：""等了三小时""\n第二行",服务态度\r\n' +
      'A-2,20110302,12345,,"a, b",其他\n';
    const table = await readLedgerTable(Buffer.from(csv, 'utf8'), 'x.csv');
    const result = validateLedger(table, suggestMapping(table.headers), { departments, now });
    expect(result.errors).toEqual([]);
    expect(result.rows.map((r) => [r.registerNumber, r.channel, r.content])).toEqual([
      ['A-1', 'letter', '他说："等了三小时"\n第二行'],
      ['A-2', 'hotline_12345', 'a, b'],
    ]);
  });

  test('a CSV in GB18030, as Excel saves it on a Chinese Windows', async () => {
    // "收到日期,来源,反映内容,类别\n2011-03-01,来信,无,其他\n" in GBK bytes.
    const gbk = Buffer.from('CAD5B5BDC8D5C6DA2CC0B4D4B42CB7B4D3B3C4DAC8DD2CC0E0B1F00A323031312D30332D30312CC0B4D0C52CCEDE2CC6E4CBFB0A', 'hex');
    const table = await readLedgerTable(gbk, 'gbk.csv');
    expect(table.headers).toEqual(['收到日期', '来源', '反映内容', '类别']);
    const result = validateLedger(table, suggestMapping(table.headers), { departments, now });
    expect(result.rows).toMatchObject([{ channel: 'letter', content: '无', category: 'other' }]);
  });

  test('every bad cell is reported as 行 N，列「X」：原因, and a row with any error is not kept', async () => {
    const file = await xlsx([
      headers,
      ['B-1', '2011-02-30', '飞鸽', '王五', 'abc', '两人', '', '未知类', '外星科', '住院科室', '天意', '', '', '满意', ''],
      ['B-2', '2099-01-01', '来信', '赵六', '', '', '内容', '其他', '心内科', '门诊部', '', '', '2011-01-01', '很好', ''],
      ['B-3', '2011-03-05', '来信', '', '', '', '内容', '其他', '', '', '', '不予受理', '', '', ''],
      ['B-1', '2011-03-06', '来信', '', '', '', '内容', '其他', '', '', '', '', '', '', ''],
      ['B-5', '2011-03-06', '来信', '', '', '', '好的内容', '其他', 'XNK', '', '', '', '', '', ''],
      ['B-5', '2011-03-07', '来信', '', '', '', '另一件', '其他', '', '', '', '', '', '', ''],
    ]);
    const table = await readLedgerTable(file, 'bad.xlsx');
    const result = validateLedger(table, suggestMapping(table.headers), { departments, now });
    expect(result.errors.map((e) => e.message)).toEqual([
      '行 2，列「来访日期」：无法识别的日期「2011-02-30」（应为 2011-03-01 或 2011年3月1日）',
      '行 2，列「渠道」：未知的来源「飞鸽」（如 来信、来电、来访、网上信访、12345）',
      '行 2，列「联系电话」：电话号码格式无效「abc」',
      '行 2，列「人数」：人数应为 1 以上的整数，而不是「两人」',
      '行 2，列「事由」：必填项为空',
      '行 2，列「类别」：未知的类别「未知类」（如 医疗质量、服务态度、管理流程、经济纠纷、其他）',
      '行 2，列「责任科室」：未知的科室「外星科」（请先在医院配置中添加，或改为已有科室名称）',
      '行 2，列「原因分类」：未知的原因分类「天意」（医院方面、患者方面、外部因素、其他）',
      '行 3，列「来访日期」：收到日期不能晚于今天',
      '行 3，列「科室类型」：与配置中「心内科」的科室类型不符',
      '行 3，列「办结日期」：办结日期早于收到日期',
      '行 3，列「满意度」：未知的满意度「很好」（满意、基本满意、不满意、未评价）',
      '行 4，列「办结日期」：不予受理的事项须填写办结日期（作出决定的日期）',
      '行 7，列「编号」：登记号与行 6 重复',
    ]);
    // B-1 of line 5 is kept: line 2 (the other B-1) was refused, so the number is not taken twice.
    expect(result.rows.map((r) => r.line)).toEqual([5, 6]);
    expect(result.rows[1].department).toBe('XNK');
  });

  test('rows without a register number are told apart by their facts; identical ones are duplicates', async () => {
    const table = await readLedgerTable(Buffer.from('收到日期,来源,反映内容,类别\n2011-03-01,来信,同一件事,其他\n2011-03-01,来信,同一件事,其他\n2011-03-02,来信,同一件事,其他\n'), 'x.csv');
    const result = validateLedger(table, suggestMapping(table.headers), { departments, now });
    expect(result.errors.map((e) => e.message)).toEqual(['行 3，列「反映内容」：与行 2 重复（无登记号时按收到日期、信访人、电话和内容识别）']);
    expect(result.rows.map((r) => r.key)).toEqual([expect.stringMatching(/^ledger:row:/), expect.stringMatching(/^ledger:row:/)]);
    expect(result.rows[0].key).not.toBe(result.rows[1].key);
  });

  test('dates: cells, serial numbers and the written forms, all as Beijing time', () => {
    expect(parseLedgerDate('2011-03-01')?.toISOString()).toBe('2011-02-28T16:00:00.000Z');
    expect(parseLedgerDate('2011.3.1 08:05')?.toISOString()).toBe('2011-03-01T00:05:00.000Z');
    expect(parseLedgerDate('2011年3月1日')?.toISOString()).toBe('2011-02-28T16:00:00.000Z');
    expect(parseLedgerDate(40603)?.toISOString()).toBe('2011-02-28T16:00:00.000Z'); // Excel serial of 2011-03-01
    expect(parseLedgerDate('2011-13-01')).toBeUndefined();
    expect(parseLedgerDate('三月一日')).toBeUndefined();
  });

  test('the example 台账 in config/examples (the README points to it) reads without errors', async () => {
    const file = readFileSync(path.join(__dirname, '../../config/examples/ledger-example.csv'));
    const table = await readLedgerTable(file, 'ledger-example.csv');
    const result = validateLedger(table, suggestMapping(table.headers), {
      departments: [...departments, { code: 'CWC', name: '财务处', kind: 'logistics_admin' }, { code: 'JYK', name: '检验科', kind: 'medtech' }],
      now,
    });
    expect(result.errors).toEqual([]);
    expect(result.rows.map((r) => r.state)).toEqual(['finished', 'finished', 'finished', 'declined', 'finished']);
  });

  test('unreadable files are refused with a reason', async () => {
    await expect(readLedgerTable(Buffer.alloc(0), 'a.xlsx')).rejects.toThrow(LedgerFileError);
    await expect(readLedgerTable(Buffer.from('PKnot really a zip'), 'a.xlsx')).rejects.toThrow('无法读取 Excel 文件');
    await expect(readLedgerTable(Buffer.from('x'), 'old.xls')).rejects.toThrow('.xls');
    expect(() => parseCsv('a,"b\n')).toThrow('引号未闭合');
  });
});
