// Needs listed outside the boards (a country's page, a coordination call's agenda): the same columns,
// the same access check and the same cut everywhere, so such a list never shows more than a board card.
import { needAccess, presentNeed, type ExpertRelation, type Viewer } from "~/features/auth/policy";
import type { Prisma } from "~/generated/prisma/client";

export const needSummarySelect = {
  id: true,
  title: true,
  summary: true,
  contentLanguage: true,
  status: true,
  urgency: true,
  categoryId: true,
  organisationId: true,
  visibility: true,
  anonymised: true,
  createdAt: true,
  organisation: { select: { name: true } },
} satisfies Prisma.NeedSelect;

type NeedSummaryRow = Prisma.NeedGetPayload<{ select: typeof needSummarySelect }>;

/** The rows the viewer may see, each reduced to its summary (relations: from expertRelations). */
export function needSummaries(
  viewer: Viewer,
  rows: NeedSummaryRow[],
  relations: Map<string, ExpertRelation>,
) {
  return rows.flatMap((n) => {
    const access = needAccess(viewer, n, relations.get(n.id));
    if (access.level === "none") return [];
    const shown = presentNeed(n, access);
    return [
      {
        id: shown.id,
        title: shown.title,
        summary: shown.summary,
        contentLanguage: shown.contentLanguage,
        status: shown.status,
        urgency: shown.urgency,
        categoryId: shown.categoryId,
        coalitionName: shown.coalitionName,
        own: access.owner,
        createdAt: shown.createdAt,
      },
    ];
  });
}
