/**
 * Opening and submitting the pages behind mailed links (departments, leaders, the authority above) as a browser
 * would without one: a GET of the link as mailed, a form POST to /links/<number>/<action>; neither follows redirects.
 */
export interface LinkPageAnswer {
  status: number;
  html: string;
  headers: Headers;
}

export function linkPages(apiUrl: () => string) {
  return {
    async get(url: string): Promise<LinkPageAnswer> {
      const response = await fetch(url, { redirect: 'manual' });
      return { status: response.status, html: await response.text(), headers: response.headers };
    },
    async post(number: string, action: string, fields: Record<string, string>): Promise<LinkPageAnswer> {
      const response = await fetch(`${apiUrl()}/links/${number}/${action}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
        redirect: 'manual',
      });
      return { status: response.status, html: await response.text(), headers: response.headers };
    },
  };
}
