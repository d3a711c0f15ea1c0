// The document store and the download helper against the real database: content sealed in chunks that
// cannot be altered, reordered or cut; deletion by destroying the key; the download response and its
// audit event.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  deleteDocument,
  deleteScopeDocuments,
  describeDocument,
  documentDownload,
  DocumentNotFoundError,
  listDocuments,
  readDocument,
  scopeUsage,
} from "~/features/documents/index.server";
import { putDocument, type MetadataReport } from "~/features/documents/services/store.server";
import { DecryptionError } from "~/utils/crypto/aead";
import { KeyDestroyedError } from "~/utils/crypto/data-keys.server";
import { openBytes } from "~/utils/crypto/envelope.server";
import { db } from "~/utils/db.server";
import { closeSqlPools } from "~/utils/sql.server";
import { createOrganisation, createUser } from "../support/factories";

const report: MetadataReport = {
  found: [],
  removed: [{ name: "Author", value: "Ana" }],
  remaining: [],
  notes: [],
};
let user: { id: string };
let organisation: { id: string };

// The pg pool that moves document chunks is closed before this file's database is dropped.
afterAll(() => closeSqlPools());

beforeAll(async () => {
  organisation = await createOrganisation();
  user = await createUser({}, { organisationId: organisation.id });
});

const put = (content: Buffer, scope = "need:s1", filename = "Informe confidencial.pdf") =>
  putDocument({
    scope,
    createdById: user.id,
    filename,
    mediaType: "application/pdf",
    content,
    metadataKept: false,
    report,
  });

async function chunkRows(documentId: string) {
  return db().documentChunk.findMany({ where: { documentId }, orderBy: { index: "asc" } });
}

describe("document store", () => {
  it("stores content in sealed chunks and reads it back whole", async () => {
    const content = randomBytes(3.5 * 1024 * 1024);
    const doc = await put(content);
    const rows = await chunkRows(doc.id);
    expect(rows).toHaveLength(4);
    for (const row of rows) expect(Buffer.from(row.data).includes(content.subarray(1000, 1064))).toBe(false);
    const read = await readDocument(doc.id);
    expect(read.content.equals(content)).toBe(true);
    expect(read.report).toEqual(report);
    expect(read.document).toMatchObject({ filename: "Informe confidencial.pdf", size: content.length });
    // The warning before a download needs the report without the content.
    const described = await describeDocument(doc.id, { scope: "need:s1" });
    expect(described).toEqual({ document: read.document, report });
    await expect(describeDocument(doc.id, { scope: "need:elsewhere" })).rejects.toThrow(
      DocumentNotFoundError,
    );
    // The name is sealed too.
    const row = await db().document.findUniqueOrThrow({ where: { id: doc.id } });
    expect(row.filename).not.toContain("Informe");
    expect(row.report).not.toContain("Ana");
  });

  it("refuses content whose chunks were altered, swapped or cut", async () => {
    const content = randomBytes(2.5 * 1024 * 1024);
    const altered = await put(content);
    const [first] = await chunkRows(altered.id);
    const bytes = Buffer.from(first.data);
    bytes[bytes.length - 100] ^= 1;
    await db().documentChunk.update({
      where: { documentId_index: { documentId: altered.id, index: 0 } },
      data: { data: bytes },
    });
    await expect(readDocument(altered.id)).rejects.toThrow(DecryptionError);

    const swapped = await put(content);
    const [a, b] = await chunkRows(swapped.id);
    await db().$transaction([
      db().documentChunk.update({
        where: { documentId_index: { documentId: swapped.id, index: 0 } },
        data: { data: b.data },
      }),
      db().documentChunk.update({
        where: { documentId_index: { documentId: swapped.id, index: 1 } },
        data: { data: a.data },
      }),
    ]);
    await expect(readDocument(swapped.id)).rejects.toThrow(DecryptionError);

    const cut = await put(content);
    await db().documentChunk.delete({ where: { documentId_index: { documentId: cut.id, index: 2 } } });
    await db().document.update({ where: { id: cut.id }, data: { chunkCount: 2 } });
    await expect(readDocument(cut.id)).rejects.toThrow(DecryptionError);

    // Chunks moved from one document to another do not open there either.
    const other = await put(randomBytes(100));
    const theirs = await put(randomBytes(100));
    const [stolen] = await chunkRows(theirs.id);
    await db().documentChunk.update({
      where: { documentId_index: { documentId: other.id, index: 0 } },
      data: { data: stolen.data },
    });
    await expect(readDocument(other.id)).rejects.toThrow(DecryptionError);
  });

  it("deletes a document by destroying its key: its row, its chunks and any copy of them are gone", async () => {
    const doc = await put(randomBytes(200_000), "need:s2");
    const { dataKeyId } = await db().document.findUniqueOrThrow({ where: { id: doc.id } });
    const [copy] = await chunkRows(doc.id); // e.g. in a replica or an export
    expect(await scopeUsage(db(), "need:s2")).toBe(200_000);
    expect(await db().$transaction((tx) => deleteDocument(tx, doc.id, { scope: "need:s1" }))).toBe(false); // not in that scope
    expect(await db().$transaction((tx) => deleteDocument(tx, doc.id, { scope: "need:s2" }))).toBe(true);
    expect(await db().dataKey.count({ where: { id: dataKeyId } })).toBe(0);
    expect(await db().documentChunk.count({ where: { documentId: doc.id } })).toBe(0);
    await expect(readDocument(doc.id)).rejects.toThrow(DocumentNotFoundError);
    await expect(
      openBytes(db(), copy.data, { entity: "Document", id: doc.id, field: "content" }, [0, 1]),
    ).rejects.toThrow(KeyDestroyedError);
    expect(await scopeUsage(db(), "need:s2")).toBe(0);
  });

  it("destroys every document of a scope at once (retention)", async () => {
    await put(randomBytes(10), "need:s3");
    await put(randomBytes(10), "need:s3");
    const keep = await put(randomBytes(10), "need:s4");
    expect(await db().$transaction((tx) => deleteScopeDocuments(tx, "need:s3"))).toBe(2);
    expect(await listDocuments("need:s3")).toEqual([]);
    expect((await listDocuments("need:s4")).map((d) => d.id)).toEqual([keep.id]);
  });
});

describe("download", () => {
  it("answers an attachment with protective headers and writes an audit event", async () => {
    const content = Buffer.from("%PDF-1.5 draft law ... %%EOF");
    const doc = await put(content, "need:d1", "Ley \u202efdp.exe");
    const response = await documentDownload({
      documentId: doc.id,
      scope: "need:d1",
      viewer: { userId: user.id, organisationId: organisation.id, ip: "203.0.113.9" },
    });
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(content)).toBe(true);
    const h = response.headers;
    expect(h.get("Content-Type")).toBe("application/pdf");
    expect(h.get("Content-Disposition")).toBe(
      `attachment; filename="Ley fdp.exe.pdf"; filename*=UTF-8''Ley%20fdp.exe.pdf`,
    );
    expect(h.get("X-Content-Type-Options")).toBe("nosniff");
    expect(h.get("Content-Security-Policy")).toMatch(/^sandbox;/);
    expect(h.get("Cache-Control")).toBe("no-store");
    const events = await db().auditEvent.findMany({
      where: { action: "document.downloaded", entityId: doc.id },
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actorId: user.id,
      organisationId: organisation.id,
      entityType: "Document",
      ip: "203.0.113.9",
    });
    expect(JSON.stringify(events[0].metadata)).not.toMatch(/Ley|fdp/);
  });

  it("serves nothing, and audits nothing, outside the scope the caller authorised, or once deleted", async () => {
    const doc = await put(Buffer.from("%PDF-1.5 x %%EOF"), "need:d2");
    const viewer = { userId: user.id };
    await expect(documentDownload({ documentId: doc.id, scope: "need:other", viewer })).rejects.toThrow(
      DocumentNotFoundError,
    );
    await db().$transaction((tx) => deleteDocument(tx, doc.id));
    await expect(documentDownload({ documentId: doc.id, scope: "need:d2", viewer })).rejects.toThrow(
      DocumentNotFoundError,
    );
    expect(await db().auditEvent.count({ where: { action: "document.downloaded", entityId: doc.id } })).toBe(
      0,
    );
  });

  it("never serves a held upload", async () => {
    const held = await putDocument({
      scope: "need:d3",
      createdById: user.id,
      filename: "photo.jpg",
      mediaType: "image/jpeg",
      content: Buffer.from([0xff, 0xd8, 0xff, 0xd9]),
      metadataKept: true,
      report,
      state: "held",
    });
    await expect(
      documentDownload({ documentId: held.id, scope: "need:d3", viewer: { userId: user.id } }),
    ).rejects.toThrow(DocumentNotFoundError);
  });
});
