// Envelope encryption against the real database: data keys wrapped by master keys, sealed fields bound to
// their record and field, tampering, crypto-shredding (also against an older copy of the data), rotation
// of master keys (batched, resumable, idempotent, while keys are being used), and what a dump reveals.
import { execFileSync } from "node:child_process";
import { beforeEach, describe, expect, it } from "vitest";
import { DecryptionError } from "~/utils/crypto/aead";
import {
  createDataKey,
  destroyDataKey,
  KeyDestroyedError,
  loadDataKey,
  UnknownMasterKeyError,
} from "~/utils/crypto/data-keys.server";
import {
  isSealedText,
  openBytes,
  openText,
  openTextWith,
  sealBytes,
  sealText,
} from "~/utils/crypto/envelope.server";
import { masterKeys } from "~/utils/crypto/keyring.server";
import { generateMasterKeyEntry, parseMasterKeys } from "~/utils/crypto/master-keys";
import { rotateDataKeys } from "~/utils/crypto/rotate.server";
import { db } from "~/utils/db.server";

const here = { entity: "Need", id: "need-1", field: "details" };

describe("data keys and sealed fields", () => {
  it("seals text and bytes that open only for their own record and field", async () => {
    const key = await createDataKey(db());
    const sealed = sealText(key, "Ley 5/2026: estrategia de incidencia", here);
    expect(isSealedText(sealed)).toBe(true);
    expect(sealed).not.toContain("estrategia");
    expect(await openText(db(), sealed, here)).toBe("Ley 5/2026: estrategia de incidencia");
    // The same ciphertext moved to another record, another field, or another entity does not open.
    for (const elsewhere of [
      { ...here, id: "need-2" },
      { ...here, field: "contacts" },
      { ...here, entity: "Message" },
    ])
      await expect(openText(db(), sealed, elsewhere)).rejects.toThrow(DecryptionError);

    const bytes = sealBytes(key, Buffer.from("%PDF-1.5 evidence"), here, [0, 1]);
    expect((await openBytes(db(), bytes, here, [0, 1])).toString()).toBe("%PDF-1.5 evidence");
    await expect(openBytes(db(), bytes, here, [1, 2])).rejects.toThrow(DecryptionError);
  });

  it("refuses a tampered ciphertext, a tampered wrapped key, and a ciphertext under another key", async () => {
    const key = await createDataKey(db());
    const sealed = sealText(key, "confidential", here);
    const body = sealed.slice(sealed.lastIndexOf(".") + 1);
    const flipped = Buffer.from(body, "base64url");
    flipped[flipped.length - 20] ^= 0x80;
    const tampered = `${sealed.slice(0, sealed.lastIndexOf(".") + 1)}${flipped.toString("base64url")}`;
    await expect(openText(db(), tampered, here)).rejects.toThrow(DecryptionError);

    // Someone with write access to the database swaps in another record's data key id.
    const other = await createDataKey(db());
    const swapped = sealed.replace(key.id, other.id);
    await expect(openText(db(), swapped, here)).rejects.toThrow(DecryptionError);

    // ... or alters the wrapped key itself.
    const row = await db().dataKey.findUniqueOrThrow({ where: { id: key.id } });
    const wrapped = Buffer.from(row.wrapped);
    wrapped[10] ^= 0x01;
    await db().dataKey.update({ where: { id: key.id }, data: { wrapped } });
    await expect(loadDataKey(db(), key.id)).rejects.toThrow(DecryptionError);
  });

  it("cannot open anything with another deployment's master key", async () => {
    const key = await createDataKey(db());
    const sealed = sealText(key, "confidential", here);
    const stranger = parseMasterKeys(`${masterKeys().current.id}:${generateMasterKeyEntry().split(":")[1]}`);
    await expect(openText(db(), sealed, here, stranger)).rejects.toThrow(DecryptionError);
    const unrelated = parseMasterKeys(generateMasterKeyEntry());
    await expect(openText(db(), sealed, here, unrelated)).rejects.toThrow(UnknownMasterKeyError);
  });

  it("crypto-shreds: once its key is destroyed, every copy of a ciphertext is noise", async () => {
    const key = await createDataKey(db());
    const sealed = sealText(key, "the name of a witness", here);
    // A copy of the ciphertext kept elsewhere (an export, a replica, a backup of that table).
    const copy = String(sealed);
    expect(await destroyDataKey(db(), key.id)).toBe(true);
    expect(await destroyDataKey(db(), key.id)).toBe(false);
    await expect(openText(db(), copy, here)).rejects.toThrow(KeyDestroyedError);
    expect(await db().dataKey.count({ where: { id: key.id } })).toBe(0);
  });
});

describe("master key rotation (npm run keys:rotate)", () => {
  // Each case counts the data keys it made: start from none.
  beforeEach(async () => {
    await db().dataKey.deleteMany();
  });

  it("re-wraps every data key under the new key in batches, resumably and idempotently", async () => {
    const oldEntry = generateMasterKeyEntry();
    const newEntry = generateMasterKeyEntry();
    const before = parseMasterKeys(oldEntry);
    const during = parseMasterKeys(`${newEntry},${oldEntry}`);
    const after = parseMasterKeys(newEntry);

    const sealed: { text: string; context: typeof here }[] = [];
    for (let i = 0; i < 23; i++) {
      const key = await createDataKey(db(), before);
      const context = { entity: "Rotation", id: `r${i}`, field: "secret" };
      sealed.push({ text: sealText(key, `secret ${i}`, context), context });
    }
    expect(await db().dataKey.count({ where: { masterKeyId: before.current.id } })).toBe(23);
    // Until rotation, a process configured with only the new key cannot read them.
    await expect(openText(db(), sealed[0].text, sealed[0].context, after)).rejects.toThrow(
      UnknownMasterKeyError,
    );

    // Stopped after two batches of five (a killed run) …
    const first = await rotateDataKeys({ keys: during, batchSize: 5, maxBatches: 2 });
    expect(first.rewrapped).toBe(10);
    expect(await db().dataKey.count({ where: { masterKeyId: after.current.id } })).toBe(10);
    // … while the app keeps reading and writing with both keys configured.
    const live = await createDataKey(db(), during);
    expect(live.id).toBeTruthy();
    for (const s of sealed) expect(await openText(db(), s.text, s.context, during)).toMatch(/^secret /);

    // A second run resumes and finishes; a third finds nothing to do.
    const second = await rotateDataKeys({ keys: during, batchSize: 5 });
    expect(second.rewrapped).toBe(13);
    expect(second.remaining).toEqual({});
    const third = await rotateDataKeys({ keys: during, batchSize: 5 });
    expect(third.rewrapped).toBe(0);

    // The old master key can now be removed: everything opens with the new one alone.
    for (const s of sealed) expect(await openText(db(), s.text, s.context, after)).toMatch(/^secret /);
    const rows = await db().dataKey.findMany({
      where: { id: { in: sealed.map((s) => s.text.split(".")[1]) } },
    });
    expect(rows.every((r) => r.masterKeyId === after.current.id && r.rewrappedAt)).toBe(true);
  });

  it("is what npm run keys:rotate does, and the command says when the old key can go", async () => {
    const oldEntry = generateMasterKeyEntry();
    const newEntry = generateMasterKeyEntry();
    const old = parseMasterKeys(oldEntry);
    for (let i = 0; i < 7; i++) await createDataKey(db(), old);
    const output = execFileSync(
      process.execPath,
      ["--import", "tsx", "scripts/keys.ts", "rotate", "--batch", "3"],
      {
        env: { ...process.env, ENCRYPTION_KEYS: `${newEntry},${oldEntry}` },
      },
    ).toString();
    const newId = newEntry.split(":")[0];
    expect(output).toContain("7 data keys re-wrapped in 3 batches");
    expect(output).toContain(`master key "${newId}": 7 data keys (current)`);
    expect(output).toContain(`no data key uses "${old.current.id}" any more`);
    expect(output).not.toContain(newEntry.split(":")[1]);
    expect(await db().dataKey.count({ where: { masterKeyId: newId } })).toBe(7);
  });

  it("reports data keys under a master key it was not given, instead of losing them", async () => {
    const lost = parseMasterKeys(generateMasterKeyEntry());
    const key = await createDataKey(db(), lost);
    const keys = parseMasterKeys(generateMasterKeyEntry());
    const result = await rotateDataKeys({ keys, batchSize: 50 });
    expect(result.remaining[lost.current.id]).toBe(1);
    expect((await db().dataKey.findUniqueOrThrow({ where: { id: key.id } })).masterKeyId).toBe(
      lost.current.id,
    );
  });

  it("runs concurrently with itself without re-wrapping anything twice", async () => {
    const oldEntry = generateMasterKeyEntry();
    const before = parseMasterKeys(oldEntry);
    const during = parseMasterKeys(`${generateMasterKeyEntry()},${oldEntry}`);
    for (let i = 0; i < 40; i++) await createDataKey(db(), before);
    const [a, b] = await Promise.all([
      rotateDataKeys({ keys: during, batchSize: 4 }),
      rotateDataKeys({ keys: during, batchSize: 4 }),
    ]);
    expect(a.rewrapped + b.rewrapped).toBe(40);
    expect(await db().dataKey.count({ where: { masterKeyId: before.current.id } })).toBe(0);
  });

  it("makes a document deleted after a rotation unrecoverable from a backup taken before it, once the old key is retired", async () => {
    const oldEntry = generateMasterKeyEntry();
    const newEntry = generateMasterKeyEntry();
    const old = parseMasterKeys(oldEntry);
    const key = await createDataKey(db(), old);
    const sealed = sealText(key, "retired secret", here);
    // The nightly backup holds the ciphertext and the key wrapped under the old master key.
    const backupRow = await db().dataKey.findUniqueOrThrow({ where: { id: key.id } });
    await rotateDataKeys({ keys: parseMasterKeys(`${newEntry},${oldEntry}`) });
    await destroyDataKey(db(), key.id);
    // Restoring that backup into a deployment that has destroyed the old master key: nothing opens.
    await db().dataKey.create({ data: backupRow });
    await expect(openText(db(), sealed, here, parseMasterKeys(newEntry))).rejects.toThrow(
      UnknownMasterKeyError,
    );
    // (With the old master key still kept, the backup would open: retire it as the backups expire — ADR 0008.)
    const restored = await loadDataKey(db(), key.id, old);
    expect(openTextWith(restored, sealed, here)).toBe("retired secret");
  });
});

describe("what a database dump reveals", () => {
  it("holds no confidential text or key in plaintext", async () => {
    const canary = `canary-${Date.now()}-Ωmega`;
    const key = await createDataKey(db());
    const sealed = sealText(key, `the coalition's plan: ${canary}`, here);
    await db().$executeRawUnsafe(`CREATE TABLE "DumpProbe" (id text PRIMARY KEY, details text)`);
    await db().$executeRaw`INSERT INTO "DumpProbe" VALUES ('p1', ${sealed})`;
    const url = process.env.DATABASE_URL!;
    const dump = execFileSync("pg_dump", ["--no-owner", "--data-only", url], {
      maxBuffer: 512 * 1024 * 1024,
    });
    expect(dump.includes(Buffer.from("DumpProbe"))).toBe(true);
    expect(dump.includes(Buffer.from(canary))).toBe(false);
    // Neither the master key nor the data key appears (in any of the encodings a dump would use).
    for (const secret of [masterKeys().current.key, key.key]) {
      expect(dump.includes(secret)).toBe(false);
      expect(dump.includes(Buffer.from(secret.toString("hex")))).toBe(false);
      expect(dump.includes(Buffer.from(secret.toString("base64")))).toBe(false);
    }
  });
});
