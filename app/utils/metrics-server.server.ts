// The metrics endpoint: `GET /metrics` on a port of its own (METRICS_PORT for the web process,
// WORKER_METRICS_PORT for the worker), bound to METRICS_HOST (loopback by default). With METRICS_TOKEN
// set, a scrape must send `Authorization: Bearer <token>`; the env schema refuses a non-loopback host
// without a token, so the figures are never public.
import { timingSafeEqual, createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import { registry } from "./metrics.server";

export type MetricsServerOptions = {
  port: number;
  host: string;
  token?: string;
  /** The text to serve (default: this process's registry; the cluster primary aggregates its workers). */
  metrics?: () => Promise<string>;
  contentType?: string;
};

const digest = (value: string) => createHash("sha256").update(value).digest();

/** Constant-time comparison of the presented bearer token with the configured one. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const presented = /^Bearer\s+(.+)$/i.exec(header ?? "")?.[1]?.trim() ?? "";
  return timingSafeEqual(digest(presented), digest(token));
}

function startMetricsServer(options: MetricsServerOptions): Promise<Server> {
  const metrics = options.metrics ?? (() => registry.metrics());
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path !== "/metrics" || (req.method !== "GET" && req.method !== "HEAD")) {
      res.writeHead(404, { "Content-Type": "text/plain" }).end("Not found\n");
      return;
    }
    if (options.token && !bearerMatches(req.headers.authorization, options.token)) {
      res
        .writeHead(401, { "Content-Type": "text/plain", "WWW-Authenticate": 'Bearer realm="metrics"' })
        .end("Unauthorized\n");
      return;
    }
    metrics().then(
      (text) => {
        res.writeHead(200, {
          "Content-Type": options.contentType ?? registry.contentType,
          "Cache-Control": "no-store",
        });
        res.end(req.method === "HEAD" ? undefined : text);
      },
      (error: Error) => {
        res.writeHead(500, { "Content-Type": "text/plain" }).end(`metrics unavailable: ${error.message}\n`);
      },
    );
  });
  // Scrapes are short; nothing should hold the process open at shutdown.
  server.keepAliveTimeout = 5_000;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      server.unref();
      resolve(server);
    });
  });
}

/** For process entry points: a metrics port that cannot be had stops the process with one clear line. */
export async function startMetricsServerOrExit(
  options: MetricsServerOptions,
  log: { error: (obj: object, msg: string) => void },
) {
  try {
    return await startMetricsServer(options);
  } catch (error) {
    log.error(
      { port: options.port, host: options.host, err: (error as Error).message },
      "cannot serve metrics on this port (METRICS_PORT / WORKER_METRICS_PORT)",
    );
    process.exit(1);
  }
}

/** For start-up lines: where the metrics are, or that they are off. */
export function metricsAddress(options: { port?: number; host: string }) {
  if (!options.port) return "off";
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  return `http://${host}:${options.port}/metrics`;
}
