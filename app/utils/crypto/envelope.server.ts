// Sealing values with a data key. A sealed value names its data key and is bound by associated data to
// the record and field it belongs to: `pe1.<dataKeyId>.<base64url(iv ‖ ciphertext ‖ tag)>` for text
// columns, and the same in binary (`PE` 0x01, key id length, key id, iv ‖ ciphertext ‖ tag) for bytes.
import { associatedData, DecryptionError, open, seal } from "./aead";
import { loadDataKey, type DataKey, type KeyStore } from "./data-keys.server";
import type { MasterKeys } from "./master-keys";

/** Where a sealed value belongs: opening it anywhere else fails. */
export type FieldContext = { readonly entity: string; readonly id: string; readonly field: string };

const TEXT_PREFIX = "pe1.";
const BINARY_MAGIC = Buffer.from([0x50, 0x45, 0x01]);

const fieldData = (dataKeyId: string, context: FieldContext, extra: (string | number)[] = []) =>
  associatedData(["field", dataKeyId, context.entity, context.id, context.field, ...extra]);

/** Whether a text column already holds a sealed value (a data migration uses it to skip done rows). */
export function isSealedText(value: string | null | undefined): value is string {
  return typeof value === "string" && value.startsWith(TEXT_PREFIX) && value.indexOf(".", 4) > 4;
}

export function sealedTextKeyId(sealed: string): string {
  if (!isSealedText(sealed)) throw new DecryptionError("not a sealed value");
  return sealed.slice(TEXT_PREFIX.length, sealed.indexOf(".", TEXT_PREFIX.length));
}

export function sealText(dataKey: DataKey, plaintext: string, context: FieldContext): string {
  const sealed = seal(dataKey.key, Buffer.from(plaintext, "utf8"), fieldData(dataKey.id, context));
  return `${TEXT_PREFIX}${dataKey.id}.${sealed.toString("base64url")}`;
}

export function openTextWith(dataKey: DataKey, sealed: string, context: FieldContext): string {
  if (sealedTextKeyId(sealed) !== dataKey.id) throw new DecryptionError("sealed under another data key");
  const body = Buffer.from(sealed.slice(TEXT_PREFIX.length + dataKey.id.length + 1), "base64url");
  return open(dataKey.key, body, fieldData(dataKey.id, context)).toString("utf8");
}

/** Opens a sealed text, loading its data key (KeyDestroyedError when it was shredded). */
export async function openText(
  tx: KeyStore,
  sealed: string,
  context: FieldContext,
  keys?: MasterKeys,
): Promise<string> {
  return openTextWith(await loadDataKey(tx, sealedTextKeyId(sealed), keys), sealed, context);
}

/** Seals bytes. `part` distinguishes pieces of one field (a document's chunks: index and count). */
export function sealBytes(
  dataKey: DataKey,
  plaintext: Uint8Array,
  context: FieldContext,
  part: (string | number)[] = [],
): Buffer<ArrayBuffer> {
  const id = Buffer.from(dataKey.id, "utf8");
  return Buffer.concat([
    BINARY_MAGIC,
    Buffer.of(id.length),
    id,
    seal(dataKey.key, plaintext, fieldData(dataKey.id, context, part)),
  ]);
}

function sealedBytesKeyId(sealed: Uint8Array): string {
  const buffer = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.length);
  if (buffer.length < 4 || !buffer.subarray(0, 3).equals(BINARY_MAGIC))
    throw new DecryptionError("not a sealed value");
  return buffer.subarray(4, 4 + buffer[3]).toString("utf8");
}

export function openBytesWith(
  dataKey: DataKey,
  sealed: Uint8Array,
  context: FieldContext,
  part: (string | number)[] = [],
): Buffer<ArrayBuffer> {
  if (sealedBytesKeyId(sealed) !== dataKey.id) throw new DecryptionError("sealed under another data key");
  const buffer = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.length);
  return open(dataKey.key, buffer.subarray(4 + buffer[3]), fieldData(dataKey.id, context, part));
}

export async function openBytes(
  tx: KeyStore,
  sealed: Uint8Array,
  context: FieldContext,
  part: (string | number)[] = [],
  keys?: MasterKeys,
): Promise<Buffer<ArrayBuffer>> {
  return openBytesWith(await loadDataKey(tx, sealedBytesKeyId(sealed), keys), sealed, context, part);
}
