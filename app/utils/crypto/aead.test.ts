import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { associatedData, DecryptionError, open, seal, SEAL_OVERHEAD } from "./aead";
import { generateMasterKeyEntry, MasterKeyError, parseMasterKeys } from "./master-keys";

describe("AES-256-GCM with associated data", () => {
  const key = randomBytes(32);
  const aad = associatedData(["field", "k1", "Need", "n1", "details"]);

  it("opens what it sealed, with a fresh nonce each time", () => {
    const plaintext = Buffer.from("draft law, article 12: «foreign agents»");
    const a = seal(key, plaintext, aad);
    const b = seal(key, plaintext, aad);
    expect(a.length).toBe(plaintext.length + SEAL_OVERHEAD);
    expect(a.equals(b)).toBe(false);
    expect(a.includes(plaintext)).toBe(false);
    expect(open(key, a, aad).equals(plaintext)).toBe(true);
  });

  it("refuses a ciphertext with any bit changed, cut short, or opened elsewhere", () => {
    const sealed = seal(key, Buffer.from("confidential"), aad);
    for (let i = 0; i < sealed.length; i++) {
      const tampered = Buffer.from(sealed);
      tampered[i] ^= 0x01;
      expect(() => open(key, tampered, aad), `byte ${i}`).toThrow(DecryptionError);
    }
    expect(() => open(key, sealed.subarray(0, sealed.length - 1), aad)).toThrow(DecryptionError);
    expect(() => open(key, sealed, associatedData(["field", "k1", "Need", "n2", "details"]))).toThrow(
      DecryptionError,
    );
    expect(() => open(randomBytes(32), sealed, aad)).toThrow(DecryptionError);
  });

  it("keeps context parts apart whatever they contain", () => {
    expect(associatedData(["a,b", "c"]).equals(associatedData(["a", "b,c"]))).toBe(false);
    expect(associatedData(["1", 2]).equals(associatedData([1, "2"]))).toBe(false);
  });
});

describe("master keys (ENCRYPTION_KEYS)", () => {
  it("reads id:key entries, the first being current", () => {
    const [a, b] = [generateMasterKeyEntry(), generateMasterKeyEntry()];
    const keys = parseMasterKeys(` ${a} , ${b} `);
    expect(keys.current.id).toBe(a.split(":")[0]);
    expect(keys.byId.size).toBe(2);
    expect(keys.byId.get(b.split(":")[0])!.key.length).toBe(32);
    // base64url works too
    const url = `k2:${randomBytes(32).toString("base64url")}`;
    expect(parseMasterKeys(url).current.id).toBe("k2");
  });

  it("refuses bad entries without ever repeating key material", () => {
    const short = `k1:${randomBytes(16).toString("base64")}`;
    const cases = ["", "nokey", `bad id:${randomBytes(32).toString("base64")}`, short, "k1:!!!!"];
    for (const raw of cases) {
      let message = "";
      try {
        parseMasterKeys(raw);
      } catch (error) {
        expect(error).toBeInstanceOf(MasterKeyError);
        message = (error as Error).message;
      }
      expect(message, raw).not.toBe("");
      expect(message).not.toContain(short.slice(3));
    }
    const entry = generateMasterKeyEntry();
    expect(() => parseMasterKeys(`${entry},${entry}`)).toThrow(/twice/);
  });
});
