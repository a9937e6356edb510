/**
 * 台账导入 in the console (intake and admin): upload an .xlsx or CSV ledger → check the column mapping → preview with
 * every row error (行 N，列「X」：原因) → import. The file travels back with each step of the form (base64 in a hidden
 * field), so no upload is kept on the server between steps and any API process can take the next one. Also finds
 * an imported petition by the hospital's own register number, and lists the recent imports from the audit trail.
 */
import express, { type Request, type Response } from 'express';
import { statuses, type PetitionStatus } from '../../workflows/domain/catalog';
import { csrfTokenOf } from '../auth/middleware';
import { seesPetitionerIdentity } from '../auth/petition-access';
import { ledgerFieldKeys, ledgerFields, type LedgerField } from '../ledger-import/columns';
import { importLedger, LEDGER_IMPORT_ACTION, previewLedger, type LedgerFile, type LedgerPreview } from '../ledger-import/import';
import { boundaryOf, MultipartError, parseMultipart } from '../ledger-import/multipart';
import { ledgerWorkbook } from '../ledger-import/ledger-sheet';
import { LedgerFileError, readLedgerTable } from '../ledger-import/read-table';
import { parsePeriod, PeriodError } from '../reports/published';
import type { ColumnMapping } from '../ledger-import/validate';
import { checkedForm, permitted, render, type ConsoleContext } from './context';
import { html, shanghaiDate, shanghaiDateTime, type Html } from './html';

/** Upload limit of one 台账 file (10,000 rows of text are a few MB). */
export const LEDGER_UPLOAD_LIMIT = '25mb';
export const ledgerUploadBody = express.raw({ type: 'multipart/form-data', limit: LEDGER_UPLOAD_LIMIT });

const ERRORS_SHOWN = 500;
const stateLabels = { finished: '已办结', declined: '不予受理', open: '在办（将启动流程）' } as const;

function uploadForm(req: Request): Html {
  return html`<form method="post" action="/console/ledger-import" enctype="multipart/form-data" class="card" id="ledger-upload">
<input type="hidden" name="_csrf" value="${csrfTokenOf(req) ?? ''}">
<input type="hidden" name="step" value="preview">
<label>台账文件（.xlsx 或 .csv） <input type="file" name="file" accept=".xlsx,.csv" required></label>
<p class="muted">识别的表头：${ledgerFieldKeys.map((f) => ledgerFields[f].label).join('、')}（及常见写法，如 编号、来访日期、渠道、事由、责任科室）。先预览，确认无误后才写入。</p>
<button type="submit">上传并预览</button>
</form>`;
}

async function recentImports(context: ConsoleContext): Promise<Html> {
  const rows = await context.prisma.auditLog.findMany({ where: { action: LEDGER_IMPORT_ACTION }, orderBy: { at: 'desc' }, take: 10 });
  if (rows.length === 0) return html`<p class="muted">尚无导入记录。</p>`;
  const outcomeLabels: Record<string, string> = { imported: '已导入', unchanged: '无新增', refused: '有错误未导入' };
  return html`<table id="ledger-imports"><thead><tr><th>时间</th><th>操作人</th><th>文件</th><th>数据行</th><th>新增</th><th>错误</th><th>结果</th></tr></thead><tbody>
${rows.map((row) => {
    const detail = JSON.parse(row.detail ?? '{}') as { fileName?: string; rows?: number; created?: number; errors?: number; fileHash?: string };
    return html`<tr><td>${shanghaiDateTime(row.at)}</td><td>${row.actor}</td><td title="SHA-256 ${detail.fileHash ?? ''}">${detail.fileName ?? ''}</td><td>${detail.rows ?? ''}</td><td>${detail.created ?? 0}</td><td>${detail.errors ?? 0}</td><td>${outcomeLabels[row.outcome] ?? row.outcome}</td></tr>`;
  })}
</tbody></table>`;
}

/** GET /console/ledger-import */
export async function ledgerImportPage(context: ConsoleContext, req: Request, res: Response): Promise<void> {
  const principal = permitted(req, res, 'register');
  if (!principal) return;
  render(req, res, principal, '台账导入', html`
${uploadForm(req)}
<form method="get" action="/console/ledger-import/find" class="card" id="external-number-search">
<label>按医院原登记号查找 <input name="no" required maxlength="64"></label> <button type="submit">查找</button>
</form>
<p><a href="/console/ledger-import/export.xlsx">导出全部台账（同样的列，可再导入）</a> · <a href="/console/published">公开统计</a> · <a href="/console/accountability">部门考核</a></p>
<section class="card"><h2>最近的导入</h2>${await recentImports(context)}</section>`);
}

/**
 * GET /console/ledger-import/export.xlsx?period=…: the 台账 in the import's columns. Names and phones only as the
 * viewer may see them: the 信访办 all, leaders only those who consented (保守信访秘密).
 */
export async function ledgerExport(context: ConsoleContext, req: Request, res: Response): Promise<void> {
  const principal = permitted(req, res, 'readAll');
  if (!principal) return;
  const periodText = typeof req.query.period === 'string' ? req.query.period.trim().slice(0, 40) : '';
  let range;
  try {
    range = periodText ? parsePeriod(periodText).range : {};
  } catch (error) {
    if (!(error instanceof PeriodError)) throw error;
    return void res.status(400).type('text/plain; charset=utf-8').send(error.message);
  }
  const file = `信访台账${periodText ? `-${periodText}` : ''}.xlsx`;
  res.setHeader('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  res.setHeader('content-disposition', `attachment; filename="ledger.xlsx"; filename*=UTF-8''${encodeURIComponent(file)}`);
  res.send(await ledgerWorkbook(context.prisma, range, context.hospitalName, (petition) => seesPetitionerIdentity(principal, petition)));
}

/** GET /console/ledger-import/find?no=<the hospital's register number> */
export async function findByExternalNumber(context: ConsoleContext, req: Request, res: Response): Promise<void> {
  const principal = permitted(req, res, 'readAll');
  if (!principal) return;
  const no = typeof req.query.no === 'string' ? req.query.no.trim().slice(0, 64) : '';
  const found = no ? await context.prisma.petition.findMany({ where: { externalNumber: no }, select: { number: true, status: true, receivedAt: true }, take: 20 }) : [];
  if (found.length === 1) return void res.redirect(303, `/console/petitions/${found[0].number}`);
  res.status(no === '' ? 400 : found.length === 0 ? 404 : 200);
  render(req, res, principal, '按医院登记号查找', html`
<p class="${found.length === 0 ? 'flash error' : ''}">${no === '' ? '请输入医院登记号' : found.length === 0 ? `未找到医院登记号为「${no}」的信访事项` : `医院登记号「${no}」对应 ${found.length} 件：`}</p>
<ul>${found.map((p) => html`<li><a href="/console/petitions/${p.number}">${p.number}</a> ${statuses[p.status as PetitionStatus] ?? p.status} ${shanghaiDate(p.receivedAt)}</li>`)}</ul>
<p><a href="/console/ledger-import">返回台账导入</a></p>`);
}

function mappingFrom(fields: Record<string, string>, columns: number): ColumnMapping | undefined {
  if (!ledgerFieldKeys.some((f) => `map.${f}` in fields)) return undefined;
  const mapping: ColumnMapping = {};
  for (const field of ledgerFieldKeys) {
    const value = fields[`map.${field}`];
    if (value === undefined || value === '') continue;
    const index = Number(value);
    if (Number.isInteger(index) && index >= 0 && index < columns) mapping[field] = index;
  }
  return mapping;
}

function previewBody(req: Request, file: LedgerFile, preview: LedgerPreview): Html {
  const problems = preview.fileErrors.length + preview.errors.length;
  const select = (field: LedgerField) => html`<select name="map.${field}" data-field="${field}">
<option value=""${preview.mapping[field] === undefined ? ' selected' : ''}>（不导入）</option>
${preview.headers.map((header, i) => html`<option value="${String(i)}"${preview.mapping[field] === i ? ' selected' : ''}>${header || `第 ${i + 1} 列`}</option>`)}
</select>`;
  return html`
<form method="post" action="/console/ledger-import" enctype="multipart/form-data" id="ledger-preview">
<input type="hidden" name="_csrf" value="${csrfTokenOf(req) ?? ''}">
<input type="hidden" name="fileName" value="${file.fileName}">
<input type="hidden" name="fileData" value="${file.content.toString('base64')}">
<section class="card"><h2>预览：${file.fileName}</h2>
<p id="preview-summary">数据 <b>${preview.totalRows}</b> 行；可导入 <b id="preview-new">${preview.newRows}</b> 行（已办结 ${preview.byState.finished}、不予受理 ${preview.byState.declined}、在办 ${preview.byState.open}）；此前已导入 <b id="preview-already">${preview.alreadyImported}</b> 行；错误 <b id="preview-errors">${problems}</b> 处。</p>
<p class="muted">文件 SHA-256：${preview.fileHash}</p>
${problems > 0 ? html`<p class="flash error" role="alert">文件有错误：整份文件不会导入任何记录。请改正文件或调整列映射后重新预览。</p>` : ''}
${preview.fileErrors.length > 0 ? html`<ul class="file-errors">${preview.fileErrors.map((e) => html`<li>${e}</li>`)}</ul>` : ''}
${preview.errors.length > 0 ? html`<ol class="row-errors" id="row-errors">${preview.errors.slice(0, ERRORS_SHOWN).map((e) => html`<li data-line="${String(e.line)}">${e.message}</li>`)}</ol>
${preview.errors.length > ERRORS_SHOWN ? html`<p>…另有 ${preview.errors.length - ERRORS_SHOWN} 处错误未列出</p>` : ''}` : ''}
</section>
<section class="card"><h2>列映射</h2>
<table id="column-mapping"><thead><tr><th>系统字段</th><th>文件中的列</th></tr></thead><tbody>
${ledgerFieldKeys.map((field) => html`<tr><td>${ledgerFields[field].label}${ledgerFields[field].required ? '（必填）' : ''}</td><td>${select(field)}</td></tr>`)}
</tbody></table>
<button type="submit" name="step" value="preview">按此映射重新预览</button>
</section>
${preview.sample.length > 0 ? html`<section class="card"><h2>将导入的记录（前 ${preview.sample.length} 行）</h2>
<table id="preview-rows"><thead><tr><th>行</th><th>登记号</th><th>收到日期</th><th>类别</th><th>科室</th><th>状态</th></tr></thead><tbody>
${preview.sample.map((row) => html`<tr><td>${String(row.line)}</td><td>${row.registerNumber ?? ''}</td><td>${shanghaiDate(row.receivedAt)}</td><td>${row.category}</td><td>${row.department ?? ''}</td><td>${stateLabels[row.state]}</td></tr>`)}
</tbody></table></section>` : ''}
${problems === 0 && preview.newRows > 0 ? html`<button type="submit" name="step" value="import" id="confirm-import">确认导入 ${preview.newRows} 行</button>` : ''}
${problems === 0 && preview.newRows === 0 ? html`<p class="flash ok" id="nothing-new">该文件的记录均已导入过，无需再次导入。</p>` : ''}
</form>`;
}

/** POST /console/ledger-import (multipart): step=preview shows what would happen, step=import writes it. */
export async function ledgerImportSubmit(context: ConsoleContext, req: Request, res: Response): Promise<void> {
  const principal = permitted(req, res, 'register');
  if (!principal) return;
  const refuse = (status: number, message: string) => {
    res.status(status);
    render(req, res, principal, '台账导入', html`<p class="flash error" role="alert">${message}</p>${uploadForm(req)}`);
  };
  const boundary = boundaryOf(req.headers['content-type']);
  if (!boundary || !Buffer.isBuffer(req.body)) return refuse(400, '请通过上传表单提交台账文件');
  let form;
  try {
    form = parseMultipart(req.body, boundary);
  } catch (error) {
    if (error instanceof MultipartError) return refuse(400, error.message);
    throw error;
  }
  req.body = form.fields;
  if (!checkedForm(req, res)) return;
  const upload = form.files.find((f) => f.field === 'file' && f.content.length > 0);
  const content = upload?.content ?? (form.fields.fileData ? Buffer.from(form.fields.fileData, 'base64') : undefined);
  const fileName = (upload?.fileName ?? form.fields.fileName ?? '').slice(0, 200) || 'ledger.xlsx';
  if (!content || content.length === 0) return refuse(400, '请选择要导入的台账文件');
  try {
    const { headers } = await readLedgerTable(content, fileName);
    const file: LedgerFile = { content, fileName, mapping: mappingFrom(form.fields, headers.length) };
    if (form.fields.step !== 'import') {
      return render(req, res, principal, '台账导入：预览', previewBody(req, file, await previewLedger(context, file)));
    }
    const outcome = await importLedger(context, file, `staff:${principal.staffId}`);
    if (outcome.outcome === 'refused') {
      res.status(422);
      return render(req, res, principal, '台账导入：预览', previewBody(req, file, outcome));
    }
    render(req, res, principal, '台账导入：完成', html`
<p class="flash ok" role="status" id="import-message">${outcome.message}</p>
${outcome.created.length > 0 ? html`<section class="card"><h2>新增的信访事项</h2>
<table id="imported-rows"><thead><tr><th>系统编号</th><th>医院登记号</th><th>状态</th></tr></thead><tbody>
${outcome.created.slice(0, 100).map((c) => html`<tr><td><a href="/console/petitions/${c.number}">${c.number}</a></td><td>${c.externalNumber ?? ''}</td><td>${stateLabels[c.state]}${c.overdue ? '，已超期（列入督办）' : ''}</td></tr>`)}
</tbody></table>${outcome.created.length > 100 ? html`<p>…共 ${outcome.created.length} 件，见<a href="/console/ledger">台账</a></p>` : ''}</section>` : ''}
<p><a href="/console/ledger-import">返回台账导入</a> · <a href="/console/reports">统计报表</a></p>`);
  } catch (error) {
    if (error instanceof LedgerFileError) return refuse(400, error.message);
    throw error;
  }
}
