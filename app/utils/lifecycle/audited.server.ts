// A transition that is also audited: the kit's conditional update, then one audit event
// `<entity>.<action>` with the organisation, the statuses before and after and the caller's metadata.
// What else follows a move (reindexing, matching, emails) stays in the feature's service.
import { audit } from "../audit.server";
import type { Tx } from "../db.server";
import type { LifecycleEntity } from "./app-error";

type Movable<S extends string, A extends string, R, D> = {
  entity: LifecycleEntity;
  transition(tx: Tx, id: string, action: A, data: D): Promise<{ before: R; to: S }>;
};

export async function auditedTransition<
  S extends string,
  A extends string,
  R extends { status: S; organisationId: string },
  D,
>(
  tx: Tx,
  lifecycle: Movable<S, A, R, D>,
  id: string,
  action: A,
  actor: { userId: string | null; ip?: string | null },
  data: D,
  metadata: Record<string, string | number | boolean | null> = {},
) {
  const { before, to } = await lifecycle.transition(tx, id, action, data);
  await audit(tx, {
    actorId: actor.userId,
    organisationId: before.organisationId,
    action: `${lifecycle.entity}.${action}`,
    entityType: lifecycle.entity,
    entityId: id,
    ip: actor.ip ?? null,
    metadata: { from: before.status, to, ...metadata },
  });
  return { ...before, previousStatus: before.status, status: to };
}
