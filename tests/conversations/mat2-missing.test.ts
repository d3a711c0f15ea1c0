// When metadata cannot be removed (here: mat2 is not installed), nothing is stored silently: the page
// tells the uploader and offers "keep as evidence" or cancel; the file is held, never listed, until then.
import { rmSync } from "node:fs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { closeSqlPools } from "~/utils/sql.server";
import { send } from "../support/app";
import { JPEG_BASE } from "../support/document-fixtures";
import { scratchLeftovers, testScratchBase, withExif } from "../documents/support";
import { buildScene, multipart } from "./support";

const base = testScratchBase();
process.env.UPLOAD_SCRATCH_DIR = base;
process.env.MAT2_BIN = "/nonexistent/mat2";

let s: Awaited<ReturnType<typeof buildScene>>;
beforeAll(async () => {
  s = await buildScene();
});
afterAll(async () => {
  rmSync(base, { recursive: true, force: true });
  await closeSqlPools();
});

it(
  "asks the uploader to keep the file as evidence or cancel; nothing is listed until they decide",
  { timeout: 120_000 },
  async () => {
    const path = `/needs/${s.engagedNeed.id}/documents`;
    const jpeg = withExif(JPEG_BASE, {
      GPSLatitude: "19",
      GPSLatitudeRef: "N",
      GPSLongitude: "99",
      GPSLongitudeRef: "W",
    });
    const { body, headers } = multipart({ name: "photo.jpg", bytes: jpeg }, { metadata: "remove" });
    const res = await send(path, { cookie: s.cookies.coalition, body, headers, method: "POST" });
    expect(res.status).toBe(302);
    expect(res.location).toContain("failure=missing");
    const heldId = new URL(res.location!, "http://x").searchParams.get("held")!;
    const page = await send(res.location!, { cookie: s.cookies.coalition });
    expect(page.body).toContain("Metadata removal is not available on this server at the moment");
    expect(page.body).toContain("You can keep it with its metadata as evidence, or cancel the upload.");
    expect(page.body).toContain('value="keep-evidence"');
    expect(page.body).toContain('value="discard"');
    expect(page.body).not.toContain('value="remove-metadata"');
    expect(await db().document.count({ where: { scope: `need:${s.engagedNeed.id}`, state: "stored" } })).toBe(
      0,
    );
    expect(scratchLeftovers(base)).toEqual([]);

    await send(path, { cookie: s.cookies.coalition, form: { intent: "keep-evidence", documentId: heldId } });
    const list = await send(path, { cookie: s.cookies.secretariat });
    expect(list.body).toContain("photo.jpg");
    expect(list.body).toContain('data-testid="evidence-marker"');
  },
);
