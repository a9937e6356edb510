import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Link tokens: a small signed claim (HMAC-SHA256) naming one link row, one petition, one subject and one purpose,
 * with its expiry. The signature makes tampering detectable without a lookup; the LinkToken row (same jti) says
 * whether the link was opened or used. Tokens carry ids and codes only, never personal data.
 */

/**
 * What a link may do. `handle` opens the department page, which mints one single-use form token per action;
 * `answerReview` opens the authority's review page (its receipt and answer forms), `decideExtension` a leader's.
 */
export const linkPurposes = ['handle', 'acknowledge', 'reply', 'requestExtension', 'returnCase', 'decideExtension', 'recordReviewReceipt', 'answerReview'] as const;
export type LinkPurpose = (typeof linkPurposes)[number];

export function isLinkPurpose(value: unknown): value is LinkPurpose {
  return typeof value === 'string' && (linkPurposes as readonly string[]).includes(value);
}

export interface LinkClaims {
  jti: string;
  /** Register number (XF-2026-000123): the page and form paths name it, so a token for another petition is refused. */
  number: string;
  /** `dept:<code>`, `staff:<id>` or `authority:<code>`: whoever acts through the link. */
  subject: string;
  purpose: LinkPurpose;
  /** Whole seconds, so the row's expiry and the signed one compare exactly. */
  expiresAt: Date;
  /**
   * What the link acts on beyond the petition: a leader's link names the extension request (its document id) it was
   * minted for. Signed, so a token cannot be pointed at another request; tokens signed before it carry none.
   */
  reference?: string | null;
}

const SIGNING_CONTEXT = 'petition-link.v1.';

function signature(key: Buffer, encodedPayload: string): Buffer {
  return createHmac('sha256', key).update(SIGNING_CONTEXT + encodedPayload).digest();
}

export function wholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

export function signLinkToken(key: Buffer, claims: LinkClaims): string {
  const payload = {
    j: claims.jti,
    n: claims.number,
    s: claims.subject,
    p: claims.purpose,
    e: Math.floor(claims.expiresAt.getTime() / 1000),
    ...(claims.reference ? { r: claims.reference } : {}),
  };
  const encoded = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${encoded}.${signature(key, encoded).toString('base64url')}`;
}

function isCanonicalBase64url(text: string): boolean {
  return Buffer.from(text, 'base64url').toString('base64url') === text;
}

/** The claims of a token whose signature is right (expiry not checked here), or undefined for anything else. */
export function readLinkToken(key: Buffer, token: unknown): LinkClaims | undefined {
  if (typeof token !== 'string' || token.length > 1024) return undefined;
  const match = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(token);
  if (!match) return undefined;
  const [, encoded, signed] = match;
  // One token, one spelling: base64url whose last character carries unused bits decodes like its neighbours, so
  // anything that does not re-encode to itself is refused (no second string verifies as the same token).
  if (!isCanonicalBase64url(encoded) || !isCanonicalBase64url(signed)) return undefined;
  const expected = signature(key, encoded);
  const given = Buffer.from(signed, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const { j, n, s, p, e, r } = payload;
  if (typeof j !== 'string' || typeof n !== 'string' || typeof s !== 'string' || !isLinkPurpose(p)) return undefined;
  if (typeof e !== 'number' || !Number.isInteger(e)) return undefined;
  if (r !== undefined && (typeof r !== 'string' || r === '')) return undefined;
  return { jti: j, number: n, subject: s, purpose: p, expiresAt: new Date(e * 1000), ...(r !== undefined ? { reference: r } : {}) };
}

/** A jti that is the same for the same key and idempotency key, so a retried notice mails the same link. */
export function deterministicJti(key: Buffer, idempotencyKey: string): string {
  return createHmac('sha256', key).update(`petition-link.jti.${idempotencyKey}`).digest().subarray(0, 18).toString('base64url');
}
