/**
 * What the notice activities need to put an action link in a department's or leader's mail. The composition root
 * hands in the link service (services/links/link-service.ts satisfies this); activities never import services/.
 */

/** The link purposes a mail carries: a department's handling page, a leader's extension decision, an authority's review page. */
export type MailLinkPurpose = 'handle' | 'decideExtension' | 'answerReview';

/** Ids, codes and instants only. */
export interface LinkRequest {
  petitionId: string;
  number: string;
  /** `dept:<code>`, `staff:<id>` or `authority:<code>` */
  subject: string;
  purpose: MailLinkPurpose;
  /** The due time the link serves; it expires some days after it. */
  dueAt?: Date | string | null;
  /** The same key gives the same link, so a retried notice mails what the first attempt rendered. */
  idempotencyKey?: string;
  /** What a leader's link decides (the extension request's document id). */
  reference?: string;
}

export interface LinkSigner {
  issueLink(request: LinkRequest): Promise<{ url: string }>;
}
