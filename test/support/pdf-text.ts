/**
 * Reads back the PDFs the system produces (pdfkit's output: a flat page tree, FlateDecode content streams, Type0
 * fonts with a ToUnicode map), with no PDF library in the project: its pages in order and, on each, the text runs in
 * the order they were drawn with their position. Enough for tests to count pages and check what stands where.
 */
import { inflateSync } from 'node:zlib';

export interface PdfTextRun {
  /** Distance from the page's top edge, in points. */
  top: number;
  x: number;
  text: string;
}

export interface PdfPage {
  runs: PdfTextRun[];
  /** The page's text, runs joined in drawing order. */
  text: string;
}

interface PdfObject {
  dict: string;
  stream?: Buffer;
}

function objectsOf(pdf: Buffer): Map<number, PdfObject> {
  const source = pdf.toString('latin1');
  const objects = new Map<number, PdfObject>();
  for (const match of source.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) {
    const body = match[2];
    const at = body.indexOf('stream\n');
    if (at < 0) {
      objects.set(Number(match[1]), { dict: body });
      continue;
    }
    const end = body.lastIndexOf('\nendstream');
    const raw = Buffer.from(body.slice(at + 'stream\n'.length, end), 'latin1');
    const dict = body.slice(0, at);
    objects.set(Number(match[1]), { dict, stream: /\/FlateDecode/.test(dict) ? inflateSync(raw) : raw });
  }
  return objects;
}

function ref(dict: string, key: string): number | undefined {
  const match = new RegExp(`/${key} (\\d+) 0 R`).exec(dict);
  return match ? Number(match[1]) : undefined;
}

/** The ToUnicode map: glyph code (hex) to text, from bfrange (single or array form) and bfchar entries. */
function unicodeMap(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  const text = (hex: string) => String.fromCodePoint(...(hex.match(/.{4}/g) ?? []).map((h) => parseInt(h, 16)));
  for (const section of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const entry of section[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g)) {
      const start = parseInt(entry[1], 16);
      const end = parseInt(entry[2], 16);
      if (entry[3].startsWith('[')) {
        [...entry[3].matchAll(/<([0-9a-fA-F]+)>/g)].forEach((value, index) => map.set(start + index, text(value[1])));
      } else {
        const first = parseInt(entry[3].slice(1, -1), 16);
        for (let code = start; code <= end; code++) map.set(code, String.fromCodePoint(first + code - start));
      }
    }
  }
  for (const section of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const entry of section[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(parseInt(entry[1], 16), text(entry[2]));
  }
  return map;
}

function decode(hex: string, map: Map<number, string>): string {
  return (hex.match(/.{4}/g) ?? []).map((code) => map.get(parseInt(code, 16)) ?? '\uFFFD').join('');
}

/** The pages of a PDF, in order, with their text runs as drawn. */
export function pdfPages(pdf: Buffer): PdfPage[] {
  const objects = objectsOf(pdf);
  const root = [...objects.values()].find((o) => /\/Type \/Pages\b/.test(o.dict) && /\/Kids/.test(o.dict));
  if (!root) throw new Error('no page tree in the PDF');
  const kids = [...(/\/Kids \[([^\]]*)\]/.exec(root.dict)?.[1] ?? '').matchAll(/(\d+) 0 R/g)].map((m) => Number(m[1]));
  return kids.map((id) => {
    const page = objects.get(id)!;
    const height = Number(/\/MediaBox \[0 0 [\d.]+ ([\d.]+)\]/.exec(page.dict)?.[1] ?? 841.89);
    const resources = objects.get(ref(page.dict, 'Resources')!)!.dict;
    const fonts = new Map<string, Map<number, string>>();
    for (const font of (/\/Font <<([^>]*)>>/.exec(resources)?.[1] ?? '').matchAll(/\/(\w+) (\d+) 0 R/g)) {
      const toUnicode = ref(objects.get(Number(font[2]))!.dict, 'ToUnicode');
      fonts.set(font[1], toUnicode ? unicodeMap(objects.get(toUnicode)!.stream!.toString('latin1')) : new Map());
    }
    const content = objects.get(ref(page.dict, 'Contents')!)!.stream!.toString('latin1');
    const runs: PdfTextRun[] = [];
    let font = new Map<number, string>();
    let x = 0;
    let y = 0;
    for (const op of content.matchAll(/\/(\w+) [\d.]+ Tf|([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) Tm|\[((?:<[0-9a-fA-F]*>|[-\d.\s])*)\] TJ|<([0-9a-fA-F]*)> Tj/g)) {
      if (op[1]) font = fonts.get(op[1]) ?? new Map();
      else if (op[2] !== undefined) {
        x = Number(op[6]);
        y = Number(op[7]);
      } else {
        const hex = op[8] !== undefined ? [...op[8].matchAll(/<([0-9a-fA-F]*)>/g)].map((m) => m[1]).join('') : op[9];
        runs.push({ top: height - y, x, text: decode(hex, font) });
      }
    }
    return { runs, text: runs.map((run) => run.text).join('') };
  });
}
