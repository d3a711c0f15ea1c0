// The viewer's search scope, with the one fact policy.searchScope cannot know by itself: the needs the
// viewer's organisations may see through a proposal the secretariat approved (staged disclosure).
import type { PrismaClient } from "~/generated/prisma/client";
import {
  isSecretariat,
  isVerifiedMember,
  ownOrganisationIds,
  searchScope,
  summaryDisclosedStatuses,
  type SearchScope,
  type Viewer,
} from "~/features/auth/policy";
import { db } from "~/utils/db.server";

export async function loadSearchScope(viewer: Viewer, client: PrismaClient = db()): Promise<SearchScope> {
  if (!viewer || isSecretariat(viewer) || !isVerifiedMember(viewer)) return searchScope(viewer);
  const proposals = await client.proposal.findMany({
    where: {
      expertOrganisationId: { in: ownOrganisationIds(viewer) },
      status: { in: summaryDisclosedStatuses },
    },
    select: { needId: true },
    distinct: ["needId"],
  });
  return searchScope(
    viewer,
    proposals.map((p) => p.needId),
  );
}
