// The upload pipeline end to end through its public functions, with real multipart requests, real mat2
// and exiftool, and the real database: allowed kinds, the hostile uploads of issue 16 (each refused,
// nothing stored, nothing left in scratch space), metadata removed — or kept as evidence after the
// uploader has seen what it reveals — and what happens when it cannot be removed.
import { rmSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  discardHeld,
  keepHeldAsEvidence,
  listDocuments,
  readDocument,
  receiveDocument,
  removeMetadataFromHeld,
  revealsOf,
  sweepExpiredHeld,
  type UploadResult,
} from "~/features/documents/index.server";
import { db } from "~/utils/db.server";
import { closeSqlPools } from "~/utils/sql.server";
import {
  docx,
  elfExecutable,
  HTML_PAGE,
  JPEG_BASE,
  jpegHtmlPolyglot,
  odf,
  pdf,
  pdfZipPolyglot,
  png,
  pngBomb,
  SVG_WITH_SCRIPT,
  SVG_WITH_XML_DECLARATION,
  truncatedPdf,
  windowsExecutable,
  xlsx,
  zipArchive,
} from "../support/document-fixtures";
import { createUser } from "../support/factories";
import {
  exiftool,
  mat2Show,
  multipartRequest,
  scratchLeftovers,
  testConfig,
  testScratchBase,
  withExif,
} from "./support";

const MiB = 1024 * 1024;
const base = testScratchBase();
const config = testConfig(base);
let uploader: { id: string };
let scopeCounter = 0;
const newScope = () => `need:test-${++scopeCounter}`;

beforeAll(async () => {
  uploader = await createUser();
});
afterEach(() => {
  // Whatever the upload did, nothing of it stays in scratch space.
  expect(scratchLeftovers(base)).toEqual([]);
});
afterAll(async () => {
  rmSync(base, { recursive: true, force: true });
  await closeSqlPools();
});

async function upload(
  file: { name: string; bytes: Buffer; type?: string },
  options: { scope?: string; keep?: boolean; config?: typeof config } = {},
): Promise<UploadResult> {
  const { request } = multipartRequest(file, {
    intent: "upload",
    metadata: options.keep ? "keep" : "remove",
  });
  return receiveDocument(request, {
    scope: options.scope ?? newScope(),
    actorId: uploader.id,
    config: options.config ?? config,
  });
}

const counts = async () => ({ documents: await db().document.count(), keys: await db().dataKey.count() });

const GPS = {
  GPSLatitude: "19.4326",
  GPSLatitudeRef: "N",
  GPSLongitude: "99.1332",
  GPSLongitudeRef: "W",
  Make: "Acme",
  Model: "Phone 9",
  DateTimeOriginal: "2026:01:02 03:04:05",
};

describe("allowed kinds", () => {
  const cases: [string, string, () => Buffer, string][] = [
    ["a PDF", "draft.pdf", () => pdf({ text: "Draft law" }), "application/pdf"],
    [
      "a DOCX",
      "draft.docx",
      () => docx({ text: "Draft law" }),
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ],
    [
      "an XLSX",
      "budget.xlsx",
      () => xlsx(),
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ],
    ["an ODT", "draft.odt", () => odf("text"), "application/vnd.oasis.opendocument.text"],
    ["an ODS", "budget.ods", () => odf("spreadsheet"), "application/vnd.oasis.opendocument.spreadsheet"],
    ["a PNG", "screenshot.png", () => png(), "image/png"],
    ["a JPEG", "photo.jpg", () => JPEG_BASE, "image/jpeg"],
    ["a text file", "notes.txt", () => Buffer.from("Meeting notes\n"), "text/plain"],
    ["a CSV", "list.csv", () => Buffer.from("name;country\nA;MX\n"), "text/csv"],
  ];
  for (const [label, name, make, mediaType] of cases) {
    it(`stores ${label}, encrypted`, async () => {
      const scope = newScope();
      const result = await upload({ name, bytes: make() }, { scope });
      expect(result.status, JSON.stringify(result)).toBe("stored");
      if (result.status !== "stored") return;
      expect(result.document).toMatchObject({ mediaType, filename: name, metadataKept: false, scope });
      const listed = await listDocuments(scope);
      expect(listed.map((d) => d.id)).toEqual([result.document.id]);
      const row = await db().document.findUniqueOrThrow({ where: { id: result.document.id } });
      expect(row.filename).not.toContain(name.split(".")[0]);
    });
  }
});

describe("hostile uploads: refused with a clear message, nothing stored", () => {
  const cases: [string, { name: string; bytes: Buffer; type?: string }, string, string][] = [
    [
      "an executable renamed .pdf",
      { name: "invoice.pdf", bytes: windowsExecutable(), type: "application/pdf" },
      "type",
      "documents:refusals.type",
    ],
    [
      "a Linux executable renamed .jpg",
      { name: "photo.jpg", bytes: elfExecutable(), type: "image/jpeg" },
      "type",
      "documents:refusals.type",
    ],
    [
      "an HTML page",
      { name: "page.html", bytes: HTML_PAGE, type: "text/html" },
      "type",
      "documents:refusals.type",
    ],
    [
      "an HTML page renamed .txt",
      { name: "notes.txt", bytes: HTML_PAGE, type: "text/plain" },
      "type",
      "documents:refusals.type",
    ],
    [
      "an SVG with a script",
      { name: "logo.svg", bytes: SVG_WITH_SCRIPT, type: "image/svg+xml" },
      "type",
      "documents:refusals.type",
    ],
    [
      "an SVG renamed .png",
      { name: "logo.png", bytes: SVG_WITH_XML_DECLARATION, type: "image/png" },
      "type",
      "documents:refusals.type",
    ],
    ["a ZIP archive", { name: "files.zip", bytes: zipArchive() }, "type", "documents:refusals.type"],
    [
      "a PDF that is also a ZIP (polyglot)",
      { name: "report.pdf", bytes: pdfZipPolyglot() },
      "polyglot",
      "documents:refusals.polyglot",
    ],
    [
      "a JPEG carrying an HTML page (polyglot)",
      { name: "photo.jpg", bytes: jpegHtmlPolyglot() },
      "polyglot",
      "documents:refusals.polyglot",
    ],
    [
      "a truncated PDF",
      { name: "court-papers.pdf", bytes: truncatedPdf() },
      "damaged",
      "documents:refusals.damaged",
    ],
    ["an empty file", { name: "empty.pdf", bytes: Buffer.alloc(0) }, "empty", "documents:refusals.empty"],
  ];
  for (const [label, file, code, messageKey] of cases) {
    it(`refuses ${label}`, async () => {
      const before = await counts();
      const result = await upload(file);
      expect(result.status).toBe("refused");
      if (result.status !== "refused") return;
      expect(result.refusal).toMatchObject({ code, messageKey });
      expect(await counts()).toEqual(before);
    });
  }

  it("refuses an oversize file while it streams in, before reading it whole", async () => {
    const before = await counts();
    const big = Buffer.concat([pdf({ text: "x" }).subarray(0, 20), Buffer.alloc(30 * MiB, 0x41)]);
    const sent = multipartRequest({ name: "huge.pdf", bytes: big });
    const result = await receiveDocument(sent.request, { scope: newScope(), actorId: uploader.id, config });
    expect(result.status === "refused" && result.refusal).toMatchObject({
      code: "too-large",
      messageKey: "documents:refusals.tooLarge",
      values: { limit: 20 },
    });
    expect(sent.pulled()).toBeLessThan(21 * MiB);
    expect(sent.pulled()).toBeLessThan(sent.total);
    expect(await counts()).toEqual(before);
  });

  it("refuses at once when Content-Length already says the file is too large", async () => {
    const sent = multipartRequest(
      { name: "huge.pdf", bytes: Buffer.alloc(21 * MiB) },
      {},
      { contentLength: true },
    );
    const result = await receiveDocument(sent.request, { scope: newScope(), actorId: uploader.id, config });
    expect(result.status === "refused" && result.refusal.code).toBe("too-large");
    expect(sent.pulled()).toBeLessThanOrEqual(64 * 1024);
  });

  it("refuses what would take a need past its own limit, and a need that is full before reading anything", async () => {
    const small = testConfig(base, { limits: { fileBytes: 20 * MiB, scopeBytes: 3 * MiB } });
    const scope = newScope();
    const first = await upload(
      { name: "a.txt", bytes: Buffer.alloc(2 * MiB, 0x61) },
      { scope, config: small },
    );
    expect(first.status).toBe("stored");
    const second = await upload(
      { name: "b.txt", bytes: Buffer.alloc(2 * MiB, 0x62) },
      { scope, config: small },
    );
    expect(second.status === "refused" && second.refusal).toMatchObject({
      code: "scope-full",
      messageKey: "documents:refusals.scopeFull",
      values: { remaining: 1 },
    });
    const third = await upload({ name: "c.txt", bytes: Buffer.alloc(MiB, 0x63) }, { scope, config: small });
    expect(third.status).toBe("stored");
    const full = multipartRequest({ name: "d.txt", bytes: Buffer.alloc(10, 0x64) });
    const fourth = await receiveDocument(full.request, { scope, actorId: uploader.id, config: small });
    expect(fourth.status === "refused" && fourth.refusal.code).toBe("scope-full");
    expect(full.pulled()).toBe(0);
    expect((await listDocuments(scope)).length).toBe(2);
  });

  it("does not let parallel uploads squeeze past a need's limit together", async () => {
    const small = testConfig(base, { limits: { fileBytes: 20 * MiB, scopeBytes: 3 * MiB } });
    const scope = newScope();
    const results = await Promise.all(
      [1, 2, 3].map((i) =>
        upload({ name: `${i}.txt`, bytes: Buffer.alloc(MiB + 1, 0x60 + i) }, { scope, config: small }),
      ),
    );
    expect(results.filter((r) => r.status === "stored")).toHaveLength(2);
    expect(results.filter((r) => r.status === "refused")).toHaveLength(1);
  });

  it("refuses a form without a file, or with two", async () => {
    const none = await receiveDocument(multipartRequest(null, { metadata: "remove" }).request, {
      scope: newScope(),
      actorId: uploader.id,
      config,
    });
    expect(none.status === "refused" && none.refusal.code).toBe("no-file");
    const plain = new Request("http://localhost/x", {
      method: "POST",
      body: new URLSearchParams({ a: "b" }),
    });
    const notMultipart = await receiveDocument(plain, { scope: newScope(), actorId: uploader.id, config });
    expect(notMultipart.status === "refused" && notMultipart.refusal.code).toBe("not-multipart");
  });
});

describe("metadata", () => {
  it("removes GPS position and camera from a photo, and says what it removed", async () => {
    const photo = withExif(JPEG_BASE, GPS);
    expect(exiftool(photo, "jpg")).toHaveProperty("GPSLatitude");
    const result = await upload({ name: "protest.jpg", bytes: photo });
    expect(result.status).toBe("stored");
    if (result.status !== "stored") return;
    const names = result.report.removed.map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(["GPSLatitude", "GPSLongitude", "Make", "Model"]));
    expect(revealsOf(result.report.removed).map((g) => g.category)).toEqual(
      expect.arrayContaining(["location", "device", "dates"]),
    );
    expect(result.report.remaining).toEqual([]);
    const stored = await readDocument(result.document.id);
    const tags = exiftool(stored.content, "jpg");
    for (const tag of ["GPSLatitude", "GPSLongitude", "GPSPosition", "Make", "Model", "DateTimeOriginal"])
      expect(tags, tag).not.toHaveProperty(tag);
    expect(mat2Show(stored.content, "jpg")).toMatch(/No metadata found/);
    expect(stored.document.metadataKept).toBe(false);
  });

  it("keeps a photo's GPS position as evidence, only after the uploader confirms what it reveals", async () => {
    const scope = newScope();
    const photo = withExif(JPEG_BASE, GPS);
    const result = await upload({ name: "evidence.jpg", bytes: photo }, { scope, keep: true });
    expect(result.status).toBe("confirm-keep");
    if (result.status !== "confirm-keep") return;
    expect(result.report.found?.map((f) => f.name)).toEqual(expect.arrayContaining(["GPSLatitude", "Make"]));
    // Held, not stored: not listed, not readable as a document.
    expect(await listDocuments(scope)).toEqual([]);
    await expect(readDocument(result.held.id)).rejects.toThrow();

    const kept = await db().$transaction((tx) => keepHeldAsEvidence(tx, result.held.id, uploader.id));
    expect(kept).toMatchObject({ state: "stored", metadataKept: true });
    expect((await listDocuments(scope)).map((d) => [d.id, d.metadataKept])).toEqual([[kept.id, true]]);
    const stored = await readDocument(kept.id);
    expect(stored.content.equals(photo)).toBe(true);
    expect(exiftool(stored.content, "jpg")).toMatchObject({ Make: "Acme", Model: "Phone 9" });
    expect(exiftool(stored.content, "jpg")).toHaveProperty("GPSLatitude");
    expect(stored.report.remaining.map((f) => f.name)).toEqual(expect.arrayContaining(["GPSLatitude"]));
  });

  it("removes the author, editor and company from a Word document", async () => {
    const file = docx({ text: "Borrador de ley", author: "Ana Ruiz", company: "Coalición MX" });
    expect(mat2Show(file, "docx")).toMatch(/Ana Ruiz/);
    const result = await upload({ name: "borrador.docx", bytes: file });
    expect(result.status).toBe("stored");
    if (result.status !== "stored") return;
    expect(result.report.removed.map((f) => f.value)).toEqual(
      expect.arrayContaining(["Ana Ruiz", "Coalición MX"]),
    );
    const stored = await readDocument(result.document.id);
    expect(mat2Show(stored.content, "docx")).not.toMatch(/Ana Ruiz|Coalición/);
    const tags = exiftool(stored.content, "docx");
    expect(JSON.stringify(tags)).not.toMatch(/Ana Ruiz|Coalición/);
    expect(tags.FileType).toBe("DOCX");
  });

  it("keeps a Word document's author as evidence", async () => {
    const file = docx({ text: "Leaked draft", author: "Minister's Office" });
    const result = await upload({ name: "leak.docx", bytes: file }, { keep: true });
    expect(result.status).toBe("confirm-keep");
    if (result.status !== "confirm-keep") return;
    const kept = await db().$transaction((tx) => keepHeldAsEvidence(tx, result.held.id, uploader.id));
    const stored = await readDocument(kept.id);
    expect(exiftool(stored.content, "docx")).toMatchObject({ Creator: "Minister's Office" });
  });

  it("removes a PDF's author, and says its pages became images", async () => {
    const result = await upload({
      name: "court.pdf",
      bytes: pdf({ text: "Court papers", author: "Judge Ana" }),
    });
    expect(result.status).toBe("stored");
    if (result.status !== "stored") return;
    expect(result.report.removed).toEqual(expect.arrayContaining([{ name: "author", value: "Judge Ana" }]));
    expect(result.report.notes).toEqual(["pdf-pages-as-images"]);
    const stored = await readDocument(result.document.id);
    expect(JSON.stringify(exiftool(stored.content, "pdf"))).not.toMatch(/Judge Ana/);
  });

  it("stores plain text without mat2 (it has no metadata), even when mat2 is missing", async () => {
    const result = await upload(
      { name: "notes.txt", bytes: Buffer.from("notes") },
      { config: testConfig(base, { mat2Bin: "/nonexistent/mat2" }) },
    );
    expect(result.status === "stored" && result.report.notes).toEqual(["text-has-no-metadata"]);
  });
});

describe("when metadata cannot be removed, nothing is stored silently", () => {
  it("holds the file when mat2 is missing, and lets the uploader keep it as evidence", async () => {
    const scope = newScope();
    const missing = testConfig(base, { mat2Bin: "/nonexistent/mat2" });
    const result = await upload(
      { name: "photo.jpg", bytes: withExif(JPEG_BASE, GPS) },
      { scope, config: missing },
    );
    expect(result.status).toBe("strip-failed");
    if (result.status !== "strip-failed") return;
    expect(result.failure).toBe("missing");
    expect(result.report.found).toBeNull();
    expect(await listDocuments(scope)).toEqual([]);
    const kept = await db().$transaction((tx) => keepHeldAsEvidence(tx, result.held.id, uploader.id));
    expect(kept.metadataKept).toBe(true);
    expect((await listDocuments(scope)).map((d) => d.id)).toEqual([kept.id]);
  });

  it("asks for confirmation, saying it cannot tell what the file reveals, when asked to keep without mat2", async () => {
    const missing = testConfig(base, { mat2Bin: "/nonexistent/mat2" });
    const result = await upload({ name: "photo.jpg", bytes: JPEG_BASE }, { keep: true, config: missing });
    expect(result.status).toBe("confirm-keep");
    if (result.status !== "confirm-keep") return;
    expect(result.report.found).toBeNull();
    expect(
      (await db().$transaction((tx) => keepHeldAsEvidence(tx, result.held.id, uploader.id))).metadataKept,
    ).toBe(true);
  });

  it("holds the file when mat2 fails on it, and destroys it when the uploader cancels", async () => {
    const scope = newScope();
    // A PNG whose structure is whole but whose image data cannot be decoded: mat2 cannot rebuild it.
    const broken = png();
    const idat = broken.indexOf("IDAT");
    broken.fill(0x55, idat + 4, idat + 20);
    const before = await counts();
    const result = await upload({ name: "screenshot.png", bytes: broken }, { scope });
    expect(result.status).toBe("strip-failed");
    if (result.status !== "strip-failed") return;
    expect(result.failure).toBe("failed");
    // Another member cannot decide for the uploader.
    const other = await createUser();
    expect(await db().$transaction((tx) => discardHeld(tx, result.held.id, other.id))).toBe(false);
    await expect(
      db().$transaction((tx) => keepHeldAsEvidence(tx, result.held.id, other.id)),
    ).rejects.toThrow();
    expect(await db().$transaction((tx) => discardHeld(tx, result.held.id, uploader.id))).toBe(true);
    expect(await counts()).toEqual(before);
  });

  it("holds a decompression bomb instead of letting mat2 exhaust the server's memory", async () => {
    // Without mat2's memory limit this 0.5 MB PNG takes it 2 GB and most of a minute, and is stored.
    const result = await upload({ name: "screenshot.png", bytes: await pngBomb() });
    expect(result.status === "strip-failed" && result.failure).toBe("failed");
  });

  it("lets the uploader change their mind and remove the metadata of a held file after all", async () => {
    const scope = newScope();
    const result = await upload(
      { name: "photo.jpg", bytes: withExif(JPEG_BASE, GPS) },
      { scope, keep: true },
    );
    expect(result.status).toBe("confirm-keep");
    if (result.status !== "confirm-keep") return;
    const cleaned = await removeMetadataFromHeld(result.held.id, uploader.id, config);
    expect(cleaned.status).toBe("stored");
    if (cleaned.status !== "stored") return;
    expect(exiftool((await readDocument(cleaned.document.id)).content, "jpg")).not.toHaveProperty(
      "GPSLatitude",
    );
    // The held original is gone with its key; only the cleaned document remains.
    expect((await listDocuments(scope)).map((d) => d.id)).toEqual([cleaned.document.id]);
    expect(await db().document.count({ where: { id: result.held.id } })).toBe(0);
  });

  it("destroys held files whose decision time is over", async () => {
    const result = await upload({ name: "photo.jpg", bytes: JPEG_BASE }, { keep: true });
    expect(result.status).toBe("confirm-keep");
    if (result.status !== "confirm-keep") return;
    expect(await db().$transaction((tx) => sweepExpiredHeld(tx, new Date(Date.now() + 30 * 60 * 1000)))).toBe(
      0,
    );
    expect(
      await db().$transaction((tx) => sweepExpiredHeld(tx, new Date(Date.now() + 61 * 60 * 1000))),
    ).toBeGreaterThanOrEqual(1);
    expect(await db().document.count({ where: { id: result.held.id } })).toBe(0);
    await expect(
      db().$transaction((tx) => keepHeldAsEvidence(tx, result.held.id, uploader.id)),
    ).rejects.toThrow();
  });
});
