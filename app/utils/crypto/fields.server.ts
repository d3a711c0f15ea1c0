// Confidential text columns: sealing on write and opening on read, for the features that keep a data key
// per record (a need and what hangs off it, an organisation's vetting note, a secretariat-only call note).
// Reads tolerate values written before encryption (plaintext, until `npm run data:encrypt` has run over
// them: ADR 0008's "deploy the writer first"); an empty value stays empty (its length would show anyway).
import { randomBytes } from "node:crypto";
import { loadDataKey, KeyDestroyedError, newDataKey, type DataKey, type KeyStore } from "./data-keys.server";
import { isSealedText, openTextWith, sealText, sealedTextKeyId, type FieldContext } from "./envelope.server";
import type { MasterKeys } from "./master-keys";

export { isSealedText, type FieldContext };

/** An id for a row whose fields are sealed before it is inserted (the seal is bound to the id). */
export function newRecordId(): string {
  return randomBytes(16).toString("base64url");
}

/** Seals a confidential text; "" and null stay as they are. */
export function sealField(key: DataKey, text: string, context: FieldContext): string;
export function sealField(key: DataKey, text: string | null, context: FieldContext): string | null;
export function sealField(key: DataKey, text: string | null, context: FieldContext): string | null {
  if (text === null || text === "") return text;
  return sealText(key, text, context);
}

/**
 * Opens a stored confidential text. Plaintext from before encryption is returned as it is; a sealed value
 * whose key is gone (destroyed by retention or deletion) gives null: callers say "destroyed", never 500.
 */
export function openField(key: DataKey | null, value: string | null, context: FieldContext): string | null {
  if (value === null || !isSealedText(value)) return value;
  if (!key || sealedTextKeyId(value) !== key.id) return null;
  return openTextWith(key, value, context);
}

/** Loads a record's data key; null when it has none or it was destroyed. */
export async function loadRecordKey(
  tx: KeyStore,
  dataKeyId: string | null | undefined,
  keys?: MasterKeys,
): Promise<DataKey | null> {
  if (!dataKeyId) return null;
  try {
    return await loadDataKey(tx, dataKeyId, keys);
  } catch (error) {
    if (error instanceof KeyDestroyedError) return null;
    throw error;
  }
}

/**
 * The record's data key for writing, created on first use. `attach(id)` stores the new key's id on the
 * record only if it still has none (a conditional update returning whether it did): when a concurrent
 * writer won, our key is dropped and theirs is used.
 */
export async function recordKeyForWrite(
  tx: KeyStore,
  current: string | null,
  attach: (dataKeyId: string) => Promise<boolean>,
  reload: () => Promise<string | null>,
  keys?: MasterKeys,
): Promise<DataKey> {
  if (current) return loadDataKey(tx, current, keys);
  const { dataKey, row } = newDataKey(keys);
  await tx.dataKey.create({ data: row });
  if (await attach(dataKey.id)) return dataKey;
  await tx.dataKey.delete({ where: { id: dataKey.id } });
  const winner = await reload();
  if (!winner) throw new KeyDestroyedError(dataKey.id);
  return loadDataKey(tx, winner, keys);
}
