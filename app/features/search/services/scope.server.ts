// The viewer's search scope, with the one fact policy.searchScope cannot know by itself: the needs the
// viewer's organisations may see through a proposal the secretariat approved (staged disclosure).
import { Prisma } from "~/generated/prisma/client";
import {
  isSecretariat,
  isVerifiedMember,
  ownOrganisationIds,
  searchScope,
  summaryDisclosedStatuses,
  type SearchScope,
  type Viewer,
} from "~/features/auth/policy";
import { sqlRows } from "~/utils/sql.server";

// Per Viewer object, which lives for one request: a board that searches and then highlights asks twice.
const loaded = new WeakMap<object, Promise<SearchScope>>();

export function loadSearchScope(viewer: Viewer): Promise<SearchScope> {
  if (!viewer) return Promise.resolve(searchScope(viewer));
  let scope = loaded.get(viewer);
  if (!scope) {
    scope = readSearchScope(viewer);
    loaded.set(viewer, scope);
  }
  return scope;
}

async function readSearchScope(viewer: NonNullable<Viewer>): Promise<SearchScope> {
  if (isSecretariat(viewer) || !isVerifiedMember(viewer)) return searchScope(viewer);
  // On the fast pool (utils/sql.server.ts): every text search on a board runs this.
  const proposals = await sqlRows<{ needId: string }>(Prisma.sql`
    SELECT DISTINCT p."needId" FROM "Proposal" p
    WHERE p."expertOrganisationId" = ANY(${ownOrganisationIds(viewer)}::text[])
      AND p.status::text = ANY(${summaryDisclosedStatuses as string[]}::text[])`);
  return searchScope(
    viewer,
    proposals.map((p) => p.needId),
  );
}
