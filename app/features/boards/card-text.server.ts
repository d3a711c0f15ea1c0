// What a board's card shows of a need's summary or an offer's description, cut in the board's statement:
// its answer is parsed on every request, and the page's size matters on slow connections.
import { Prisma } from "~/generated/prisma/client";

/** A card shows this many characters of its text, then "…". */
export const CARD_TEXT = 280;

/** The text column cut to a card's length, as SQL for the board's page. */
export function cardTextSql(column: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`CASE WHEN length(${column}) > ${CARD_TEXT} THEN left(${column}, ${CARD_TEXT}) || '…' ELSE ${column} END`;
}
