// The audit trail: every state change and every view of confidential details. Append-only (a trigger
// in the database refuses UPDATE/DELETE). Metadata holds ids and enum values, never confidential text.
import type { Prisma, Tx } from "./db.server";

export type AuditInput = {
  actorId?: string | null;
  organisationId?: string | null;
  action: string;
  entityType: string;
  entityId?: string | null;
  ip?: string | null;
  metadata?: Prisma.InputJsonValue;
};

export async function audit(tx: Pick<Tx, "auditEvent">, event: AuditInput) {
  await tx.auditEvent.create({
    data: {
      actorId: event.actorId ?? null,
      organisationId: event.organisationId ?? null,
      action: event.action,
      entityType: event.entityType,
      entityId: event.entityId ?? null,
      ip: event.ip ?? null,
      metadata: event.metadata,
    },
  });
}
