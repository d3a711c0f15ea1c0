// Helpers for the document tests: real multipart requests (streamed, counting what the server reads),
// a scratch directory of the test's own on tmpfs, and exiftool / mat2 to check files from the outside.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { PipelineConfig } from "~/features/documents/index.server";
import { scratchRoot } from "~/features/documents/services/scratch.server";

const MiB = 1024 * 1024;

/** A scratch base on tmpfs for this test file only (so parallel test files never see each other's files). */
export function testScratchBase() {
  return mkdtempSync("/dev/shm/puente-test-");
}

export function testConfig(base: string, overrides: Partial<PipelineConfig> = {}): PipelineConfig {
  return {
    limits: { fileBytes: 20 * MiB, scopeBytes: 100 * MiB },
    scratchBase: base,
    mat2Bin: "mat2",
    ...overrides,
  };
}

/** What is left in the private scratch root (should be nothing between uploads). */
export function scratchLeftovers(base: string): string[] {
  const root = scratchRoot(base);
  return existsSync(root) ? readdirSync(root) : [];
}

export type SentRequest = { request: Request; pulled: () => number; total: number };

/**
 * A multipart/form-data POST as a browser sends it from a form without JavaScript, streamed in 64 KiB
 * pieces; `pulled()` tells how many bytes the server has read so far.
 */
export function multipartRequest(
  file: { name: string; bytes: Buffer; type?: string; field?: string } | null,
  fields: Record<string, string> = {},
  options: { contentLength?: boolean } = {},
): SentRequest {
  const boundary = `----PuenteTest${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields))
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? "file"}"; filename="${file.name}"\r\n` +
          `Content-Type: ${file.type ?? "application/octet-stream"}\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from("\r\n"),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  const body = Buffer.concat(parts);
  let offset = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (offset >= body.length) return controller.close();
        const piece = body.subarray(offset, offset + 64 * 1024);
        offset += piece.length;
        controller.enqueue(new Uint8Array(piece));
      },
    },
    { highWaterMark: 0 },
  );
  const headers = new Headers({ "Content-Type": `multipart/form-data; boundary=${boundary}` });
  if (options.contentLength) headers.set("Content-Length", String(body.length));
  const request = new Request("http://localhost:3000/needs/n1/documents", {
    method: "POST",
    headers,
    body: stream,
    duplex: "half",
  } as RequestInit);
  return { request, pulled: () => offset, total: body.length };
}

/** Runs a command-line tool on a copy of `bytes` in a tmpfs directory of the test's own. */
function onTmpfs<T>(bytes: Buffer, ext: string, run: (file: string) => T): T {
  const dir = mkdtempSync("/dev/shm/puente-check-");
  try {
    const file = path.join(dir, `check.${ext}`);
    writeFileSync(file, bytes);
    return run(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A copy of the JPEG with the tags given, written by exiftool (e.g. GPS position, camera). */
export function withExif(jpeg: Buffer, tags: Record<string, string>): Buffer {
  return onTmpfs(jpeg, "jpg", (file) => {
    execFileSync("exiftool", [
      "-q",
      "-overwrite_original",
      ...Object.entries(tags).map(([k, v]) => `-${k}=${v}`),
      file,
    ]);
    return readFileSync(file);
  });
}

/** exiftool's view of a file: every tag it finds, by name. */
export function exiftool(bytes: Buffer, ext: string): Record<string, unknown> {
  return onTmpfs(bytes, ext, (file) => {
    const [tags] = JSON.parse(execFileSync("exiftool", ["-j", file]).toString()) as Record<string, unknown>[];
    return tags;
  });
}

/** mat2's own view (`mat2 --show`). */
export function mat2Show(bytes: Buffer, ext: string): string {
  return onTmpfs(bytes, ext, (file) => execFileSync("mat2", ["--show", file]).toString());
}
