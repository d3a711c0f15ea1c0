// Plaintext never rests on disk, also when the process dies: an upload killed while mat2 works leaves
// its files in memory-backed scratch space only, and the web server's start-up sweep removes them.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statfsSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { scratchRoot, sweepScratch, withScratch } from "~/features/documents/services/scratch.server";
import { db } from "~/utils/db.server";
import { closeSqlPools } from "~/utils/sql.server";
import { freePort, waitFor } from "../support/processes";
import { testScratchBase } from "./support";

const base = testScratchBase();
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // already gone
    }
  }
  rmSync(base, { recursive: true, force: true });
  return closeSqlPools();
});

const leftovers = () => (existsSync(scratchRoot(base)) ? readdirSync(scratchRoot(base)) : []);

describe("scratch space", () => {
  it("is a private directory on tmpfs, removed when the work fails", async () => {
    expect(statfsSync(base).type).toBe(0x01021994);
    await expect(
      withScratch(base, async (dir) => {
        writeFileSync(path.join(dir, "upload.pdf"), "plaintext");
        expect(readdirSync(dir)).toEqual(["upload.pdf"]);
        throw new Error("mat2 exploded");
      }),
    ).rejects.toThrow("mat2 exploded");
    expect(leftovers()).toEqual([]);
    expect(statSync(scratchRoot(base)).mode & 0o777).toBe(0o700);
  });

  it("refuses a directory that is not memory-backed", async () => {
    const onDisk = path.resolve("tests/artifacts/not-tmpfs");
    mkdirSync(onDisk, { recursive: true });
    try {
      await expect(withScratch(onDisk, async () => "never")).rejects.toThrow(/not a tmpfs/);
    } finally {
      rmSync(onDisk, { recursive: true, force: true });
    }
  });

  it("sweeps only the leftovers of dead processes, and anything older than an hour", async () => {
    const root = scratchRoot(base);
    mkdirSync(path.join(root, `${process.pid}-live`), { recursive: true, mode: 0o700 });
    mkdirSync(path.join(root, "999999999-dead"), { mode: 0o700 });
    expect(await sweepScratch(base)).toBe(1);
    expect(leftovers()).toEqual([`${process.pid}-live`]);
    expect(await sweepScratch(base, Date.now() + 2 * 60 * 60 * 1000)).toBe(1);
    expect(leftovers()).toEqual([]);
  });
});

describe("an upload killed halfway", () => {
  it(
    "leaves nothing stored, and its plaintext is removed when the web server starts",
    { timeout: 120_000 },
    async () => {
      const child = spawn(process.execPath, ["--import", "tsx", "tests/documents/upload-child.ts", base], {
        env: process.env,
        detached: true,
        stdio: ["ignore", "pipe", "inherit"],
      });
      children.push(child);
      let output = "";
      child.stdout!.on("data", (d) => (output += d));
      // Wait until the upload is in scratch space and mat2 is at work on it, then kill the process.
      const dir = await waitFor(
        () => {
          const [entry] = leftovers();
          return entry && readdirSync(path.join(scratchRoot(base), entry)).length >= 1 ? entry : undefined;
        },
        60_000,
        20,
      );
      await new Promise((r) => setTimeout(r, 300));
      expect(output).toContain("uploading");
      expect(output).not.toContain("finished");
      child.kill("SIGKILL");
      await new Promise((r) => child.once("exit", r));
      // The plaintext is still there (in memory-backed storage) …
      expect(leftovers()).toContain(dir);
      expect(readdirSync(path.join(scratchRoot(base), dir))).toContain("upload.pdf");
      expect(await db().document.count({ where: { scope: "need:killed" } })).toBe(0);

      // … until the web server starts again (the compiled production server): its start-up sweep removes it.
      const port = await freePort();
      const server = spawn(process.execPath, ["build/web.js"], {
        env: {
          ...process.env,
          NODE_ENV: "production",
          PORT: String(port),
          APP_URL: `http://127.0.0.1:${port}`,
          SESSION_SECRET: "killed-upload-test-secret-0123456789abcdef",
          UPLOAD_SCRATCH_DIR: base,
          LOG_LEVEL: "silent",
        },
        detached: true,
        stdio: "ignore",
      });
      children.push(server);
      await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok, 90_000, 200);
      expect(leftovers()).toEqual([]);
      expect(await db().document.count({ where: { scope: "need:killed" } })).toBe(0);
    },
  );
});
