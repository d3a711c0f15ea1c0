// The secretariat's triage queue: submitted needs, most urgent first, then oldest submission first.
// The Urgency enum is declared critical → low, so ascending order puts critical needs on top.
import type { Db, Tx } from "~/utils/db.server";

const TRIAGE_PAGE_SIZE = 20;

export async function triageQueue(client: Db | Tx, { page = 1 }: { page?: number } = {}) {
  const where = { status: "submitted" as const };
  const [total, needs] = await Promise.all([
    client.need.count({ where }),
    client.need.findMany({
      where,
      orderBy: [{ urgency: "asc" }, { submittedAt: "asc" }, { id: "asc" }],
      skip: (Math.max(1, page) - 1) * TRIAGE_PAGE_SIZE,
      take: TRIAGE_PAGE_SIZE,
      select: {
        id: true,
        title: true,
        summary: true,
        contentLanguage: true,
        urgency: true,
        categoryId: true,
        countryCode: true,
        submittedAt: true,
        wantedBy: true,
        visibility: true,
        anonymised: true,
        organisation: { select: { id: true, name: true } },
        _count: { select: { triageMessages: { where: { kind: "answer" } } } },
      },
    }),
  ]);
  return { total, page, pageSize: TRIAGE_PAGE_SIZE, needs };
}
