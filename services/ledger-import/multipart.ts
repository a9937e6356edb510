/**
 * multipart/form-data, just enough for the console's 台账 upload (one file plus a few text fields). The project has no
 * multipart dependency and a hand-written form post is the only place that needs one.
 */
export interface UploadedFile {
  field: string;
  fileName: string;
  content: Buffer;
}

export interface MultipartForm {
  fields: Record<string, string>;
  files: UploadedFile[];
}

export class MultipartError extends Error {}

export function boundaryOf(contentType: string | undefined): string | undefined {
  const match = /^multipart\/form-data\s*;.*\bboundary=(?:"([^"]+)"|([^\s;]+))/i.exec(contentType ?? '');
  return match ? match[1] ?? match[2] : undefined;
}

function headerParam(header: string, name: string): string | undefined {
  const star = new RegExp(`\\b${name}\\*=(?:UTF-8|utf-8)''([^;]+)`).exec(header);
  if (star) return decodeURIComponent(star[1]);
  const plain = new RegExp(`\\b${name}="((?:[^"\\\\]|\\\\.)*)"`).exec(header) ?? new RegExp(`\\b${name}=([^;\\s]+)`).exec(header);
  return plain ? plain[1].replace(/\\(.)/g, '$1') : undefined;
}

export function parseMultipart(body: Buffer, boundary: string): MultipartForm {
  const delimiter = Buffer.from(`--${boundary}`);
  const form: MultipartForm = { fields: {}, files: [] };
  let start = body.indexOf(delimiter);
  if (start < 0) throw new MultipartError('上传内容格式错误（缺少分隔符）');
  for (;;) {
    start += delimiter.length;
    if (body.subarray(start, start + 2).toString('latin1') === '--') break;
    const next = body.indexOf(delimiter, start);
    if (next < 0) throw new MultipartError('上传内容不完整');
    // Each part: CRLF, headers, CRLF CRLF, content, CRLF before the next delimiter.
    const part = body.subarray(start + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) throw new MultipartError('上传内容格式错误（缺少头部）');
    const headers = part.subarray(0, split).toString('utf8');
    const content = part.subarray(split + 4);
    const disposition = headers.split('\r\n').find((line) => /^content-disposition:/i.test(line)) ?? '';
    const field = headerParam(disposition, 'name');
    if (field === undefined) throw new MultipartError('上传内容格式错误（缺少字段名）');
    const fileName = headerParam(disposition, 'filename');
    if (fileName !== undefined) form.files.push({ field, fileName, content: Buffer.from(content) });
    else form.fields[field] = content.toString('utf8');
    start = next;
  }
  return form;
}
