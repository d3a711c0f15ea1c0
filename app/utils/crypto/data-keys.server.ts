// Data keys: one random AES-256 key per protected record (a document, later a need), stored only wrapped
// by a master key. Destroying the row is crypto-shredding: every ciphertext under the key becomes noise.
import { randomBytes } from "node:crypto";
import type { Tx } from "../db.server";
import { associatedData, DecryptionError, KEY_BYTES, open, seal } from "./aead";
import { masterKeys } from "./keyring.server";
import type { MasterKey, MasterKeys } from "./master-keys";

export type DataKey = { readonly id: string; readonly key: Buffer };
export type KeyStore = Pick<Tx, "dataKey">;

/** The data key was destroyed (deleted, or retention ran): what it protected is gone for good. */
export class KeyDestroyedError extends Error {
  constructor(readonly dataKeyId: string) {
    super(`data key ${dataKeyId} has been destroyed`);
    this.name = "KeyDestroyedError";
  }
}

/** The data key is wrapped by a master key this process does not have (ENCRYPTION_KEYS is missing it). */
export class UnknownMasterKeyError extends Error {
  constructor(readonly masterKeyId: string) {
    super(`master key "${masterKeyId}" is not in ENCRYPTION_KEYS`);
    this.name = "UnknownMasterKeyError";
  }
}

const WRAP_VERSION = 1;

const wrapContext = (dataKeyId: string, masterKeyId: string) =>
  associatedData(["data-key", WRAP_VERSION, dataKeyId, masterKeyId]);

export function wrapDataKey(master: MasterKey, dataKey: DataKey): Buffer<ArrayBuffer> {
  return Buffer.concat([
    Buffer.of(WRAP_VERSION),
    seal(master.key, dataKey.key, wrapContext(dataKey.id, master.id)),
  ]);
}

export function unwrapDataKey(
  keys: MasterKeys,
  row: { id: string; masterKeyId: string; wrapped: Uint8Array },
): DataKey {
  const master = keys.byId.get(row.masterKeyId);
  if (!master) throw new UnknownMasterKeyError(row.masterKeyId);
  const wrapped = Buffer.from(row.wrapped);
  if (wrapped[0] !== WRAP_VERSION) throw new DecryptionError("unknown data key format");
  const key = open(master.key, wrapped.subarray(1), wrapContext(row.id, master.id));
  if (key.length !== KEY_BYTES) throw new DecryptionError("data key has the wrong length");
  return Object.freeze({ id: row.id, key });
}

/** A new data key and the row that stores it wrapped under the current master key (not yet written). */
export function newDataKey(keys: MasterKeys = masterKeys()): {
  dataKey: DataKey;
  row: { id: string; masterKeyId: string; wrapped: Buffer<ArrayBuffer> };
} {
  const dataKey: DataKey = Object.freeze({
    id: randomBytes(16).toString("base64url"),
    key: randomBytes(KEY_BYTES),
  });
  return {
    dataKey,
    row: { id: dataKey.id, masterKeyId: keys.current.id, wrapped: wrapDataKey(keys.current, dataKey) },
  };
}

/** A new data key, stored wrapped under the current master key. */
export async function createDataKey(tx: KeyStore, keys: MasterKeys = masterKeys()): Promise<DataKey> {
  const { dataKey, row } = newDataKey(keys);
  await tx.dataKey.create({ data: row });
  return dataKey;
}

export async function loadDataKey(
  tx: KeyStore,
  id: string,
  keys: MasterKeys = masterKeys(),
): Promise<DataKey> {
  const row = await tx.dataKey.findUnique({
    where: { id },
    select: { id: true, masterKeyId: true, wrapped: true },
  });
  if (!row) throw new KeyDestroyedError(id);
  return unwrapDataKey(keys, row);
}

/**
 * Crypto-shredding: deletes the wrapped key (and, by cascade, a document it protects). Returns whether
 * a key was there. Copies of the wrapped key in older backups stay readable only with the master key
 * that wrapped them: retire master keys as backups expire (ADR 0008).
 */
export async function destroyDataKey(tx: KeyStore, id: string): Promise<boolean> {
  const { count } = await tx.dataKey.deleteMany({ where: { id } });
  return count > 0;
}
