// npm run bench:files — documents: upload (type check, mat2 strip, encrypt, store) and download (read,
// decrypt, audit) of a 10 MB PDF, against a plain copy of the same file in the same run.
//
// 1. Creates its own scratch database (a clone of the migrated test template), never touching yours.
// 2. Makes a 10 MiB PDF like a scanned document (pages of text over a noisy picture) with an author.
// 3. Times, several times each, taking the median:
//    - a plain file copy of the PDF (fs.copyFile, on disk: the baseline);
//    - the whole upload through `receiveDocument` with a real multipart request: metadata removed
//      (mat2 rebuilds each page as an image), then encrypted and stored;
//    - the same upload kept as evidence (no rebuilding: mat2 only lists the metadata);
//    - the parts: mat2 cleaning alone, encrypt + store alone (`putDocument`);
//    - the download: `documentDownload` (read, decrypt, audit event, response) and `readDocument` alone.
// 4. Prints times, throughput (MB/s) and each one's ratio to the plain copy. There is no target: the
//    figures say where the time goes (mat2's rebuilding, by far) and what encryption adds.
// Options: BENCH_FILE_MB (10), BENCH_UPLOADS (3), BENCH_DOWNLOADS (10), BENCH_KEEP=1 (keep the database).
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { generateMasterKeyEntry } from "~/utils/crypto/master-keys";
import { scanLikePdf } from "../../tests/support/document-fixtures";
import { multipartRequest, testConfig, testScratchBase } from "../../tests/documents/support";
import {
  createDatabaseFromTemplate,
  databaseUrl,
  dropDatabase,
  ensureTemplate,
} from "../../tests/support/test-db";

const MiB = 1024 * 1024;
const FILE_MB = Number(process.env.BENCH_FILE_MB ?? 10);
const UPLOADS = Number(process.env.BENCH_UPLOADS ?? 3);
const DOWNLOADS = Number(process.env.BENCH_DOWNLOADS ?? 10);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function time(runs: number, fn: (i: number) => Promise<unknown> | unknown): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    await fn(i);
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return median(samples);
}

async function main() {
  process.env.ENCRYPTION_KEYS ??= generateMasterKeyEntry();
  process.env.LOG_LEVEL ??= "warn";
  await ensureTemplate();
  const dbName = await createDatabaseFromTemplate("puente_test_benchfiles");
  process.env.DATABASE_URL = databaseUrl(dbName);
  // Imported after DATABASE_URL is set: db() connects to the scratch database.
  const { receiveDocument } = await import("~/features/documents/index.server");
  const { documentDownload, readDocument } = await import("~/features/documents/index.server");
  const { putDocument } = await import("~/features/documents/services/store.server");
  const { removeMetadata } = await import("~/features/documents/services/metadata.server");
  const { withScratch } = await import("~/features/documents/services/scratch.server");
  const { db, disconnectDb } = await import("~/utils/db.server");
  const { closeSqlPools } = await import("~/utils/sql.server");

  const disk = mkdtempSync(path.join(tmpdir(), "puente-bench-files-"));
  const scratch = testScratchBase();
  const config = testConfig(scratch, { limits: { fileBytes: 64 * MiB, scopeBytes: 10_000 * MiB } });
  try {
    const pdf = scanLikePdf(FILE_MB * MiB, { author: "Ana Ruiz" });
    const size = pdf.length;
    const pages = (pdf.toString("latin1").match(/\/Type \/Page\b/g) ?? []).length;
    const source = path.join(disk, "source.pdf");
    writeFileSync(source, pdf);
    const user = await db().user.create({ data: { email: "bench-files@example.org", name: "Bench" } });
    console.log(
      `bench:files — ${(size / MiB).toFixed(1)} MiB PDF (${pages} pages like a scan), median of ${UPLOADS} uploads and ${DOWNLOADS} downloads; ${cpus().length} cores, load ${loadavg()[0].toFixed(2)}`,
    );

    const copy = await time(Math.max(DOWNLOADS, 5), (i) =>
      copyFileSync(source, path.join(disk, `copy-${i}.pdf`)),
    );

    let storedId = "";
    const upload = await time(UPLOADS, async (i) => {
      const { request } = multipartRequest({ name: "court-papers.pdf", bytes: pdf }, { metadata: "remove" });
      const result = await receiveDocument(request, { scope: `need:bench-${i}`, actorId: user.id, config });
      if (result.status !== "stored") throw new Error(`upload ${result.status}`);
      storedId = result.document.id;
    });
    const kept = await time(UPLOADS, async (i) => {
      const { request } = multipartRequest({ name: "court-papers.pdf", bytes: pdf }, { metadata: "keep" });
      const result = await receiveDocument(request, {
        scope: `need:bench-keep-${i}`,
        actorId: user.id,
        config,
      });
      if (result.status !== "confirm-keep") throw new Error(`upload ${result.status}`);
    });
    const mat2 = await time(UPLOADS, () =>
      withScratch(scratch, async (dir) => {
        const file = path.join(dir, "upload.pdf");
        writeFileSync(file, pdf);
        const cleaned = await removeMetadata(file, { bin: config.mat2Bin, scratchDir: dir });
        if (!cleaned.ok) throw new Error(`mat2 ${cleaned.failure}`);
      }),
    );
    const store = await time(UPLOADS, (i) =>
      putDocument({
        scope: `need:bench-store-${i}`,
        createdById: user.id,
        filename: "court-papers.pdf",
        mediaType: "application/pdf",
        content: pdf,
        metadataKept: true,
        report: { found: [], removed: [], remaining: [], notes: [] },
      }),
    );
    const cleanedSize = (await readDocument(storedId)).content.length;
    const download = await time(DOWNLOADS, async (i) => {
      const response = await documentDownload({
        documentId: storedId,
        scope: `need:bench-${UPLOADS - 1}`,
        viewer: { userId: user.id, ip: "127.0.0.1" },
      });
      const body = Buffer.from(await response.arrayBuffer());
      if (body.length !== cleanedSize) throw new Error(`download ${i}: ${body.length} bytes`);
    });
    const read = await time(DOWNLOADS, () => readDocument(storedId));

    const row = (label: string, ms: number, bytes = size) =>
      console.log(
        `  ${label.padEnd(46)} ${ms.toFixed(1).padStart(9)} ms ${((bytes / MiB / ms) * 1000).toFixed(1).padStart(8)} MB/s ${(ms / copy).toFixed(1).padStart(9)}× the copy`,
      );
    row("plain file copy (baseline)", copy);
    row("upload: strip + encrypt + store", upload);
    row("upload kept as evidence (list + encrypt + hold)", kept);
    row("  of which mat2 cleaning alone", mat2);
    row("  of which encrypt + store alone", store);
    row(`download: read + decrypt + audit (${(cleanedSize / MiB).toFixed(1)} MiB)`, download, cleanedSize);
    row("  of which read + decrypt alone", read, cleanedSize);
    console.log(
      `ratios — upload/copy: ${(upload / copy).toFixed(0)}×, download/copy: ${(download / copy).toFixed(1)}×; ` +
        `mat2 is ${((mat2 / upload) * 100).toFixed(0)}% of an upload. The cleaned PDF is ${(cleanedSize / MiB).toFixed(1)} MiB (pages rebuilt as images).`,
    );
    await disconnectDb();
    await closeSqlPools();
  } finally {
    rmSync(disk, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
    if (process.env.BENCH_KEEP) console.log(`database kept: ${dbName}`);
    else await dropDatabase(dbName);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
