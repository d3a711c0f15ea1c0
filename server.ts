// The HTTP server for development (Vite middleware, HMR) and production (built assets). Express only
// serves static files, compresses, and hands the client IP and a CSP nonce to React Router; everything
// else — CSRF, headers, authorisation — lives in the app so it applies to every route the same way.
import cluster from "node:cluster";
import { extname } from "node:path";
import { createRequestHandler } from "@react-router/express";
import compression from "compression";
import express from "express";
import type { ServerBuild } from "react-router";
import { loadEnvOrExit, webEnvSchema } from "./app/utils/env-schema";
import { compressWhole } from "./app/utils/compress-whole.server";
import { createLoadContext } from "./app/utils/request-context.server";
import { applySecurityHeaders, createNonce } from "./app/utils/security.server";
import { sweepUploadLeftovers } from "./app/features/documents/services/scratch.server";

process.env.PUENTE_PROCESS ??= "web";
const env = loadEnvOrExit(webEnvSchema);
const production = env.NODE_ENV === "production";

// Several web processes on one host: the primary only forks and watches them; each worker serves the
// port (node:cluster hands connections round-robin). Sessions, rate limits and jobs live outside the
// process, so any worker can answer any request.
if (production && env.WEB_CONCURRENCY > 1 && cluster.isPrimary) {
  let stopping = false;
  for (let i = 0; i < env.WEB_CONCURRENCY; i++) cluster.fork();
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    console.error(
      JSON.stringify({
        level: "error",
        msg: "web process exited; starting another",
        pid: worker.process.pid,
        code,
        signal,
      }),
    );
    cluster.fork();
  });
  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
    const done = () => Object.keys(cluster.workers ?? {}).length === 0 && process.exit(0);
    cluster.on("exit", done);
    done();
    setTimeout(() => process.exit(0), 12_000).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
} else {
  await serve();
}

async function serve() {
  // Uploads that a killed process was checking or stripping leave plaintext in memory-backed scratch
  // space: remove it before serving.
  await sweepUploadLeftovers(env.UPLOAD_SCRATCH_DIR);
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", env.TRUST_PROXY_HOPS);
  app.use(compression());
  // Responses from React Router get their security headers from the root middleware; static files get
  // the same headers here (setting them on every response would send them twice).
  const staticHeaders = (res: express.Response) => {
    const headers = new Headers();
    applySecurityHeaders(headers, production);
    headers.forEach((value, key) => res.setHeader(key, value));
  };

  const getLoadContext = (req: express.Request) =>
    createLoadContext({ ip: req.ip ?? null, nonce: createNonce() });

  if (production) {
    const buildUrl = new URL("./build/server/index.js", import.meta.url).href;
    const build = (await import(buildUrl)) as ServerBuild;
    app.use(
      "/assets",
      express.static("build/client/assets", { immutable: true, maxAge: "1y", setHeaders: staticHeaders }),
    );
    // Other public files (favicon, robots.txt) have an extension; pages do not, and skip the disk lookup.
    const publicFiles = express.static("build/client", { maxAge: "1h", setHeaders: staticHeaders });
    app.use((req, res, next) => {
      const ext = extname(req.path);
      return ext && ext !== ".data" ? publicFiles(req, res, next) : next();
    });
    app.use(compressWhole, createRequestHandler({ build, getLoadContext }));
  } else {
    const vite = await import("vite").then((v) =>
      v.createServer({ server: { middlewareMode: true, hmr: { port: env.PORT + 10_000 } } }),
    );
    app.use(vite.middlewares);
    app.use(async (req, res, next) => {
      try {
        const build = (await vite.ssrLoadModule("virtual:react-router/server-build")) as ServerBuild;
        return createRequestHandler({ build, getLoadContext })(req, res, next);
      } catch (error) {
        if (error instanceof Error) vite.ssrFixStacktrace(error);
        next(error);
      }
    });
  }

  // Last resort: something below React Router failed (it renders its own error pages otherwise).
  app.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    console.error(JSON.stringify({ level: "error", msg: "http error", err: (error as Error)?.message }));
    if (!res.headersSent) res.status(500).type("text/plain").send("Internal error");
  });

  const server = app.listen(env.PORT, () => {
    console.log(JSON.stringify({ level: "info", msg: "web listening", url: env.APP_URL, port: env.PORT }));
  });

  function shutdown() {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 10_000).unref();
  }
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}
