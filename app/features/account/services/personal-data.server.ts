// Personal data: a JSON export of what Puente holds about the user, and account deletion. Deletion keeps
// the audit trail (events keep their actor id, which now points at an anonymised user) and anonymises
// the user row; the last admin of an organisation with other members must hand over first.
import { audit } from "~/utils/audit.server";
import { db, type Tx } from "~/utils/db.server";
import { isLastAdmin } from "~/features/organisations/index.server";

export async function exportPersonalData(userId: string) {
  const user = await db().user.findUniqueOrThrow({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      name: true,
      locale: true,
      timeZone: true,
      emailVerifiedAt: true,
      totpEnabledAt: true,
      createdAt: true,
      updatedAt: true,
      memberships: {
        select: {
          role: true,
          createdAt: true,
          organisation: { select: { id: true, name: true, kind: true } },
        },
      },
      sessions: { select: { createdAt: true, lastSeenAt: true, expiresAt: true, ip: true, userAgent: true } },
      invitationsSent: {
        select: {
          email: true,
          organisationId: true,
          role: true,
          createdAt: true,
          acceptedAt: true,
          revokedAt: true,
        },
      },
      digestSubscription: true,
      needsCreated: { select: { id: true, title: true, status: true, createdAt: true } },
      offersCreated: { select: { id: true, title: true, status: true, createdAt: true } },
      triageMessages: { select: { needId: true, kind: true, body: true, createdAt: true } },
      engagementUpdates: { select: { engagementId: true, body: true, createdAt: true } },
    },
  });
  const activity = await db().auditEvent.findMany({
    where: { actorId: userId },
    orderBy: { createdAt: "desc" },
    take: 5000,
    select: { action: true, entityType: true, entityId: true, ip: true, createdAt: true },
  });
  return { exportedAt: new Date().toISOString(), user, activity };
}

export type DeleteOutcome = "deleted" | "last_admin";

export async function deleteAccount(
  tx: Tx,
  input: { userId: string; ip: string | null },
): Promise<DeleteOutcome> {
  const memberships = await tx.membership.findMany({
    where: { userId: input.userId, role: "admin" },
    select: { organisationId: true },
  });
  for (const m of memberships)
    if (await isLastAdmin(tx, m.organisationId, input.userId, { evenIfAlone: false })) return "last_admin";
  await tx.membership.deleteMany({ where: { userId: input.userId } });
  await tx.session.deleteMany({ where: { userId: input.userId } });
  await tx.userToken.deleteMany({ where: { userId: input.userId } });
  await tx.recoveryCode.deleteMany({ where: { userId: input.userId } });
  await tx.digestSubscription.deleteMany({ where: { userId: input.userId } });
  await tx.user.update({
    where: { id: input.userId },
    data: {
      email: `deleted-${input.userId}@invalid`,
      name: "Deleted user",
      passwordHash: null,
      totpSecret: null,
      totpEnabledAt: null,
      totpLastStep: null,
      emailVerifiedAt: null,
      deletedAt: new Date(),
    },
  });
  await audit(tx, {
    actorId: input.userId,
    action: "user.deleted",
    entityType: "user",
    entityId: input.userId,
    ip: input.ip,
  });
  return "deleted";
}
