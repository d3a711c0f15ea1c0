// The production build (`npm run build`, which the test script runs first): the web server and the worker
// are compiled JavaScript that plain `node` starts, with React's and React Router's production builds
// inside, nothing from devDependencies, and a quiet start: one line per process saying where it is.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { freePort, waitFor } from "../support/processes";

type Metafile = {
  outputs: Record<
    string,
    { inputs: Record<string, unknown>; imports: Array<{ path: string; kind: string; external?: boolean }> }
  >;
};
const meta = JSON.parse(readFileSync("build/bundle-meta.json", "utf8")) as Metafile;
const pkg = JSON.parse(readFileSync("package.json", "utf8")) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const reactFamily =
  /^(react|react-dom|react-router|react-i18next|@react-router\/[^/]+|@conform-to\/react)(\/|$)/;
const packageName = (specifier: string) =>
  specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0]!;

describe("the compiled processes", () => {
  for (const output of ["build/web.js", "build/worker.js"]) {
    describe(output, () => {
      const bundle = meta.outputs[output]!;
      const inputs = Object.keys(bundle.inputs);
      const externals = bundle.imports.filter((i) => i.external).map((i) => i.path);

      it("holds React Router's production build and none of its development build", () => {
        expect(inputs.some((i) => i.includes("node_modules/react-router/dist/production/"))).toBe(true);
        expect(inputs.filter((i) => i.includes("/react-router/dist/development/"))).toEqual([]);
        // The one line where the two builds differ (the worker's bundle may have shaken it out).
        const text = readFileSync(output, "utf8");
        if (output === "build/web.js") expect(text).toContain("ENABLE_DEV_WARNINGS = false");
        expect(text).not.toContain("ENABLE_DEV_WARNINGS = true");
      });

      it("holds React's production build and none of its development build", () => {
        const react = inputs.filter((i) => /node_modules\/react(-dom)?\/cjs\//.test(i));
        expect(react.length).toBeGreaterThan(0);
        expect(react.filter((i) => !i.endsWith(".production.js"))).toEqual([]);
      });

      it("imports no second copy of React or React Router from node_modules", () => {
        expect(externals.filter((e) => reactFamily.test(e))).toEqual([]);
        // …nor does any package it imports (it would load node_modules' copy, the development build).
        for (const name of new Set(externals.filter((e) => !e.startsWith("node:")).map(packageName))) {
          if (builtinModules.includes(name)) continue;
          const manifest = JSON.parse(readFileSync(`node_modules/${name}/package.json`, "utf8")) as {
            dependencies?: Record<string, string>;
            peerDependencies?: Record<string, string>;
          };
          const uses = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies });
          expect(
            uses.filter((u) => reactFamily.test(u)),
            name,
          ).toEqual([]);
        }
      });

      it("imports production dependencies only (nothing from devDependencies, no TypeScript loader)", () => {
        const outside = [...new Set(externals.map((e) => e.replace(/^node:/, "")).map(packageName))].filter(
          (name) => !builtinModules.includes(name),
        );
        expect(outside.length).toBeGreaterThan(0);
        expect(outside.filter((name) => !(name in pkg.dependencies))).toEqual([]);
      });
    });
  }

  it("the browser gets React Router's production build too", () => {
    const assets = readdirSync("build/client/assets").filter((f) => f.endsWith(".js"));
    const text = assets.map((f) => readFileSync(path.join("build/client/assets", f), "utf8")).join("\n");
    expect(text).toContain("__reactRouterContext"); // React Router is in there…
    // …without the development build's warnings (its production build compiles them away).
    expect(text).not.toContain("You should not include both `Component` and `element`");
  });

  it("production needs none of the development tools", () => {
    for (const tool of ["tsx", "mailparser", "smtp-server", "vite", "esbuild"]) {
      expect(pkg.dependencies[tool], tool).toBeUndefined();
      expect(pkg.devDependencies[tool], tool).toBeDefined();
    }
    const scripts = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> })
      .scripts;
    for (const name of ["start", "worker", "search:reindex"])
      expect(scripts[name]).toMatch(/^(NODE_ENV=production )?node /);
    expect(scripts.start).toContain("build/web.js");
    expect(scripts.worker).toContain("build/worker.js");
    expect(existsSync("build/web.js") && existsSync("build/worker.js")).toBe(true);
  });
});

describe("starting the compiled processes with plain node", () => {
  let child: ChildProcess | undefined;
  afterEach(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once("exit", r));
      child.kill("SIGKILL");
      await exited;
    }
  });

  function start(script: string, env: Record<string, string>) {
    let stdout = "";
    let stderr = "";
    // The shell's NODE_ENV is "test" here: the compiled web server is production whatever it says.
    child = spawn(process.execPath, [script], {
      env: { ...process.env, LOG_LEVEL: "info", PUENTE_PROCESS: "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout!.on("data", (d) => (stdout += d));
    child.stderr!.on("data", (d) => (stderr += d));
    return { out: () => stdout, err: () => stderr, child };
  }

  it("the web server serves pages and says, in one line, where it listens", async () => {
    const port = await freePort();
    const web = start("build/web.js", {
      PORT: String(port),
      APP_URL: `http://127.0.0.1:${port}`,
      SESSION_SECRET: "production-build-test-secret-0123456789abcdef",
    });
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok, 60_000).catch((e) => {
      throw new Error(`${(e as Error).message}\n${web.out()}\n${web.err()}`);
    });
    const page = await fetch(`http://127.0.0.1:${port}/login`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<form");
    // No TypeScript loader in the process.
    const cmdline = readFileSync(`/proc/${web.child.pid}/cmdline`, "utf8").split("\0");
    expect(cmdline.join(" ")).not.toMatch(/tsx|ts-node|--loader|--import/);

    expect(web.err()).toBe("");
    const lines = web.out().trim().split("\n");
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!) as { msg: string; port: number; service: string };
    expect(line).toMatchObject({ msg: "web listening", port, service: "web" });
  });

  it("the worker starts quietly: one line saying what it serves and where", async () => {
    const worker = start("build/worker.js", { NODE_ENV: "production", SESSION_SECRET: "x".repeat(40) });
    await waitFor(() => worker.out().includes("worker started"), 60_000).catch((e) => {
      throw new Error(`${(e as Error).message}\n${worker.out()}\n${worker.err()}`);
    });
    // Let it settle (scheduler registration, the first outbox polls), then read what it said.
    await new Promise((r) => setTimeout(r, 1500));
    expect(worker.err()).toBe("");
    // Its start is one line; what follows is work it does at once (the start-up sweep of owed work),
    // one info line per job: no warnings, no bundler or Prisma notices, nothing that is not a log line.
    const lines = worker.out().trim().split("\n");
    expect(lines.filter((l) => l.includes("worker started"))).toHaveLength(1);
    const rest = lines.slice(1).map((l) => JSON.parse(l) as { level: number; msg: string });
    expect(
      rest.filter((l) => l.level !== 30 || l.msg !== "job done"),
      lines.join("\n"),
    ).toEqual([]);
    const line = JSON.parse(lines[0]!) as { msg: string; service: string; redis: string; prefix: string };
    expect(line).toMatchObject({ msg: "worker started", service: "worker" });
    expect(line.redis).toMatch(/^redis:\/\/127\.0\.0\.1:\d+/);
    const exited = new Promise<number | null>((r) => worker.child.once("exit", r));
    worker.child.kill("SIGTERM");
    expect(await exited).toBe(0);
  }, 90_000); // its own wait for the start is 60 s: the default 30 s cut it short on a loaded machine
});
