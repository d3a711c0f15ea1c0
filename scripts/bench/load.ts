// npm run bench:load — a mixed workload against the production build, with the worker running.
//
// 1. Creates its own scratch database (a clone of the migrated test template), loads the demo network
//    (prisma/seed.ts) and 2,000 extra open needs, and uses its own REDIS_PREFIX; never touches yours.
// 2. Builds the app if build/ is missing (LOAD_BUILD=1 forces a build), then starts the production
//    server (`node build/web.js`), the worker (`node build/worker.js`) and a mail catcher on loopback.
// 3. Signs in coalition and expert members by inserting Session rows (the way tests do).
// 4. Runs autocannon at 50 connections for 60 s (LOAD_SECONDS, LOAD_CONNECTIONS) over a request mix:
//    needs board with filters, offers board, search queries, need detail pages and POSTed engagement
//    updates (same Origin, form-encoded, as the browser's no-JS form sends them).
// 5. Prints throughput, p50, p99, errors and unexpected statuses overall and per route group, the outbox
//    backlog at the end, the machine's load average at start and end; then stops everything and drops the DB.
// Targets (issue 8): zero errors and p99 < 200 ms. Exits non-zero when missed (LOAD_KEEP=1 keeps the DB).
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { generateMasterKeyEntry } from "~/utils/crypto/master-keys";
import { createPrismaClient } from "~/utils/db.server";
import { seed } from "../../prisma/seed";
import { freePort, waitFor } from "../../tests/support/processes";
import {
  createDatabaseFromTemplate,
  databaseUrl,
  dropDatabase,
  ensureTemplate,
} from "../../tests/support/test-db";

type Req = { method?: string; path?: string; headers?: Record<string, string>; body?: string };
type Ctx = { group?: string };
type RequestSpec = Req & { setupRequest?: (req: Req, context: Ctx) => Req };
type Histogram = { p50: number; p99: number; average: number; total: number };
type Result = {
  requests: { average: number; total: number };
  latency: Histogram;
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
};
type Instance = Promise<Result> & {
  on(
    event: "response",
    fn: (client: { requestIterator: { context: Ctx } }, status: number, bytes: number, ms: number) => void,
  ): void;
};
const autocannon = createRequire(import.meta.url)("autocannon") as (options: {
  url: string;
  connections: number;
  duration: number;
  timeout?: number;
  requests: RequestSpec[];
}) => Instance;

const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS ?? 50);
const EXTRA_NEEDS = Number(process.env.LOAD_EXTRA_NEEDS ?? 2_000);
const TARGET_P99_MS = 200;

const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)];

async function prepare(url: string) {
  const client = createPrismaClient(url, { max: 2, bulk: true });
  try {
    // Bulk: extra open network needs from the seeded coalitions, so boards and search page through real volume.
    await client.$executeRawUnsafe(
      `
      WITH coalitions AS (SELECT array_agg(id ORDER BY id) ids FROM "Organisation" WHERE kind = 'COALITION' AND "vettingLevel" <> 'unverified'),
           authors AS (SELECT array_agg(m."userId" ORDER BY m."userId") ids FROM "Membership" m JOIN "Organisation" o ON o.id = m."organisationId" WHERE o.kind = 'COALITION'),
           params AS (SELECT g, (ARRAY['legal','digital_security','advocacy'])[1 + g % 3] AS category, (ARRAY['es','en','fr'])[1 + g % 3] AS lang,
                             (ARRAY['MX','GT','KE','SN','CO','PH','RS','TN'])[1 + g % 8] AS country FROM generate_series(1, $1::int) g)
      INSERT INTO "Need" (id, "organisationId", "createdById", title, summary, details, "outcomeWanted", "contentLanguage", "categoryId", "topicIds",
        "countryCode", languages, urgency, "wantedBy", "effortHours", format, "civicContext", visibility, anonymised, status, "submittedAt", "openedAt", "createdAt", "updatedAt")
      SELECT 'load-need-' || g, (SELECT ids FROM coalitions)[1 + g % (SELECT cardinality(ids) FROM coalitions)], (SELECT ids FROM authors)[1],
        'Load need ' || g || ': ' || replace(category, '_', ' ') || ' support for a coalition facing new restrictions',
        'The coalition needs help with ' || replace(category, '_', ' ') || ' after a new law on associations and protests.',
        'Confidential details ' || g, 'Confidential outcome ' || g, lang, category,
        ARRAY[(SELECT id FROM "Topic" t WHERE t."categoryId" = category ORDER BY id OFFSET (g % 6) LIMIT 1)],
        country, ARRAY[lang, 'en'], (ARRAY['critical','high','normal','low'])[1 + g % 4]::"Urgency", now() + ((g % 90) || ' days')::interval, 5 + g % 40,
        'either'::"WorkFormat", 'closing'::"CivicContext", 'network'::"NeedVisibility", false, 'open'::"NeedStatus",
        now() - ((g % 60 + 2) || ' days')::interval, now() - ((g % 60) || ' days')::interval, now() - ((g % 60 + 3) || ' days')::interval, now()
      FROM params`,
      EXTRA_NEEDS,
    );
    await client.$executeRawUnsafe(`ANALYZE "Need"`);
    const session = async (userId: string, organisationId: string) => {
      const token = randomBytes(32).toString("base64url");
      await client.session.create({
        data: {
          id: createHash("sha256").update(token).digest("hex"),
          userId,
          activeOrganisationId: organisationId,
          expiresAt: new Date(Date.now() + 86_400_000),
        },
      });
      return `__session=${token}`;
    };
    // Writers: members of each side of every active engagement, each with their own session.
    const engagements = await client.engagement.findMany({
      where: { status: "active" },
      select: { id: true, expertOrganisationId: true, coalitionOrganisationId: true },
    });
    const writers: Array<{ cookie: string; engagementId: string }> = [];
    for (const e of engagements) {
      for (const orgId of [e.expertOrganisationId, e.coalitionOrganisationId]) {
        const m = await client.membership.findFirst({
          where: { organisationId: orgId },
          select: { userId: true },
        });
        if (m) writers.push({ cookie: await session(m.userId, orgId), engagementId: e.id });
      }
    }
    // Readers: every member of a verified expert or coalition organisation.
    const members = await client.membership.findMany({
      where: { organisation: { kind: { in: ["EXPERT", "COALITION"] }, vettingLevel: { not: "unverified" } } },
      select: { userId: true, organisationId: true },
    });
    const readers = await Promise.all(members.map((m) => session(m.userId, m.organisationId)));
    const needs = await client.need.findMany({
      where: { status: { in: ["open", "matching"] }, visibility: "network" },
      select: { id: true },
      take: 500,
    });
    return { writers, readers, needIds: needs.map((n) => n.id), engagements: engagements.length };
  } finally {
    await client.$disconnect();
  }
}

/** CPU time (user + system) a process has used so far, in ms (from /proc): a figure other load does not inflate. */
function cpuMs(pid: number | undefined) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, USER_HZ = 100
  } catch {
    return NaN;
  }
}

function spawnProcess(script: string, env: NodeJS.ProcessEnv, label: string): ChildProcess {
  // The web process with `npm start`'s flags, so the figures are those of production.
  const flags = script === "build/web.js" ? ["--max-semi-space-size=64"] : [];
  const child = spawn(process.execPath, [...flags, script], {
    env,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let err = "";
  child.stderr!.on("data", (d) => (err = (err + d).slice(-4000)));
  child.once("exit", (code, signal) => {
    if (code && code !== 0) console.error(`${label} exited with ${code} ${signal ?? ""}\n${err}`);
  });
  return child;
}

async function stop(child: ChildProcess | undefined) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  await exited;
  clearTimeout(timer);
}

const searchWords = [
  "protest",
  "law",
  "security",
  "associations",
  "legal",
  "digital",
  "advocacy",
  "ley",
  "sécurité",
  "coalition",
  "restrictions",
  "surveillance",
];
const boardFilters = [
  "?category=legal&urgency=high",
  "?category=digital_security&sort=newest",
  "?country=MX&language=es",
  "?category=advocacy&status=open&page=2",
  "?urgency=critical",
  "",
  "?page=5",
];

async function main() {
  const [start1, start5] = loadavg();
  console.log(
    `machine load average at start: ${start1.toFixed(2)} (1 min), ${start5.toFixed(2)} (5 min) on ${cpus().length} cores`,
  );
  if (process.env.LOAD_BUILD === "1" || !existsSync("build/web.js")) {
    console.log("building (npm run build)…");
    execFileSync("npm", ["run", "-s", "build"], { stdio: "inherit" });
  }
  await ensureTemplate();
  const dbName = await createDatabaseFromTemplate("puente_test_benchload");
  const url = databaseUrl(dbName);
  const mailDir = mkdtempSync(path.join(tmpdir(), "puente-load-mail-"));
  const children: ChildProcess[] = [];
  process.once("exit", () => children.forEach((c) => c.exitCode === null && c.kill("SIGKILL")));
  let failed = true;
  try {
    let t = Date.now();
    await seed(url);
    const { writers, readers, needIds, engagements } = await prepare(url);
    console.log(
      `database ${dbName}: demo seed + ${EXTRA_NEEDS} open needs in ${((Date.now() - t) / 1000).toFixed(1)} s; ${readers.length} reader sessions, ${writers.length} writer sessions on ${engagements} active engagements`,
    );
    if (!writers.length) throw new Error("the demo seed has no active engagement to post updates to");

    const [port, smtpPort] = [await freePort(), await freePort()];
    const base = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: url,
      REDIS_PREFIX: `bench-load-${dbName}`,
      APP_URL: base,
      PORT: String(port),
      SESSION_SECRET: randomBytes(32).toString("hex"),
      ENCRYPTION_KEYS: process.env.ENCRYPTION_KEYS ?? generateMasterKeyEntry(),
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      MAIL_CATCHER_PORT: String(smtpPort),
      MAIL_CATCHER_DIR: mailDir,
      LOG_LEVEL: "warn",
    };
    children.push(spawnProcess("build/mail-catcher.js", env, "mail catcher"));
    const worker = spawnProcess(
      "build/worker.js",
      { ...env, NODE_ENV: "production", PUENTE_PROCESS: "worker" },
      "worker",
    );
    children.push(worker);
    const server = spawnProcess(
      "build/web.js",
      { ...env, NODE_ENV: "production", PUENTE_PROCESS: "web" },
      "web",
    );
    children.push(server);
    await waitFor(async () => (await fetch(`${base}/healthz`)).ok, 30_000, 200);
    await waitFor(async () => (await fetch(`${base}/readyz`)).ok, 30_000, 200);

    // Warm up each route group (JIT, pools, caches) before measuring.
    const get = (p: string, cookie: string) =>
      fetch(base + p, { headers: { cookie }, redirect: "manual" }).then((r) => r.text());
    for (let i = 0; i < 10; i++) {
      const c = pick(readers);
      await Promise.all([
        get(`/needs${pick(boardFilters)}`, c),
        get(`/offers`, c),
        get(`/needs?q=${pick(searchWords)}`, c),
        get(`/needs/${pick(needIds)}`, c),
      ]);
    }

    const groups = ["needs board", "offers board", "search", "need page", "engagement update"] as const;
    type Group = (typeof groups)[number];
    const stats = new Map<
      Group,
      {
        count: number;
        latencies: number[];
        unexpected: number;
        non2xx: number;
        statuses: Map<number, number>;
      }
    >();
    for (const g of groups)
      stats.set(g, { count: 0, latencies: [], unexpected: 0, non2xx: 0, statuses: new Map() });
    const expected: Record<Group, number[]> = {
      "needs board": [200],
      "offers board": [200],
      search: [200],
      "need page": [200],
      "engagement update": [302, 303],
    };
    const getSpec = (group: Group, pathFor: () => string): RequestSpec => ({
      method: "GET",
      path: "/",
      setupRequest: (req, context) => {
        context.group = group;
        return {
          ...req,
          method: "GET",
          path: pathFor(),
          headers: { cookie: pick(readers), "accept-encoding": "gzip" },
        };
      },
    });
    let updateN = 0;
    const postSpec: RequestSpec = {
      method: "POST",
      path: "/",
      setupRequest: (req, context) => {
        context.group = "engagement update";
        const w = pick(writers);
        const body = new URLSearchParams({
          intent: "update",
          body: `Load test progress note ${++updateN}: met the lawyers, drafted the brief.`,
          hours: "1",
        }).toString();
        return {
          ...req,
          method: "POST",
          path: `/engagements/${w.engagementId}`,
          headers: {
            cookie: w.cookie,
            origin: base,
            "content-type": "application/x-www-form-urlencoded",
            "sec-fetch-site": "same-origin",
          },
          body,
        };
      },
    };
    // The mix (per 10 requests): 3 needs board, 2 offers board, 2 search, 2 need pages, 1 engagement update.
    const requests: RequestSpec[] = [
      getSpec("needs board", () => `/needs${pick(boardFilters)}`),
      getSpec("need page", () => `/needs/${pick(needIds)}`),
      getSpec(
        "offers board",
        () => `/offers${pick(["", "?category=legal", "?category=digital_security", "?page=2"])}`,
      ),
      getSpec(
        "search",
        () =>
          `/needs?q=${encodeURIComponent(pick(searchWords))}${pick(["", "&category=legal", "&sort=newest"])}`,
      ),
      getSpec("needs board", () => `/needs${pick(boardFilters)}`),
      postSpec,
      getSpec("need page", () => `/needs/${pick(needIds)}`),
      getSpec("search", () => `/needs?q=${encodeURIComponent(pick(searchWords))}`),
      getSpec("offers board", () => `/offers${pick(["", "?category=advocacy"])}`),
      getSpec("needs board", () => `/needs${pick(boardFilters)}`),
    ];
    const before = await (async () => {
      const c = createPrismaClient(url, { max: 1 });
      try {
        return await c.engagementUpdate.count();
      } finally {
        await c.$disconnect();
      }
    })();
    console.log(
      `\nautocannon: ${CONNECTIONS} connections for ${SECONDS} s against ${base} (production build, worker running)…`,
    );
    t = Date.now();
    const cpuBefore = { web: cpuMs(server.pid), worker: cpuMs(worker.pid) };
    const instance = autocannon({
      url: base,
      connections: CONNECTIONS,
      duration: SECONDS,
      timeout: 10,
      requests,
    });
    instance.on("response", (client, status, _bytes, ms) => {
      const group = client.requestIterator.context.group as Group | undefined;
      const s = group && stats.get(group);
      if (!s) return;
      s.count++;
      s.latencies.push(ms);
      s.statuses.set(status, (s.statuses.get(status) ?? 0) + 1);
      if (status < 200 || status >= 300) s.non2xx++;
      if (!expected[group!].includes(status)) s.unexpected++;
    });
    const result = await instance;
    const elapsed = (Date.now() - t) / 1000;
    const cpu = { web: cpuMs(server.pid) - cpuBefore.web, worker: cpuMs(worker.pid) - cpuBefore.worker };

    const q = (sorted: number[], p: number) =>
      sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN;
    const pad = (s: string | number, n: number) => String(s).padStart(n);
    console.log(
      `\n${"route group".padEnd(20)}${pad("requests", 10)}${pad("req/s", 9)}${pad("p50 ms", 9)}${pad("p99 ms", 9)}${pad("non-2xx", 9)}${pad("unexpected", 12)}  statuses`,
    );
    for (const g of groups) {
      const s = stats.get(g)!;
      const sorted = [...s.latencies].sort((a, b) => a - b);
      const statuses = [...s.statuses].map(([k, v]) => `${k}×${v}`).join(" ");
      console.log(
        `${g.padEnd(20)}${pad(s.count, 10)}${pad((s.count / elapsed).toFixed(1), 9)}${pad(q(sorted, 50).toFixed(0), 9)}${pad(q(sorted, 99).toFixed(0), 9)}${pad(s.non2xx, 9)}${pad(s.unexpected, 12)}  ${statuses}`,
      );
    }
    const unexpected = [...stats.values()].reduce((a, s) => a + s.unexpected, 0);
    console.log(
      `${"all".padEnd(20)}${pad(result.requests.total, 10)}${pad(result.requests.average.toFixed(1), 9)}${pad(result.latency.p50, 9)}${pad(result.latency.p99, 9)}${pad(result.non2xx, 9)}${pad(unexpected, 12)}`,
    );
    console.log(
      `\nthroughput ${result.requests.average.toFixed(1)} req/s; latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms; errors ${result.errors} (timeouts ${result.timeouts}); non-2xx ${result.non2xx} (POST redirects 302 are expected), unexpected statuses ${unexpected}`,
    );

    console.log(
      `CPU used during the run: web ${(cpu.web / 1000).toFixed(1)} s (${(cpu.web / Math.max(1, result.requests.total)).toFixed(2)} ms per request, ` +
        `${((cpu.web / 1000 / elapsed) * 100).toFixed(0)}% of one core), worker ${(cpu.worker / 1000).toFixed(1)} s — the web process's own cost, which the machine's other load does not inflate`,
    );
    // Did the writes land, and did the worker keep up with what they caused?
    const c = createPrismaClient(url, { max: 1 });
    try {
      const updates = (await c.engagementUpdate.count()) - before;
      await waitFor(
        async () => (await c.outboxEvent.count({ where: { relayedAt: null } })) === 0,
        30_000,
        500,
      ).catch(() => undefined);
      const backlog = await c.outboxEvent.count({ where: { relayedAt: null } });
      console.log(
        `engagement updates stored: ${updates}; outbox rows not yet relayed 30 s after the run: ${backlog}`,
      );
    } finally {
      await c.$disconnect();
    }
    const [end1, end5] = loadavg();
    console.log(
      `machine load average at end: ${end1.toFixed(2)} (1 min), ${end5.toFixed(2)} (5 min) on ${cpus().length} cores (shared machine: other work competes for CPU and PostgreSQL)`,
    );
    const checks: Array<[string, boolean]> = [
      [
        `errors ${result.errors} and unexpected statuses ${unexpected}: zero`,
        result.errors === 0 && unexpected === 0,
      ],
      [`p99 ${result.latency.p99} ms < ${TARGET_P99_MS} ms`, result.latency.p99 < TARGET_P99_MS],
    ];
    for (const [label, ok] of checks) console.log(`${ok ? "PASS" : "FAIL"}  ${label}`);
    failed = checks.some(([, ok]) => !ok);
  } finally {
    for (const child of children.reverse()) await stop(child);
    rmSync(mailDir, { recursive: true, force: true });
    if (process.env.LOAD_KEEP === "1") console.log(`kept database ${dbName}`);
    else await dropDatabase(dbName);
  }
  process.exit(failed ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
