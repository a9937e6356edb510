import type { IssueLinkRequest, LinkService } from '../services/links/link-service';
import type { LinkPurpose } from '../services/links/link-tokens';

/** Ids, codes and instants only: what a workflow or notice may pass to get a link. */
export interface IssueLinkInput {
  petitionId: string;
  number: string;
  /** `dept:<code>` or `staff:<id>` */
  subject: string;
  purpose: LinkPurpose;
  dueAt?: string | null;
  idempotencyKey?: string;
  reference?: string;
}

/**
 * Signed action links for mails. Without a link service (a worker started without LINK settings) mails go out
 * without an action link rather than failing.
 */
export function createLinkActivities({ links }: { links?: LinkService }) {
  async function issueLink(input: IssueLinkInput): Promise<string | undefined> {
    if (!links) return undefined;
    const request: IssueLinkRequest = { ...input };
    return (await links.issueLink(request)).url;
  }
  return { issueLink };
}

export type LinkActivities = ReturnType<typeof createLinkActivities>;
