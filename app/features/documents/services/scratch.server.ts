// Scratch space for uploads while they are checked and stripped: a private directory (0700) on a
// memory-backed filesystem (tmpfs, /dev/shm), one subdirectory per upload, removed when the upload ends
// (also on failure), at process exit, and by a start-up sweep for the leftovers of a killed process.
// Plaintext is never written anywhere else.
import { rmSync } from "node:fs";
import { lstat, mkdir, readdir, rm, statfs, stat, mkdtemp } from "node:fs/promises";
import path from "node:path";
import { logger } from "~/utils/logger.server";

const TMPFS_MAGIC = 0x01021994;
const RAMFS_MAGIC = 0x858458f6;
/** An upload never takes this long; anything older is a leftover whatever its process. */
const LEFTOVER_AGE_MS = 60 * 60 * 1000;

export class ScratchUnavailableError extends Error {
  constructor(reason: string) {
    super(`no memory-backed scratch space: ${reason}`);
    this.name = "ScratchUnavailableError";
  }
}

const uid = () => process.getuid?.() ?? 0;

/** The private root under `base` (e.g. /dev/shm/puente-uploads-<uid>). */
export function scratchRoot(base: string) {
  return path.join(base, `puente-uploads-${uid()}`);
}

async function isMemoryBacked(dir: string): Promise<boolean> {
  try {
    const fs = await statfs(dir);
    return fs.type === TMPFS_MAGIC || fs.type === RAMFS_MAGIC;
  } catch {
    return false;
  }
}

/** Creates (or checks) the private root: ours, a real directory, mode 0700, on tmpfs. */
async function ensureRoot(base: string): Promise<string> {
  if (!(await isMemoryBacked(base))) throw new ScratchUnavailableError(`${base} is not a tmpfs`);
  const root = scratchRoot(base);
  await mkdir(root, { mode: 0o700 }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "EEXIST") throw error;
  });
  const info = await lstat(root);
  if (!info.isDirectory() || info.isSymbolicLink())
    throw new ScratchUnavailableError(`${root} is not a directory`);
  if (info.uid !== uid()) throw new ScratchUnavailableError(`${root} belongs to another user`);
  if ((info.mode & 0o077) !== 0) throw new ScratchUnavailableError(`${root} is readable by others`);
  return root;
}

const active = new Set<string>();
let exitHookInstalled = false;

function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A normal exit (SIGTERM drain, crash with an exception) removes what is still in use; a SIGKILL
  // leaves it for the next start-up sweep.
  process.once("exit", () => {
    for (const dir of active) rmSync(dir, { recursive: true, force: true });
  });
}

/**
 * Runs `work` with a fresh private directory for one upload and removes it afterwards, whatever happens.
 * Named `<pid>-<random>` so the sweep can tell a dead process's leftovers from a live upload.
 */
export async function withScratch<T>(base: string, work: (dir: string) => Promise<T>): Promise<T> {
  const root = await ensureRoot(base);
  installExitHook();
  const dir = await mkdtemp(path.join(root, `${process.pid}-`));
  active.add(dir);
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
    active.delete(dir);
  }
}

function alive(pid: number) {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * The start-up sweep: removes upload directories whose process is gone (killed halfway) or that are
 * older than an hour. Safe while other processes on the host are uploading. Returns how many it removed.
 */
export async function sweepScratch(base: string, now = Date.now()): Promise<number> {
  const root = scratchRoot(base);
  let entries: string[];
  try {
    entries = await readdir(root);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of entries) {
    const full = path.join(root, name);
    const pid = Number(name.split("-")[0]);
    const info = await stat(full).catch(() => undefined);
    if (!info) continue;
    const stale = now - info.mtimeMs > LEFTOVER_AGE_MS;
    if (stale || !Number.isInteger(pid) || !alive(pid)) {
      await rm(full, { recursive: true, force: true });
      removed++;
    }
  }
  return removed;
}

/**
 * The start-up sweep as a process calls it (server.ts): never throws — a failed sweep is logged, and
 * the next start tries again.
 */
export async function sweepUploadLeftovers(base: string): Promise<number> {
  try {
    const removed = await sweepScratch(base);
    if (removed) logger.warn({ removed }, "removed upload leftovers of a stopped process");
    return removed;
  } catch (error) {
    logger.error({ err: (error as Error).message }, "upload leftovers sweep failed");
    return 0;
  }
}
