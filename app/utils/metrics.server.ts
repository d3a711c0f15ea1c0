// Prometheus metrics (prom-client): every figure an operator watches, defined here in one place. Each
// process exposes its own on a separate port (metrics-server.server.ts), never on the public one.
// docs/operations.md lists them with the alerts to set. Labels carry names and route patterns, never
// ids, URLs or content, so that no label can hold anything confidential and their number stays small.
import client from "prom-client";
import { createContext, type MiddlewareFunction } from "react-router";
import { setting } from "./env-schema";

export const registry = client.register;

/**
 * One metric per name in the process: a module can be loaded twice (tests load the app's server build
 * beside its sources), and prom-client refuses a second registration of a name.
 */
function once<M>(name: string, make: () => M): M {
  return (registry.getSingleMetric(name) as M | undefined) ?? make();
}

const httpBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const jobBuckets = [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 900];

/** Web: one observation per request React Router answers, by method, route pattern and status. */
export const httpRequestDuration = once(
  "puente_http_request_duration_seconds",
  () =>
    new client.Histogram({
      name: "puente_http_request_duration_seconds",
      help: "Time to answer a request, by method, route pattern (as in app/routes.ts) and status",
      labelNames: ["method", "route", "status"] as const,
      buckets: httpBuckets,
    }),
);

/** Worker: jobs by queue and job name. */
export const jobsCompleted = once(
  "puente_jobs_completed_total",
  () =>
    new client.Counter({
      name: "puente_jobs_completed_total",
      help: "Jobs that finished without error, by queue and job name",
      labelNames: ["queue", "job"] as const,
    }),
);
export const jobsFailed = once(
  "puente_jobs_failed_total",
  () =>
    new client.Counter({
      name: "puente_jobs_failed_total",
      help: "Job attempts that failed, by queue and job name; final=true when no retry is left",
      labelNames: ["queue", "job", "final"] as const,
    }),
);
export const jobDuration = once(
  "puente_job_duration_seconds",
  () =>
    new client.Histogram({
      name: "puente_job_duration_seconds",
      help: "Time a job attempt ran, by queue and job name",
      labelNames: ["queue", "job"] as const,
      buckets: jobBuckets,
    }),
);

/** Worker: what each email.send attempt came to (sent, already, failed_permanent, invalid, unknown, temporary_failure, rescheduled…). */
export const emailResults = once(
  "puente_email_results_total",
  () =>
    new client.Counter({
      name: "puente_email_results_total",
      help: "Email delivery attempts by result",
      labelNames: ["result"] as const,
    }),
);

/** Worker: match runs by trigger, and what they did. */
const matchRuns = once(
  "puente_match_runs_total",
  () =>
    new client.Counter({
      name: "puente_match_runs_total",
      help: "Match runs by trigger (need_changed, offer_changed, rebalance, manual)",
      labelNames: ["trigger"] as const,
    }),
);
const matchRunDuration = once(
  "puente_match_run_duration_seconds",
  () =>
    new client.Histogram({
      name: "puente_match_run_duration_seconds",
      help: "Time a match run took, by trigger",
      labelNames: ["trigger"] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    }),
);
const matchFigures = once(
  "puente_match_items_total",
  () =>
    new client.Counter({
      name: "puente_match_items_total",
      help: "Match run figures summed over runs: needs considered, candidates scored, proposals created and withdrawn",
      labelNames: ["item"] as const,
    }),
);

type MatchSummary = {
  trigger?: string;
  needs?: number;
  candidatesScored?: number;
  proposalsCreated?: number;
  proposalsWithdrawn?: number;
  durationMs?: number;
};

/** Records a match run from the summary the matching service returns (anything else is ignored). */
export function recordMatchRun(summary: unknown, trigger: string) {
  if (!summary || typeof summary !== "object") return;
  const s = summary as MatchSummary;
  if (typeof s.durationMs !== "number") return; // nothing ran (no need affected)
  matchRuns.inc({ trigger });
  matchRunDuration.observe({ trigger }, s.durationMs / 1000);
  const items = {
    needs: s.needs,
    candidates_scored: s.candidatesScored,
    proposals_created: s.proposalsCreated,
    proposals_withdrawn: s.proposalsWithdrawn,
  };
  for (const [item, value] of Object.entries(items))
    if (typeof value === "number" && value > 0) matchFigures.inc({ item }, value);
}

/** Which builds this process runs: React's production build has no `act` (its development build does). */
export function registerBuildInfo(process_: "web" | "worker", react: Record<string, unknown>) {
  const info = once(
    "puente_build_info",
    () =>
      new client.Gauge({
        name: "puente_build_info",
        help: "Always 1; labels say which process this is and which React build it runs",
        labelNames: ["process", "react", "node_env", "node"] as const,
        // Several web processes behind one metrics port (WEB_CONCURRENCY) still say 1, not their count.
        aggregator: "max",
      }),
  );
  info.set(
    {
      process: process_,
      react: typeof react.act === "function" ? "development" : "production",
      node_env: setting("NODE_ENV"),
      node: process.versions.node,
    },
    1,
  );
}

let defaultsCollected = false;
/** Process figures (CPU, memory, event-loop lag, handles) under the puente_ prefix; once per process. */
export function collectProcessMetrics() {
  if (defaultsCollected) return;
  defaultsCollected = true;
  client.collectDefaultMetrics({ prefix: "puente_" });
}

/**
 * A gauge whose value is read when Prometheus scrapes (queue depths, the outbox backlog). A failing
 * read leaves the gauge without a value for that scrape rather than failing the whole scrape.
 */
export function scrapedGauge<L extends string>(options: {
  name: string;
  help: string;
  labelNames?: readonly L[];
  read: (set: (labels: Partial<Record<L, string>>, value: number) => void) => Promise<void>;
}) {
  registry.removeSingleMetric(options.name);
  return new client.Gauge<L>({
    name: options.name,
    help: options.help,
    labelNames: options.labelNames ?? [],
    async collect() {
      this.reset();
      try {
        await options.read((labels, value) => this.set(labels as never, value));
      } catch {
        // the store is away: no value this time (readiness and the logs say why)
      }
    },
  });
}

/** Where the root middleware writes the matched route pattern for the HTTP layer to label its timing. */
export type RouteSlot = { route: string | null };

/**
 * One key per process, as for the request info: server.ts and the app's server build must share it
 * (they are one bundle in production, but two module copies under Vite in development).
 */
const globalForMetrics = globalThis as unknown as {
  __puenteRouteSlot?: ReturnType<typeof createContext<RouteSlot | null>>;
};
export const routeSlotContext = (globalForMetrics.__puenteRouteSlot ??= createContext<RouteSlot | null>(
  null,
));

/**
 * Root middleware (app/root.tsx): tells the HTTP layer which route pattern ("/needs/:id", as in
 * app/routes.ts) answered, so that server.ts times every request React Router answers under its
 * pattern, never its URL. An unknown address is answered by the catch-all route and counted as "/*";
 * "(none)" remains for a request that never reaches a route.
 */
export const routePatternMiddleware: MiddlewareFunction<Response> = ({ pattern, context }, next) => {
  const slot = context.get(routeSlotContext);
  if (slot) slot.route = `/${pattern.replace(/^\/+/, "")}`;
  return next();
};
