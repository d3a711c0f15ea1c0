// Helpers for the coordination tests: a Viewer (as policy.ts sees a signed-in user) from the database.
import type { Viewer } from "~/features/auth/policy";
import { db } from "~/utils/db.server";

export async function viewerFor(
  userId: string,
  options: { twoFactorVerified?: boolean } = {},
): Promise<NonNullable<Viewer>> {
  const memberships = await db().membership.findMany({
    where: { userId },
    select: { role: true, organisation: { select: { id: true, kind: true, vettingLevel: true } } },
  });
  return {
    userId,
    twoFactorVerified: !!options.twoFactorVerified,
    memberships: memberships.map((m) => ({
      organisationId: m.organisation.id,
      kind: m.organisation.kind,
      vettingLevel: m.organisation.vettingLevel,
      role: m.role,
    })),
  };
}

/** A local date-time string `days` from now (for the scheduling form), in UTC. */
export function localInDays(days: number, hour = 15) {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString().slice(0, 16);
}
