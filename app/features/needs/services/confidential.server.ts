// A need's confidential text at rest (issue 16, ADR 0008): one data key per need seals its details and
// outcome wanted, and what hangs off it — engagement updates (body, milestone), outcome notes and
// feedback comments. Destroying that key (retention, services/retention.server.ts) destroys all of it
// at once, in every copy of the database made afterwards. Callers open fields only after the policy said
// yes; nothing here decides who may read.
import { Prisma } from "~/generated/prisma/client";
import type { DataKey, KeyStore } from "~/utils/crypto/data-keys.server";
import {
  loadRecordKey,
  openField,
  recordKeyForWrite,
  sealField,
  type FieldContext,
} from "~/utils/crypto/fields.server";
import type { Db, Tx } from "~/utils/db.server";

/** The need's confidential text was destroyed (retention, or the coalition asked): nothing new is kept. */
export class ConfidentialDestroyedError extends Error {
  constructor(readonly needId: string) {
    super(`the confidential text of need ${needId} has been destroyed`);
    this.name = "ConfidentialDestroyedError";
  }
}

/** The sealed fields, by table: what the data migration encrypts and retention clears. */
export const needSealedFields = {
  Need: ["details", "outcomeWanted"],
  Engagement: ["outcomeNote"],
  EngagementUpdate: ["body", "milestone"],
  EngagementFeedback: ["comment"],
  EngagementCloseRequest: ["note", "answerNote"],
} as const;

type Entity = keyof typeof needSealedFields;
export type NeedFieldContext<E extends Entity = Entity> = FieldContext & {
  entity: E;
  field: (typeof needSealedFields)[E][number];
};

export const needField = <E extends Entity>(
  entity: E,
  id: string,
  field: (typeof needSealedFields)[E][number],
): NeedFieldContext<E> => ({ entity, id, field });

/** The need's key for writing (created on first use); refuses once its confidential text was destroyed. */
export async function needKeyForWrite(tx: Tx, needId: string): Promise<DataKey> {
  const need = await tx.need.findUnique({
    where: { id: needId },
    select: { dataKeyId: true, confidentialDestroyedAt: true },
  });
  if (!need || need.confidentialDestroyedAt) throw new ConfidentialDestroyedError(needId);
  return recordKeyForWrite(
    tx,
    need.dataKeyId,
    // Raw, so that attaching a key does not move the need's updatedAt.
    async (dataKeyId) =>
      (await tx.$executeRaw(Prisma.sql`
        UPDATE "Need" SET "dataKeyId" = ${dataKeyId}
        WHERE id = ${needId} AND "dataKeyId" IS NULL AND "confidentialDestroyedAt" IS NULL`)) === 1,
    async () =>
      (await tx.need.findUnique({ where: { id: needId }, select: { dataKeyId: true } }))?.dataKeyId ?? null,
  );
}

/** The need's key for reading: null when it has none (nothing sealed yet) or it was destroyed. */
export function needKeyForRead(client: KeyStore | Db, dataKeyId: string | null | undefined) {
  return loadRecordKey(client, dataKeyId);
}

export function sealNeedField(key: DataKey, text: string, context: NeedFieldContext): string;
export function sealNeedField(key: DataKey, text: string | null, context: NeedFieldContext): string | null;
export function sealNeedField(key: DataKey, text: string | null, context: NeedFieldContext) {
  return sealField(key, text, context);
}

/** Opens one field; "" when its key is gone (the page says the text was destroyed). */
export function openNeedField(key: DataKey | null, value: string, context: NeedFieldContext): string;
export function openNeedField(
  key: DataKey | null,
  value: string | null,
  context: NeedFieldContext,
): string | null;
export function openNeedField(key: DataKey | null, value: string | null, context: NeedFieldContext) {
  if (value === null) return null;
  return openField(key, value, context) ?? "";
}

/** Details and outcome wanted of a need row (with its dataKeyId), opened. */
export async function openNeedText<
  N extends { id: string; dataKeyId: string | null; details: string; outcomeWanted: string },
>(client: KeyStore | Db, need: N): Promise<Omit<N, "dataKeyId">> {
  const key = await needKeyForRead(client, need.dataKeyId);
  const { dataKeyId: _omit, ...rest } = need;
  return {
    ...rest,
    details: openNeedField(key, need.details, needField("Need", need.id, "details")),
    outcomeWanted: openNeedField(key, need.outcomeWanted, needField("Need", need.id, "outcomeWanted")),
  };
}
