// Master keys (key-encryption keys) from ENCRYPTION_KEYS: `id:base64key` entries separated by commas, the
// first being the current one (it wraps new data keys); the others are kept to unwrap older data keys
// until `npm run keys:rotate` has re-wrapped them. Pure: the env schema uses it to validate the variable.
import { randomBytes } from "node:crypto";

export type MasterKey = { readonly id: string; readonly key: Buffer };
export type MasterKeys = { readonly current: MasterKey; readonly byId: ReadonlyMap<string, MasterKey> };

const ID = /^[A-Za-z0-9_-]{1,40}$/;

export class MasterKeyError extends Error {}

/** Parses the variable's value; throws MasterKeyError with a message that never contains key material. */
export function parseMasterKeys(raw: string): MasterKeys {
  const entries = raw
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  if (!entries.length) throw new MasterKeyError("no key given (expected id:base64key[,id:base64key…])");
  const byId = new Map<string, MasterKey>();
  entries.forEach((entry, index) => {
    const colon = entry.indexOf(":");
    const id = colon > 0 ? entry.slice(0, colon) : "";
    if (!ID.test(id))
      throw new MasterKeyError(`entry ${index + 1}: expected id:base64key, the id made of A-Z a-z 0-9 _ -`);
    const encoded = entry.slice(colon + 1);
    if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(encoded)) throw new MasterKeyError(`key "${id}": not base64`);
    const key = Buffer.from(encoded.replace(/-/g, "+").replace(/_/g, "/"), "base64");
    if (key.length !== 32)
      throw new MasterKeyError(`key "${id}": must be 32 bytes (256 bits), got ${key.length}`);
    if (byId.has(id)) throw new MasterKeyError(`key "${id}" is listed twice`);
    byId.set(id, Object.freeze({ id, key }));
  });
  return Object.freeze({ current: byId.values().next().value!, byId });
}

/** A new master key entry for ENCRYPTION_KEYS (`setup` and `npm run keys:generate` use it). */
export function generateMasterKeyEntry(now = new Date()): string {
  const stamp = now.toISOString().slice(0, 10).replace(/-/g, "");
  return `k${stamp}${randomBytes(3).toString("hex")}:${randomBytes(32).toString("base64")}`;
}
