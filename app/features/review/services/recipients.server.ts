// Who is told about a review or engagement event: every (not deleted) member of an organisation, or of
// the secretariat. Email params stay non-confidential; the locale is each recipient's own.
import { isLocale, type Locale } from "~/i18n/config";
import type { Db, Tx } from "~/utils/db.server";

export type Recipient = { id: string; email: string; locale: Locale };

function toRecipient(user: { id: string; email: string; locale: string }): Recipient {
  return { id: user.id, email: user.email, locale: isLocale(user.locale) ? user.locale : "en" };
}

export async function membersOf(
  client: Db | Tx,
  organisationIds: string[],
): Promise<Map<string, Recipient[]>> {
  const out = new Map<string, Recipient[]>(organisationIds.map((id) => [id, []]));
  if (!organisationIds.length) return out;
  const rows = await client.membership.findMany({
    where: { organisationId: { in: organisationIds }, user: { deletedAt: null } },
    select: { organisationId: true, user: { select: { id: true, email: true, locale: true } } },
    orderBy: { createdAt: "asc" },
  });
  for (const row of rows) out.get(row.organisationId)!.push(toRecipient(row.user));
  return out;
}

export async function secretariatMembers(client: Db | Tx): Promise<Recipient[]> {
  const rows = await client.membership.findMany({
    where: { organisation: { kind: "SECRETARIAT" }, user: { deletedAt: null } },
    select: { user: { select: { id: true, email: true, locale: true } } },
    orderBy: { createdAt: "asc" },
  });
  const seen = new Set<string>();
  const out: Recipient[] = [];
  for (const { user } of rows) {
    if (seen.has(user.id)) continue;
    seen.add(user.id);
    out.push(toRecipient(user));
  }
  return out;
}
