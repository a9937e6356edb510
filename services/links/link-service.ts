import { randomBytes } from 'node:crypto';
import type { LinkRequest } from '../../activities/link-signer';
import type { Clock } from '../../activities/settings';
import type { PrismaClient } from '../../generated/prisma/client';
import type { LinkSettings } from './link-settings';
import { deterministicJti, readLinkToken, signLinkToken, wholeSeconds, type LinkPurpose } from './link-tokens';

const DAY_MS = 86_400_000;

/**
 * What a link is issued for. The notice activities receive this service as their LinkSigner (activities/link-signer.ts):
 * a mail's request is one of these, with one of the purposes a mail carries.
 */
export interface IssueLinkRequest extends Omit<LinkRequest, 'purpose'> {
  purpose: LinkPurpose;
}

export interface IssuedLink {
  url: string;
  token: string;
  jti: string;
  expiresAt: Date;
}

export interface LinkRow {
  jti: string;
  petitionId: string;
  number: string;
  subject: string;
  purpose: string;
  parentJti: string | null;
  reference: string | null;
  expiresAt: Date;
  openedAt: Date | null;
  usedAt: Date | null;
}

/** Why a token was refused; each has its own page and HTTP status. */
export type LinkRefusal = 'invalid' | 'wrong-petition' | 'wrong-purpose' | 'expired' | 'used';

export type LinkCheck =
  | { ok: true; row: LinkRow; parent?: LinkRow }
  | { ok: false; refusal: LinkRefusal; subject?: string; row?: LinkRow };

export type LinkService = ReturnType<typeof createLinkService>;

export function createLinkService({ prisma, clock, settings }: { prisma: PrismaClient; clock: Clock; settings: LinkSettings }) {
  const tokenOf = (row: Pick<LinkRow, 'jti' | 'number' | 'subject' | 'purpose' | 'expiresAt' | 'reference'>) =>
    signLinkToken(settings.signingKey, {
      jti: row.jti,
      number: row.number,
      subject: row.subject,
      purpose: row.purpose as LinkPurpose,
      expiresAt: row.expiresAt,
      ...(row.reference ? { reference: row.reference } : {}),
    });

  function pageUrl(number: string, token: string): string {
    return `${settings.publicBaseUrl}/links/${encodeURIComponent(number)}?t=${encodeURIComponent(token)}`;
  }

  function expiryFor(dueAt: IssueLinkRequest['dueAt']): Date {
    const due = dueAt ? new Date(dueAt) : undefined;
    const base = due && !Number.isNaN(due.getTime()) ? due.getTime() + settings.validDaysAfterDue * DAY_MS : clock.now().getTime() + settings.validDaysWithoutDue * DAY_MS;
    return wholeSeconds(new Date(base));
  }

  async function issueLink(request: IssueLinkRequest): Promise<IssuedLink> {
    const jti = request.idempotencyKey ? deterministicJti(settings.signingKey, request.idempotencyKey) : randomBytes(18).toString('base64url');
    const data = {
      jti,
      petitionId: request.petitionId,
      number: request.number,
      subject: request.subject,
      purpose: request.purpose,
      reference: request.reference ?? null,
      expiresAt: expiryFor(request.dueAt),
    };
    // A retry finds the row of the first attempt and signs it again: same jti, same expiry, same link.
    const row = await prisma.linkToken.upsert({ where: { jti }, create: data, update: {} });
    const token = tokenOf(row);
    return { url: pageUrl(row.number, token), token, jti: row.jti, expiresAt: row.expiresAt };
  }

  /** The single-use token of one form on a page, minted once per page link and action and signed again on reloads. */
  async function formToken(parent: LinkRow, purpose: LinkPurpose): Promise<string> {
    const existing = await prisma.linkToken.findFirst({ where: { parentJti: parent.jti, purpose, usedAt: null } });
    const row =
      existing ??
      (await prisma.linkToken.create({
        data: {
          jti: randomBytes(18).toString('base64url'),
          petitionId: parent.petitionId,
          number: parent.number,
          subject: parent.subject,
          purpose,
          parentJti: parent.jti,
          reference: parent.reference,
          expiresAt: parent.expiresAt,
        },
      }));
    return tokenOf(row);
  }

  /** A signed reference must be the row's (a token signed before references were signed carries none: the row's counts). */
  function rowMatches(row: LinkRow, claims: { number: string; subject: string; purpose: string; expiresAt: Date; reference?: string | null }): boolean {
    return (
      row.number === claims.number &&
      row.subject === claims.subject &&
      row.purpose === claims.purpose &&
      row.expiresAt.getTime() === claims.expiresAt.getTime() &&
      (claims.reference == null || claims.reference === row.reference)
    );
  }

  /**
   * The signed expiry is the one set at issuance. A department's links follow the petition's due time when it moves
   * later (an approved extension, a review), so a granted extension never leaves the department without its page;
   * an authority's review link follows the authority's answer deadline.
   */
  async function effectiveExpiry(row: LinkRow): Promise<Date> {
    // An authority's review link follows its answer deadline (set once its receipt is recorded, moved by a 听证).
    if (row.subject.startsWith('authority:')) {
      const petition = await prisma.petition.findUnique({ where: { id: row.petitionId }, select: { deadlines: true } });
      const facts = (Array.isArray(petition?.deadlines) ? petition.deadlines : []) as Array<{ kind?: string; dueAt?: string }>;
      const due = Math.max(0, ...facts.filter((f) => f.kind === 'authorityReview' && f.dueAt).map((f) => Date.parse(f.dueAt!)));
      return new Date(Math.max(row.expiresAt.getTime(), due ? due + settings.validDaysAfterDue * DAY_MS : 0));
    }
    if (!row.subject.startsWith('dept:')) return row.expiresAt;
    const petition = await prisma.petition.findUnique({ where: { id: row.petitionId }, select: { dueAt: true } });
    const followed = petition?.dueAt ? petition.dueAt.getTime() + settings.validDaysAfterDue * DAY_MS : 0;
    return new Date(Math.max(row.expiresAt.getTime(), followed));
  }

  /** Signature, petition, purpose, the row, expiry and use, in that order; nothing is changed. */
  async function check(token: unknown, number: string, purposes: readonly LinkPurpose[]): Promise<LinkCheck> {
    const claims = readLinkToken(settings.signingKey, token);
    if (!claims) return { ok: false, refusal: 'invalid' };
    const subject = claims.subject;
    if (claims.number !== number) return { ok: false, refusal: 'wrong-petition', subject };
    if (!purposes.includes(claims.purpose)) return { ok: false, refusal: 'wrong-purpose', subject };
    const row = await prisma.linkToken.findUnique({ where: { jti: claims.jti } });
    // A valid signature over a row that is gone (or differs) means a key leak or a wiped store: refuse all the same.
    if (!row || !rowMatches(row, claims)) return { ok: false, refusal: 'invalid', subject };
    const parent = row.parentJti ? ((await prisma.linkToken.findUnique({ where: { jti: row.parentJti } })) ?? undefined) : undefined;
    if (row.parentJti && !parent) return { ok: false, refusal: 'invalid', subject, row };
    if ((await effectiveExpiry(row)).getTime() <= clock.now().getTime()) return { ok: false, refusal: 'expired', subject, row };
    if (row.usedAt || parent?.usedAt) return { ok: false, refusal: 'used', subject, row };
    return { ok: true, row, parent };
  }

  async function markOpened(row: LinkRow): Promise<void> {
    if (!row.openedAt) await prisma.linkToken.updateMany({ where: { jti: row.jti, openedAt: null }, data: { openedAt: clock.now() } });
  }

  /** Takes the token for one submission; false when another submission took it first. */
  async function claim(row: LinkRow): Promise<boolean> {
    const taken = await prisma.linkToken.updateMany({ where: { jti: row.jti, usedAt: null }, data: { usedAt: clock.now() } });
    return taken.count === 1;
  }

  /** A refused submission changed nothing, so its token may be used again (e.g. with fewer extension days). */
  async function release(row: LinkRow): Promise<void> {
    await prisma.linkToken.update({ where: { jti: row.jti }, data: { usedAt: null } });
  }

  /** The department's work through this page is done (reply, return): the mailed link closes too. */
  async function closePage(parentJti: string): Promise<void> {
    await prisma.linkToken.updateMany({ where: { jti: parentJti, usedAt: null }, data: { usedAt: clock.now() } });
  }

  return { issueLink, formToken, check, markOpened, claim, release, closePage, pageToken: tokenOf, pageUrl };
}
