// A board's search text as a condition on its own rows: the needs and offers boards filter, count, sort
// and page in one SQL statement over "Need" / "Offer", with the text applied before anything is cut.
import { Prisma } from "~/generated/prisma/client";
import type { Viewer } from "~/features/auth/policy";
import { getSearchIndex } from "./backend.server";
import { loadSearchScope } from "./scope.server";

const sql = Prisma.sql;

/** A text as a condition on the board's rows (see SearchIndex.textMatch). */
export async function textSql(
  viewer: Viewer,
  q: string,
  entityType: "need" | "offer" | "resource",
): Promise<Prisma.Sql> {
  const alias = Prisma.raw({ need: "n", offer: "o", resource: "r" }[entityType]);
  const match = await getSearchIndex().textMatch({ text: q, entityType }, await loadSearchScope(viewer));
  if (match.kind === "none") return sql`TRUE`;
  if (match.kind === "ids") return sql`${alias}.id = ANY(${match.ids}::text[])`;
  return sql`${alias}.id IN (SELECT d."entityId" FROM "SearchDocument" d
    WHERE d."entityType" = ${entityType} AND d.tsv @@ ${match.tsquery}::tsquery)`;
}
