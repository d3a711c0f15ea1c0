// Real processes for tests: a throwaway Redis server (to stop and start on purpose) and the worker.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

export async function waitFor<T>(
  fn: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 15_000,
  stepMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await fn();
      if (value) return value as T;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, stepMs));
  }
  throw new Error(`waitFor timed out after ${timeoutMs} ms${last ? `: ${(last as Error).message}` : ""}`);
}

export async function startRedisServer(port?: number) {
  const p = port ?? (await freePort());
  const child = spawn(
    "redis-server",
    ["--port", String(p), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    {
      stdio: "ignore",
    },
  );
  const { Redis } = await import("ioredis");
  await waitFor(async () => {
    const r = new Redis(p, "127.0.0.1", {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    r.on("error", () => {});
    try {
      await r.connect();
      return (await r.ping()) === "PONG";
    } finally {
      r.disconnect();
    }
  });
  return {
    port: p,
    url: `redis://127.0.0.1:${p}/0`,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return; // stopped already
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGKILL");
      await exited;
    },
  };
}

export type WorkerProcess = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

/** Starts the real worker (workers/index.ts) with this test file's database and Redis prefix. */
export function startWorker(env: Record<string, string> = {}): WorkerProcess {
  let out = "";
  const child = spawn(process.execPath, ["--import", "tsx", "workers/index.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "test",
      LOG_LEVEL: "info",
      PUENTE_PROCESS: "worker",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => out, exited };
}

export type WebServer = { child: ChildProcess; port: number; base: string };

/**
 * Starts the compiled production web server (build/web.js) on a free port with this test file's database
 * and Redis prefix, and resolves once /healthz answers. `env` adds to or overrides the defaults.
 */
export async function startWebServer(env: Record<string, string> = {}): Promise<WebServer> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ["build/web.js"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      APP_URL: base,
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: "ignore",
  });
  await waitFor(async () => (await fetch(`${base}/healthz`)).ok, 90_000);
  return { child, port, base };
}
