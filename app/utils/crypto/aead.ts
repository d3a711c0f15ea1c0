// AES-256-GCM with associated data, from node:crypto. Every ciphertext carries a fresh 96-bit random
// nonce and a 128-bit tag; the associated data binds it to where it belongs (record, field, key), so a
// ciphertext copied to another row or field, or altered by one bit, fails to open instead of decrypting.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

export const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Bytes a sealed value adds to its plaintext. */
export const SEAL_OVERHEAD = IV_BYTES + TAG_BYTES;

/** A ciphertext failed authentication: altered, truncated, or opened with the wrong key or context. */
export class DecryptionError extends Error {
  constructor(message = "ciphertext failed authentication") {
    super(message);
    this.name = "DecryptionError";
  }
}

/** Associated data from context parts, unambiguous whatever the parts contain. */
export function associatedData(parts: readonly (string | number)[]): Buffer {
  return Buffer.from(JSON.stringify(["puente/v1", ...parts]), "utf8");
}

/** iv ‖ ciphertext ‖ tag. */
export function seal(key: Buffer, plaintext: Uint8Array, aad: Buffer): Buffer<ArrayBuffer> {
  if (key.length !== KEY_BYTES) throw new Error("AES-256-GCM needs a 32-byte key");
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(aad);
  const head = cipher.update(plaintext);
  const tail = cipher.final();
  return Buffer.concat([iv, head, tail, cipher.getAuthTag()]);
}

export function open(key: Buffer, sealed: Uint8Array, aad: Buffer): Buffer<ArrayBuffer> {
  if (key.length !== KEY_BYTES) throw new Error("AES-256-GCM needs a 32-byte key");
  if (sealed.length < SEAL_OVERHEAD) throw new DecryptionError("ciphertext too short");
  const buffer = Buffer.isBuffer(sealed)
    ? sealed
    : Buffer.from(sealed.buffer, sealed.byteOffset, sealed.length);
  const iv = buffer.subarray(0, IV_BYTES);
  const tag = buffer.subarray(buffer.length - TAG_BYTES);
  const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([
      decipher.update(buffer.subarray(IV_BYTES, buffer.length - TAG_BYTES)),
      decipher.final(),
    ]);
  } catch {
    throw new DecryptionError();
  }
}
