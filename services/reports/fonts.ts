import { existsSync } from 'node:fs';

/** Where Debian's fonts-noto-cjk (and a few other distributions) put the CJK fonts; CJK_FONT_PATH wins. */
const candidates = [
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
];

export interface CjkFont {
  path: string;
  /** The face inside a .ttc collection (PostScript name); undefined for a single-face file. */
  family?: string;
}

/** CJK_FONT_PATH and CJK_FONT_FAMILY (services/config.ts). */
export interface CjkFontSettings {
  path?: string;
  family?: string;
}

export class MissingCjkFontError extends Error {}

function familyFor(file: string): string | undefined {
  if (!file.endsWith('.ttc')) return undefined;
  if (/NotoSansCJK/i.test(file)) return 'NotoSansCJKsc-Regular';
  if (/NotoSerifCJK/i.test(file)) return 'NotoSerifCJKsc-Regular';
  if (/wqy-microhei/i.test(file)) return 'WenQuanYiMicroHei';
  return undefined;
}

export function findCjkFont(font: CjkFontSettings = {}): CjkFont {
  const configured = font.path?.trim();
  if (configured) {
    if (!existsSync(configured)) throw new MissingCjkFontError(`CJK_FONT_PATH 指向的字体不存在: ${configured}`);
    return { path: configured, family: font.family?.trim() || familyFor(configured) };
  }
  const found = candidates.find((file) => existsSync(file));
  if (!found) {
    throw new MissingCjkFontError(
      `找不到中文字体，无法生成 PDF (no CJK font): install fonts-noto-cjk (apt-get install fonts-noto-cjk) or set CJK_FONT_PATH. Looked in: ${candidates.join(', ')}`,
    );
  }
  return { path: found, family: familyFor(found) };
}
