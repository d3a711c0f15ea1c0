// The HTTP server for development (Vite middleware, HMR) and production (built assets). Express only
// serves static files, compresses, and hands the client IP and a CSP nonce to React Router; everything
// else — CSRF, headers, authorisation — lives in the app so it applies to every route the same way.
//
// Production runs this file compiled (`npm run build` writes build/web.js, `npm start` runs it with
// plain node): the app's server build is bundled in, with React and React Router's production builds
// (scripts/build-server.mjs). Run from source (`npm run dev`), it serves through Vite in development.
import cluster from "node:cluster";
import path, { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequestHandler } from "@react-router/express";
import compression from "compression";
import express from "express";
import { AggregatorRegistry } from "prom-client";
import * as React from "react";
import type { ServerBuild } from "react-router";
import { loadEnvOrExit, webEnvSchema } from "./app/utils/env-schema";
import { logger } from "./app/utils/logger.server";
import {
  collectProcessMetrics,
  httpRequestDuration,
  registerBuildInfo,
  type RouteSlot,
} from "./app/utils/metrics.server";
import { metricsAddress, startMetricsServerOrExit } from "./app/utils/metrics-server.server";
import { compressWhole } from "./app/utils/compress-whole.server";
import { createLoadContext } from "./app/utils/request-context.server";
import { applySecurityHeaders, createNonce } from "./app/utils/security.server";
import { sweepUploadLeftovers } from "./app/features/documents/services/scratch.server";
import { uploadRoutePaths } from "./app/features/documents/upload-routes";
import { limitRequestBodies } from "./app/utils/body-limit.server";

process.env.PUENTE_PROCESS ??= "web";
// The compiled server is the production server, whatever NODE_ENV the shell had.
const compiled = typeof __PUENTE_COMPILED__ !== "undefined";
if (compiled) Object.assign(process.env, { NODE_ENV: "production" });
const env = loadEnvOrExit(webEnvSchema);
const production = env.NODE_ENV === "production";
if (production && !compiled) {
  console.error(
    "The production web server runs compiled: `npm run build`, then `npm start` (node build/web.js).",
  );
  process.exit(1);
}

// Several web processes on one host: the primary only forks and watches them; each worker serves the
// port (node:cluster hands connections round-robin). Sessions, rate limits and jobs live outside the
// process, so any worker can answer any request.
const metrics = { port: env.METRICS_PORT, host: env.METRICS_HOST, token: env.METRICS_TOKEN };
if (production && env.WEB_CONCURRENCY > 1 && cluster.isPrimary) {
  // The primary serves the metrics of all its web processes, summed (prom-client asks each over IPC).
  if (metrics.port) {
    const aggregator = new AggregatorRegistry();
    await startMetricsServerOrExit(
      {
        port: metrics.port,
        host: metrics.host,
        token: metrics.token,
        metrics: () => aggregator.clusterMetrics(),
        contentType: aggregator.contentType,
      },
      logger,
    );
  }
  let stopping = false;
  for (let i = 0; i < env.WEB_CONCURRENCY; i++) cluster.fork();
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    logger.error({ pid: worker.process.pid, code, signal }, "web process exited; starting another");
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

/**
 * `X-Content-Type-Options: nosniff` on every response, whoever answers it (static files, React Router,
 * Express's own errors, the body-size limit): added just before the headers leave, unless the answer set
 * it already (React Router appends its headers, so setting it up front would send it twice).
 */
function noSniffOnEveryResponse(_req: express.Request, res: express.Response, next: express.NextFunction) {
  const writeHead = res.writeHead;
  res.writeHead = function (this: express.Response, ...args: unknown[]) {
    if (!this.headersSent && !this.hasHeader("X-Content-Type-Options"))
      this.setHeader("X-Content-Type-Options", "nosniff");
    return (writeHead as (...a: unknown[]) => express.Response).apply(this, args);
  } as typeof res.writeHead;
  next();
}

async function serve() {
  // Uploads that a killed process was checking or stripping leave plaintext in memory-backed scratch
  // space: remove it before serving.
  await sweepUploadLeftovers(env.UPLOAD_SCRATCH_DIR);
  if (metrics.port) {
    collectProcessMetrics();
    registerBuildInfo("web", React as unknown as Record<string, unknown>);
    // A forked web process answers its primary's metrics requests; a lone one serves them itself.
    if (cluster.isWorker) new AggregatorRegistry();
    else
      await startMetricsServerOrExit(
        { port: metrics.port, host: metrics.host, token: metrics.token },
        logger,
      );
  }
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", env.TRUST_PROXY_HOPS);
  app.use(noSniffOnEveryResponse);
  // Bodies above their route kind's limit are refused with 413 before they are read (issue 15).
  app.use(
    limitRequestBodies({
      uploadFileBytes: env.UPLOAD_MAX_FILE_MB * 1024 * 1024,
      uploadPaths: uploadRoutePaths,
    }),
  );
  app.use(compression());
  // Responses from React Router get their security headers from the root middleware; static files get
  // the same headers here (setting them on every response would send them twice).
  const staticHeaders = (res: express.Response) => {
    const headers = new Headers();
    applySecurityHeaders(headers, production);
    headers.forEach((value, key) => res.setHeader(key, value));
  };

  const getLoadContext = (req: express.Request, res: express.Response) =>
    createLoadContext({ ip: req.ip ?? null, nonce: createNonce(), routeSlot: res.locals.routeSlot });

  // Every request React Router answers, timed to its last byte and labelled with the route pattern the
  // root middleware found (routePatternMiddleware), or "(none)" when no route matched.
  const timeRequest: express.RequestHandler = (req, res, next) => {
    if (!metrics.port) return next();
    const started = performance.now();
    const slot: RouteSlot = { route: null };
    res.locals.routeSlot = slot;
    res.once("finish", () => {
      httpRequestDuration.observe(
        { method: req.method, route: slot.route ?? "(none)", status: String(res.statusCode) },
        (performance.now() - started) / 1000,
      );
    });
    next();
  };

  // A constant in the compiled server, so that the development branch (and Vite) is not bundled in.
  if (typeof __PUENTE_COMPILED__ !== "undefined") {
    const build = (await import("virtual:puente/server-build")) as ServerBuild;
    // Next to build/web.js, wherever the process was started from.
    const clientDir = fileURLToPath(new URL("./client", import.meta.url));
    app.use(
      "/assets",
      express.static(path.join(clientDir, "assets"), {
        immutable: true,
        maxAge: "1y",
        setHeaders: staticHeaders,
      }),
    );
    // Other public files (favicon, robots.txt) have an extension; pages do not, and skip the disk lookup.
    const publicFiles = express.static(clientDir, { maxAge: "1h", setHeaders: staticHeaders });
    app.use((req, res, next) => {
      const ext = extname(req.path);
      return ext && ext !== ".data" ? publicFiles(req, res, next) : next();
    });
    app.use(timeRequest, compressWhole, createRequestHandler({ build, getLoadContext }));
  } else {
    const vite = await import("vite").then((v) =>
      v.createServer({ server: { middlewareMode: true, hmr: { port: env.PORT + 10_000 } } }),
    );
    app.use(vite.middlewares);
    app.use(async (req, res, next) => {
      try {
        const build = (await vite.ssrLoadModule("virtual:react-router/server-build")) as ServerBuild;
        return timeRequest(req, res, () => createRequestHandler({ build, getLoadContext })(req, res, next));
      } catch (error) {
        if (error instanceof Error) vite.ssrFixStacktrace(error);
        next(error);
      }
    });
  }

  // Last resort: something below React Router failed (it renders its own error pages otherwise). A client
  // error Express found (a malformed static path) keeps its 4xx.
  app.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = Number((error as { status?: unknown })?.status);
    const clientError = status >= 400 && status < 500;
    // A body cut off by the size limit has had its 413 already.
    if ((res as { bodyRefused?: boolean }).bodyRefused) return;
    if (!clientError) logger.error({ err: (error as Error)?.message }, "http error");
    if (!res.headersSent)
      res
        .status(clientError ? status : 500)
        .set("Cache-Control", "private, no-store")
        .type("text/plain")
        .send(clientError ? "Bad request" : "Internal error");
  });

  // Loopback unless HOST says otherwise: a development server (and its mailbox) is never on the network
  // by accident.
  const server = app.listen(env.PORT, env.HOST, () => {
    logger.info(
      { url: env.APP_URL, host: env.HOST, port: env.PORT, metrics: metricsAddress(metrics) },
      "web listening",
    );
  });

  function shutdown() {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 10_000).unref();
  }
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}
