// Several web processes on one host (WEB_CONCURRENCY): the primary forks them, replaces one that dies,
// and on SIGTERM stops them all and exits.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { freePort, waitFor } from "../support/processes";

/**
 * Live web processes forked by a pid, from /proc: children running build/web.js.
 */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]!.split(" ");
      if (Number(fields[1]) !== pid || fields[0] === "Z") continue;
      if (readFileSync(`/proc/${entry}/cmdline`, "utf8").includes("build/web.js")) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

let stop: (() => void) | undefined;
afterEach(() => stop?.());

describe("web processes", () => {
  it("serves from WEB_CONCURRENCY processes, replaces one that dies, and stops them all on SIGTERM", async () => {
    const port = await freePort();
    let output = "";
    const primary = spawn(process.execPath, ["build/web.js"], {
      env: {
        ...process.env,
        NODE_ENV: "production",
        PORT: String(port),
        APP_URL: `http://127.0.0.1:${port}`,
        WEB_CONCURRENCY: "2",
        SESSION_SECRET: "web-processes-test-secret-0123456789abcdef",
        LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    primary.stdout!.on("data", (d) => (output += d));
    primary.stderr!.on("data", (d) => (output += d));
    stop = () => primary.kill("SIGKILL");
    const exited = new Promise<number | null>((resolve) => primary.once("exit", (code) => resolve(code)));

    // Generous waits: with the whole suite running on two cores, starting three Node processes is slow.
    const workers = await waitFor(
      () => childrenOf(primary.pid!).length === 2 && childrenOf(primary.pid!),
      90_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\nprimary exit code ${primary.exitCode}; output:\n${output}`);
    });
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok, 90_000);
    const statuses = await Promise.all(
      Array.from({ length: 20 }, async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).status),
    );
    expect(statuses.every((s) => s === 200)).toBe(true);

    process.kill(workers[0]!, "SIGKILL");
    const replaced = await waitFor(() => {
      const now = childrenOf(primary.pid!);
      return now.length === 2 && !now.includes(workers[0]!) && now;
    }, 90_000);
    expect(replaced).toContain(workers[1]);
    // The primary logs before it forks, but the pipe's data can reach this process a turn after the new
    // child shows in /proc: wait for the line rather than read the buffer at once.
    await waitFor(() => output.includes("web process exited; starting another"), 30_000).catch(() => {
      throw new Error(`the primary never said it replaced a web process; output:\n${output}`);
    });
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok, 90_000);

    primary.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(childrenOf(primary.pid!)).toEqual([]);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  }, 300_000);
});
