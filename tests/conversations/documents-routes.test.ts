// Documents through the pages (issue 16): a coalition's need documents and an engagement's, uploaded with
// a plain multipart form, refused when hostile (with a clear message and nothing stored), stripped of
// metadata (checked with exiftool and mat2 from the outside) or kept as evidence after the warning,
// downloaded only through the authorised route (audited, attachment, nosniff, sandbox, no-store),
// deleted by their owner (key destroyed). No temporary file is left in scratch space.
import { rmSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { closeSqlPools } from "~/utils/sql.server";
import { send } from "../support/app";
import {
  docx,
  elfExecutable,
  HTML_PAGE,
  JPEG_BASE,
  pdfZipPolyglot,
  SVG_WITH_SCRIPT,
  truncatedPdf,
  windowsExecutable,
} from "../support/document-fixtures";
import { exiftool, mat2Show, scratchLeftovers, testScratchBase, withExif } from "../documents/support";
import { buildScene, multipart } from "./support";

// The web build reads these when it first needs them: a scratch directory of this file's own and a
// small per-file limit (so "oversize" needs only 2 MB).
const base = testScratchBase();
process.env.UPLOAD_SCRATCH_DIR = base;
process.env.UPLOAD_MAX_FILE_MB = "1";

// mat2 rebuilds files and runs several times per upload: generous on a loaded 2-core machine.
const MAT2_TIMEOUT = 180_000;

let s: Awaited<ReturnType<typeof buildScene>>;
beforeAll(async () => {
  s = await buildScene();
});
afterEach(() => {
  expect(scratchLeftovers(base)).toEqual([]);
});
afterAll(async () => {
  rmSync(base, { recursive: true, force: true });
  await closeSqlPools();
});

const needPath = () => `/needs/${s.engagedNeed.id}/documents`;
const docsIn = (scope: string) => db().document.count({ where: { scope } });

async function upload(path: string, cookie: string, file: { name: string; bytes: Buffer }, keep = false) {
  const { body, headers } = multipart(file, { metadata: keep ? "keep" : "remove" });
  return send(path, { cookie, body, headers, method: "POST" });
}

function idFrom(location: string | null, param: string) {
  const id = new URL(location ?? "", "http://x").searchParams.get(param);
  expect(id, `${param} in ${location}`).toBeTruthy();
  return id!;
}

describe("need documents", { timeout: MAT2_TIMEOUT }, () => {
  it("a plain text upload is stored, reported to the uploader, listed, and downloaded safely by the accepted expert (audited)", async () => {
    const res = await upload(needPath(), s.cookies.coalition, {
      name: "draft-law.txt",
      bytes: Buffer.from("Article 12: registration.\n"),
    });
    expect(res.status).toBe(302);
    const id = idFrom(res.location, "report");
    const page = await send(res.location!, { cookie: s.cookies.coalition });
    expect(page.status).toBe(200);
    expect(page.body).toContain('data-testid="upload-report"');
    expect(page.body).toContain("Plain text and CSV files carry no metadata.");
    expect(page.body).toContain("draft-law.txt");

    const dl = await send(`${needPath()}/${id}`, { cookie: s.cookies.expert });
    expect(dl.status).toBe(200);
    expect(dl.body).toBe("Article 12: registration.\n");
    expect(dl.headers.get("content-disposition")).toMatch(/^attachment;/);
    expect(dl.headers.get("x-content-type-options")).toBe("nosniff");
    expect(dl.headers.get("content-security-policy")).toContain("sandbox");
    expect(dl.headers.get("cache-control")).toContain("no-store");
    expect(
      await db().auditEvent.count({
        where: { action: "document.downloaded", entityId: id, actorId: s.users.expertUser.id },
      }),
    ).toBe(1);
  });

  it("an expert without an accepted proposal cannot list, upload or download; an expert may not upload to the need", async () => {
    const list = await send(needPath(), { cookie: s.cookies.otherExpert });
    expect([403, 404]).toContain(list.status);
    const before = await docsIn(`need:${s.engagedNeed.id}`);
    const res = await upload(needPath(), s.cookies.expert, { name: "x.txt", bytes: Buffer.from("hello\n") });
    expect(res.status).toBe(403);
    expect(await docsIn(`need:${s.engagedNeed.id}`)).toBe(before);
  });

  const hostile: Array<[string, { name: string; bytes: Buffer }, number, string]> = [
    [
      "a Windows executable renamed .pdf",
      { name: "report.pdf", bytes: windowsExecutable() },
      422,
      "This type of file cannot be uploaded",
    ],
    [
      "a Linux executable renamed .docx",
      { name: "notes.docx", bytes: elfExecutable() },
      422,
      "This type of file cannot be uploaded",
    ],
    ["an HTML page", { name: "page.html", bytes: HTML_PAGE }, 422, "This type of file cannot be uploaded"],
    [
      "an SVG with a script",
      { name: "logo.svg", bytes: SVG_WITH_SCRIPT },
      422,
      "This type of file cannot be uploaded",
    ],
    [
      "a PDF/ZIP polyglot",
      { name: "both.pdf", bytes: pdfZipPolyglot() },
      422,
      "carries something else inside",
    ],
    ["a truncated PDF", { name: "cut.pdf", bytes: truncatedPdf() }, 422, "seems damaged or incomplete"],
    [
      "an oversize file",
      { name: "big.txt", bytes: Buffer.alloc(2 * 1024 * 1024, "a") },
      413,
      "This file is too large: a file can be up to 1 MB.",
    ],
  ];
  for (const [name, file, status, message] of hostile) {
    it(`refuses ${name} with a clear message, storing nothing`, async () => {
      const scope = `need:${s.engagedNeed.id}`;
      const before = await docsIn(scope);
      const res = await upload(needPath(), s.cookies.coalition, file);
      expect(res.status).toBe(status);
      expect(res.body).toContain(message);
      expect(res.body).toContain('data-upload-error="doc"');
      expect(await docsIn(scope)).toBe(before);
      expect(await db().document.count({ where: { scope, state: "held" } })).toBe(0);
    });
  }

  it("a JPEG's GPS position is removed by default, and kept as evidence after the warning (marked, warned again at download)", async () => {
    const jpeg = withExif(JPEG_BASE, {
      GPSLatitude: "19.4326",
      GPSLatitudeRef: "N",
      GPSLongitude: "99.1332",
      GPSLongitudeRef: "W",
      Make: "PhoneMaker",
      Model: "Phone 9",
    });
    expect(exiftool(jpeg, "jpg").GPSLatitude).toBeTruthy();

    const stripped = await upload(needPath(), s.cookies.coalition, { name: "protest.jpg", bytes: jpeg });
    expect(stripped.status).toBe(302);
    const strippedId = idFrom(stripped.location, "report");
    const report = await send(stripped.location!, { cookie: s.cookies.coalition });
    expect(report.body).toContain("where it was made (GPS position, place names)");
    const clean = await send(`${needPath()}/${strippedId}`, { cookie: s.cookies.coalition });
    const cleanTags = exiftool(clean.bytes, "jpg");
    expect(cleanTags.GPSLatitude).toBeUndefined();
    expect(cleanTags.Make).toBeUndefined();

    const held = await upload(needPath(), s.cookies.coalition, { name: "evidence.jpg", bytes: jpeg }, true);
    expect(held.status).toBe(302);
    const heldId = idFrom(held.location, "held");
    // Held: not listed, not downloadable, and only the uploader sees the decision.
    const heldPage = await send(held.location!, { cookie: s.cookies.coalition });
    expect(heldPage.body).toContain('data-testid="held-upload"');
    expect(heldPage.body).toContain("everyone who can open it will be able to see what its metadata reveals");
    expect(heldPage.body).toContain("where it was made");
    expect((await send(`${needPath()}/${heldId}`, { cookie: s.cookies.coalition })).status).toBe(404);
    expect((await send(held.location!, { cookie: s.cookies.secretariat })).body).not.toContain(
      'data-testid="held-upload"',
    );

    const kept = await send(needPath(), {
      cookie: s.cookies.coalition,
      form: { intent: "keep-evidence", documentId: heldId },
    });
    expect(kept.status).toBe(302);
    const list = await send(needPath(), { cookie: s.cookies.expert });
    expect(list.body).toContain('data-testid="evidence-marker"');
    // The listing leads to the warning first; the warning names what it reveals.
    expect(list.body).toContain(`?download=${heldId}`);
    const warning = await send(`${needPath()}?download=${heldId}`, { cookie: s.cookies.expert });
    expect(warning.body).toContain('data-testid="download-warning"');
    expect(warning.body).toContain("still carries its original metadata");
    const original = await send(`${needPath()}/${heldId}`, { cookie: s.cookies.expert });
    expect(original.status).toBe(200);
    expect(exiftool(original.bytes, "jpg").GPSLatitude).toBeTruthy();
  });

  it("a DOCX's author is removed by default, and kept when kept as evidence", async () => {
    const file = docx({ text: "Draft law", author: "Maria Lopez-Author" });
    expect(mat2Show(file, "docx")).toContain("Maria Lopez-Author");
    const stripped = await upload(needPath(), s.cookies.coalition, { name: "draft.docx", bytes: file });
    const strippedId = idFrom(stripped.location, "report");
    const clean = await send(`${needPath()}/${strippedId}`, { cookie: s.cookies.secretariat });
    expect(clean.status).toBe(200);
    expect(clean.bytes.includes(Buffer.from("Maria Lopez-Author"))).toBe(false);

    const held = await upload(needPath(), s.cookies.coalition, { name: "leak.docx", bytes: file }, true);
    const heldId = idFrom(held.location, "held");
    expect(
      (
        await send(needPath(), {
          cookie: s.cookies.coalition,
          form: { intent: "keep-evidence", documentId: heldId },
        })
      ).status,
    ).toBe(302);
    const original = await send(`${needPath()}/${heldId}`, { cookie: s.cookies.secretariat });
    expect(mat2Show(original.bytes, "docx")).toContain("Maria Lopez-Author");
  });

  it("a held upload can be cleaned after all, or cancelled (its key destroyed)", async () => {
    const jpeg = withExif(JPEG_BASE, {
      GPSLatitude: "10",
      GPSLatitudeRef: "N",
      GPSLongitude: "10",
      GPSLongitudeRef: "E",
    });
    const held = await upload(needPath(), s.cookies.coalition, { name: "a.jpg", bytes: jpeg }, true);
    const heldId = idFrom(held.location, "held");
    const cleaned = await send(needPath(), {
      cookie: s.cookies.coalition,
      form: { intent: "remove-metadata", documentId: heldId },
    });
    const newId = idFrom(cleaned.location, "report");
    expect(newId).not.toBe(heldId);
    expect(
      exiftool((await send(`${needPath()}/${newId}`, { cookie: s.cookies.coalition })).bytes, "jpg")
        .GPSLatitude,
    ).toBeUndefined();

    const again = await upload(needPath(), s.cookies.coalition, { name: "b.jpg", bytes: jpeg }, true);
    const againId = idFrom(again.location, "held");
    const { dataKeyId } = await db().document.findUniqueOrThrow({ where: { id: againId } });
    // Someone else cannot decide about it.
    expect(
      (
        await send(needPath(), {
          cookie: s.cookies.secretariat,
          form: { intent: "discard", documentId: againId },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await send(needPath(), {
          cookie: s.cookies.coalition,
          form: { intent: "discard", documentId: againId },
        })
      ).status,
    ).toBe(302);
    expect(await db().dataKey.findUnique({ where: { id: dataKeyId } })).toBeNull();
  });

  it("the owner deletes a document: its key is destroyed; others may not delete it", async () => {
    const res = await upload(needPath(), s.cookies.coalition, {
      name: "old.txt",
      bytes: Buffer.from("old\n"),
    });
    const id = idFrom(res.location, "report");
    const { dataKeyId } = await db().document.findUniqueOrThrow({ where: { id } });
    expect(
      (await send(needPath(), { cookie: s.cookies.expert, form: { intent: "delete", documentId: id } }))
        .status,
    ).toBe(403);
    const del = await send(needPath(), {
      cookie: s.cookies.coalition,
      form: { intent: "delete", documentId: id },
    });
    expect(del.status).toBe(302);
    expect(await db().dataKey.findUnique({ where: { id: dataKeyId } })).toBeNull();
    expect((await send(`${needPath()}/${id}`, { cookie: s.cookies.coalition })).status).toBe(404);
    expect(await db().auditEvent.count({ where: { action: "document.deleted", entityId: id } })).toBe(1);
  });
});

describe("engagement documents", () => {
  it("either side uploads; both sides and the secretariat download; a need's document is not reachable through the engagement", async () => {
    const path = `/engagements/${s.engagement.id}/documents`;
    const res = await upload(path, s.cookies.expert, { name: "memo.txt", bytes: Buffer.from("Our memo\n") });
    expect(res.status).toBe(302);
    const id = idFrom(res.location, "report");
    for (const cookie of [s.cookies.coalition, s.cookies.secretariat, s.cookies.expert])
      expect((await send(`${path}/${id}`, { cookie })).body).toBe("Our memo\n");
    expect((await send(`${path}/${id}`, { cookie: s.cookies.otherExpert })).status).toBe(404);
    const needDoc = await db().document.findFirstOrThrow({ where: { scope: `need:${s.engagedNeed.id}` } });
    expect((await send(`${path}/${needDoc.id}`, { cookie: s.cookies.coalition })).status).toBe(404);
  });
});
