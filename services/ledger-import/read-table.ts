/**
 * Reading an uploaded 台账 file into a plain table (header row + data rows with their line numbers in the file):
 * .xlsx through exceljs (the first sheet, or the one named 台账), .csv in UTF-8 (with or without BOM) or GB18030, the
 * encoding Excel on a Chinese Windows saves. No interpretation of the cells here; that is validate.ts.
 */
import ExcelJS from 'exceljs';

export type Cell = string | number | boolean | Date | null;

export interface LedgerTable {
  headers: string[];
  /** `line` is the row number a person sees in Excel (the header is usually line 1). */
  rows: Array<{ line: number; cells: Cell[] }>;
}

/** A file the import cannot read at all (not a row-level problem). */
export class LedgerFileError extends Error {}

export type LedgerFormat = 'xlsx' | 'csv';

/** From the file name, else the content (an .xlsx is a zip: it starts with "PK"). */
export function detectFormat(fileName: string | undefined, content: Buffer): LedgerFormat {
  const lower = (fileName ?? '').toLowerCase();
  if (lower.endsWith('.xlsx')) return 'xlsx';
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) return 'csv';
  if (lower.endsWith('.xls')) throw new LedgerFileError('不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 或 .csv 后再导入');
  return content.subarray(0, 2).toString('latin1') === 'PK' ? 'xlsx' : 'csv';
}

export async function readLedgerTable(content: Buffer, fileName?: string): Promise<LedgerTable> {
  if (content.length === 0) throw new LedgerFileError('文件为空');
  const table = detectFormat(fileName, content) === 'xlsx' ? await readXlsx(content) : readCsv(content);
  if (table.headers.every((h) => h === '')) throw new LedgerFileError('文件中没有表头行');
  return table;
}

/** PostgreSQL text cannot hold U+0000; a stray one in a cell is dropped rather than failing the import. */
const stripNul = (text: string) => text.split(String.fromCharCode(0)).join('');

function cellValue(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return stripNul(value);
  if (value instanceof Date || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) return stripNul(value.richText.map((part) => part.text).join(''));
    if ('result' in value) return cellValue((value as { result?: ExcelJS.CellValue }).result ?? null);
    if ('text' in value && typeof value.text === 'string') return stripNul(value.text);
    if ('error' in value) return null;
  }
  return String(value);
}

function textOf(cell: Cell): string {
  if (cell === null) return '';
  if (cell instanceof Date) return cell.toISOString();
  return String(cell).trim();
}

async function readXlsx(content: Buffer): Promise<LedgerTable> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch {
    throw new LedgerFileError('无法读取 Excel 文件（文件损坏或不是 .xlsx 格式）');
  }
  const sheet = workbook.worksheets.find((ws) => ws.name.trim() === '台账') ?? workbook.worksheets[0];
  if (!sheet) throw new LedgerFileError('Excel 文件中没有工作表');
  const lines: Array<{ line: number; cells: Cell[] }> = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    const cells: Cell[] = [];
    for (let column = 1; column <= row.cellCount; column += 1) cells.push(cellValue(row.getCell(column).value));
    lines.push({ line, cells });
  });
  return splitHeader(lines);
}

/** The first non-empty line is the header; entirely empty lines are dropped. */
function splitHeader(lines: Array<{ line: number; cells: Cell[] }>): LedgerTable {
  const filled = lines.filter((row) => row.cells.some((cell) => textOf(cell) !== ''));
  const [header, ...rows] = filled;
  if (!header) throw new LedgerFileError('文件中没有数据');
  return { headers: header.cells.map(textOf), rows };
}

function decodeText(content: Buffer): string {
  const bom = content.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]));
  const body = bom ? content.subarray(3) : content;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return new TextDecoder('gb18030').decode(body);
  }
}

/** RFC 4180 CSV (quotes, doubled quotes, line breaks inside quotes); a comma, semicolon or tab separator. */
export function parseCsv(text: string): string[][] {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const separator = [',', '\t', ';'].map((s) => [s, firstLine.split(s).length] as const).sort((a, b) => b[1] - a[1])[0][0];
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === separator) {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += ch;
  }
  if (quoted) throw new LedgerFileError('CSV 文件格式错误：引号未闭合');
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

function readCsv(content: Buffer): LedgerTable {
  const records = parseCsv(stripNul(decodeText(content)));
  return splitHeader(records.map((cells, index) => ({ line: index + 1, cells: cells.map((c) => (c.trim() === '' ? null : c)) })));
}
