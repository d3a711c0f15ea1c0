// npm run bench:digest — build and send a weekly digest run for 10,000 subscribers to a local SMTP sink.
//
// 1. Creates its own scratch database (a clone of the migrated test template) and its own Redis prefix.
// 2. Writes 10,000 subscribers with realistic settings: members of 40 expert organisations (legal,
//    digital-security and advocacy offers with regional or country coverage and 1–3 languages) and of
//    150 coalitions in 45 countries; 35% filter by category, 20% by country, 10% by topic; 300 needs
//    and 60 offers new in the period (some secretariat-only, some anonymised).
// 3. Runs the real pipeline in this process: `digest.run` job → BullMQ flow → `digest.recipient` chunk
//    jobs (WORKER_CONCURRENCY, default 4) → render → send through the pooled nodemailer transport, with
//    the commit marker of every message, to an in-process smtp-server sink. Times it until every
//    delivery row is final.
// 4. Baseline in the same run: the same number of pre-rendered messages sent with raw nodemailer
//    (same pool size, 50 in flight) to the same sink.
// 5. Drops the scratch database and its Redis keys. Target: all 10,000 within 60 s, at least half
//    the raw baseline's rate.
// Options: BENCH_SUBSCRIBERS, BENCH_SEED, BENCH_KEEP=1 (keep the database), DIGEST_CHUNK_SIZE,
// DIGEST_PARALLEL, SMTP_MAX_CONNECTIONS, WORKER_CONCURRENCY.
import { Redis } from "ioredis";
import { SMTPServer } from "smtp-server";

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 10_000);
const SEED = Number(process.env.BENCH_SEED ?? 7);
const CONCURRENCY = Number(process.env.WORKER_CONCURRENCY ?? 4);
const PERIOD = "weekly:2026-W30";

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = mulberry32(SEED);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const chance = (p: number) => rand() < p;
function sample<T>(xs: readonly T[], n: number): T[] {
  const copy = [...xs];
  const out: T[] = [];
  while (out.length < n && copy.length) out.push(copy.splice(Math.floor(rand() * copy.length), 1)[0]!);
  return out;
}

const COUNTRIES = [
  "MX",
  "GT",
  "HN",
  "SV",
  "NI",
  "CO",
  "VE",
  "PE",
  "BO",
  "BR",
  "AR",
  "CL",
  "EC",
  "CU",
  "PY",
  "KE",
  "UG",
  "TZ",
  "ET",
  "ZW",
  "NG",
  "SN",
  "CM",
  "ML",
  "BF",
  "EG",
  "TN",
  "MA",
  "LB",
  "JO",
  "TR",
  "GE",
  "AM",
  "RS",
  "HU",
  "PL",
  "KG",
  "KZ",
  "PH",
  "ID",
  "KH",
  "MM",
  "TH",
  "LK",
  "PK",
];
const REGIONS = [
  "latin_america_caribbean",
  "sub_saharan_africa",
  "middle_east_north_africa",
  "europe_central_asia",
  "asia_pacific",
] as const;
const CATEGORIES = ["legal", "digital_security", "advocacy"] as const;
const TOPICS: Record<(typeof CATEGORIES)[number], string[]> = {
  legal: [
    "legal.registration",
    "legal.foreign_funding",
    "legal.assembly",
    "legal.expression",
    "legal.legislative_drafting",
  ],
  digital_security: [
    "digital_security.assessment",
    "digital_security.devices_accounts",
    "digital_security.secure_comms",
  ],
  advocacy: ["advocacy.un_mechanisms", "advocacy.regional_bodies", "advocacy.campaigns"],
};
const LANGS = ["es", "en", "fr", "pt", "ar"];

async function main() {
  const { createDatabaseFromTemplate, databaseUrl, dropDatabase, ensureTemplate } =
    await import("../../tests/support/test-db");
  await ensureTemplate();
  const dbName = await createDatabaseFromTemplate("puente_bench_digest");
  process.env.DATABASE_URL = databaseUrl(dbName);
  process.env.REDIS_PREFIX = `bench-digest-${process.pid}`;
  process.env.LOG_LEVEL ??= "warn";
  process.env.NODE_ENV ??= "production";

  // In-process SMTP sink: accepts and counts, keeps nothing.
  let received = 0;
  const sink = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      stream.on("data", () => {});
      stream.on("end", () => {
        received++;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => sink.listen(0, "127.0.0.1", () => resolve()));
  const port = (sink.server.address() as { port: number }).port;
  process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;

  // Imports after the environment is set (the app's modules read it lazily, but be explicit).
  const { createPrismaClient } = await import("~/utils/db.server");
  const { workerRedisOptions } = await import("~/utils/redis.server");
  const { closeQueues, createQueues } = await import("../../workers/queues");
  const { startProcessors } = await import("../../workers/registry");
  const { digestJobs } = await import("~/features/digest/jobs.server");
  const { parsePeriod } = await import("~/features/digest/services/period");
  const { closeMailer, createMailer } = await import("~/features/email/services/mailer.server");
  const { closeCommitPool } = await import("~/features/email/services/commit-marker.server");
  const { renderEmail } = await import("~/features/email/services/render.server");
  const { logger } = await import("~/utils/logger.server");

  const db = createPrismaClient(process.env.DATABASE_URL, { max: CONCURRENCY + 6 });
  const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379/0", workerRedisOptions);
  const queues = createQueues(redis, process.env.REDIS_PREFIX);
  const window = parsePeriod(PERIOD)!;
  const inWindow = () => new Date(window.start.getTime() + Math.floor(rand() * 7 * 86_400_000));
  const before = new Date(window.start.getTime() - 30 * 86_400_000);

  try {
    // ───────────── data ─────────────
    const seedStart = Date.now();
    const stamp = process.pid.toString(36);
    const experts = Array.from({ length: 40 }, (_, i) => ({
      id: `bx${stamp}${i}`,
      kind: "EXPERT" as const,
      name: `Expert organisation ${i}`,
      vettingLevel: i % 5 === 0 ? ("trusted" as const) : ("verified" as const),
      languages: sample(LANGS, 2),
    }));
    const coalitions = Array.from({ length: 150 }, (_, i) => ({
      id: `bc${stamp}${i}`,
      kind: "COALITION" as const,
      name: `Coalition ${i}`,
      countryCode: COUNTRIES[i % COUNTRIES.length],
      vettingLevel: "verified" as const,
      languages: sample(LANGS, 2),
    }));
    await db.organisation.createMany({ data: [...experts, ...coalitions] });
    const author = await db.user.create({
      data: {
        id: `ba${stamp}`,
        email: `author-${stamp}@bench.example`,
        name: "Author",
        emailVerifiedAt: new Date(),
      },
    });
    await db.digestSubscription.create({ data: { userId: author.id, frequency: "off" } });
    await db.membership.create({ data: { userId: author.id, organisationId: coalitions[0].id } });

    const offers = experts.flatMap((org) =>
      Array.from({ length: 1 + Math.floor(rand() * 3) }, () => {
        const category = pick(CATEGORIES);
        const regional = chance(0.6);
        return {
          organisationId: org.id,
          createdById: author.id,
          title: `Existing ${category} offer`,
          description: "Capacity for the network.",
          categoryIds: [category],
          topicIds: sample(TOPICS[category], 2),
          coverageGlobal: chance(0.1),
          coverageRegions: regional ? sample(REGIONS, 1 + Math.floor(rand() * 2)) : [],
          coverageCountries: regional ? [] : sample(COUNTRIES, 5),
          languages: sample(LANGS, 1 + Math.floor(rand() * 3)),
          hoursPerMonth: 20,
          availableFrom: before,
          status: "active" as const,
          publishedAt: before,
        };
      }),
    );
    const newOffers = Array.from({ length: 60 }, (_, i) => {
      const category = pick(CATEGORIES);
      return {
        organisationId: pick(experts).id,
        createdById: author.id,
        title: `New ${category} offer ${i}`,
        description: "New capacity.",
        categoryIds: [category],
        topicIds: sample(TOPICS[category], 2),
        coverageGlobal: chance(0.15),
        coverageRegions: sample(REGIONS, 1),
        coverageCountries: sample(COUNTRIES, 3),
        languages: sample(LANGS, 2),
        hoursPerMonth: 10,
        availableFrom: before,
        status: chance(0.9) ? ("active" as const) : ("draft" as const),
        publishedAt: inWindow(),
      };
    });
    await db.offer.createMany({ data: [...offers, ...newOffers] });
    const needs = Array.from({ length: 300 }, (_, i) => {
      const category = pick(CATEGORIES);
      const coalition = pick(coalitions);
      return {
        organisationId: coalition.id,
        createdById: author.id,
        title: `Need ${i}: ${category} help`,
        summary: "Shareable summary.",
        details: "Confidential details that never leave the platform.",
        outcomeWanted: "Confidential outcome.",
        categoryId: category,
        topicIds: sample(TOPICS[category], 1 + Math.floor(rand() * 2)),
        countryCode: coalition.countryCode,
        languages: sample(LANGS, 1 + Math.floor(rand() * 2)),
        urgency: pick(["critical", "high", "normal", "normal", "low"] as const),
        visibility: chance(0.15) ? ("secretariat" as const) : ("network" as const),
        anonymised: chance(0.2),
        status: pick(["open", "open", "matching", "submitted"] as const),
        openedAt: inWindow(),
        submittedAt: before,
      };
    });
    await db.need.createMany({ data: needs });

    const users = Array.from({ length: SUBSCRIBERS }, (_, i) => ({
      id: `bu${stamp}${String(i).padStart(5, "0")}`,
      email: `subscriber-${i}-${stamp}@bench.example`,
      name: `Subscriber ${i}`,
      locale: pick(["en", "es", "fr"]),
      emailVerifiedAt: new Date(),
    }));
    for (let i = 0; i < users.length; i += 2000) await db.user.createMany({ data: users.slice(i, i + 2000) });
    const memberships = users.map((u, i) => ({
      userId: u.id,
      organisationId: i % 10 < 6 ? pick(experts).id : pick(coalitions).id,
    }));
    for (let i = 0; i < memberships.length; i += 2000)
      await db.membership.createMany({ data: memberships.slice(i, i + 2000) });
    const subscriptions = users
      .map((u) => {
        const categoryIds = chance(0.35) ? sample(CATEGORIES, 1 + Math.floor(rand() * 2)) : [];
        const countryCodes = chance(0.2) ? sample(COUNTRIES, 1 + Math.floor(rand() * 6)) : [];
        const topicIds = chance(0.1) ? sample(Object.values(TOPICS).flat(), 2) : [];
        return categoryIds.length || countryCodes.length || topicIds.length
          ? { userId: u.id, frequency: "weekly" as const, categoryIds, countryCodes, topicIds }
          : null;
      })
      .filter((s) => s !== null);
    for (let i = 0; i < subscriptions.length; i += 2000)
      await db.digestSubscription.createMany({ data: subscriptions.slice(i, i + 2000) });
    console.log(
      `seeded ${SUBSCRIBERS} subscribers (${subscriptions.length} with filters), ${experts.length} expert organisations, ${coalitions.length} coalitions, ` +
        `${needs.length} needs and ${newOffers.length} offers in ${PERIOD} — ${((Date.now() - seedStart) / 1000).toFixed(1)} s`,
    );

    // ───────────── the digest run ─────────────
    const definitions = digestJobs;
    // Warm-up outside the timer: module loading, translations, first render, first connections.
    await renderEmail("digest", "es", {
      period: PERIOD,
      preferencesUrl: "http://localhost:3000/settings/notifications",
      unsubscribeUrl: "http://localhost:3000/unsubscribe/x.y",
      items: [],
    });
    const workers = startProcessors({
      definitions,
      connection: redis,
      prefix: process.env.REDIS_PREFIX,
      concurrency: CONCURRENCY,
      context: { db, env: {} as never, queues, logger },
    });
    const profiler = process.env.BENCH_PROFILE ? await startProfile() : null;
    const runStart = Date.now();
    const runCpu = process.cpuUsage();
    const receivedBefore = received;
    await queues.digest.add("digest.run", { frequency: "weekly", period: PERIOD });
    let firstSend = 0;
    const onFirst = setInterval(() => {
      if (!firstSend && received > receivedBefore) firstSend = Date.now();
    }, 20);
    for (;;) {
      await new Promise((r) => setTimeout(r, 250));
      const [row] = await db.$queryRaw<Array<{ total: number; claimed: number }>>`
        SELECT count(*)::int AS total, (count(*) FILTER (WHERE status = 'claimed'))::int AS claimed
        FROM "DigestDelivery" WHERE period = ${PERIOD}`;
      if (row.total >= SUBSCRIBERS && row.claimed === 0) break;
      if (Date.now() - runStart > 300_000) throw new Error("digest run did not finish in 300 s");
    }
    const runMs = Date.now() - runStart;
    const runCpuMs = (() => {
      const u = process.cpuUsage(runCpu);
      return (u.user + u.system) / 1000;
    })();
    clearInterval(onFirst);
    if (profiler) await profiler.stop(process.env.BENCH_PROFILE!);
    await Promise.all(workers.map((w) => w.close()));
    closeMailer();
    const counts = Object.fromEntries(
      (
        await db.digestDelivery.groupBy({ by: ["status"], where: { period: PERIOD }, _count: { _all: true } })
      ).map((r) => [r.status, r._count._all]),
    );
    const sent = counts.sent ?? 0;
    const sentToSink = received - receivedBefore;
    const digestRate = sent / (runMs / 1000);

    // ───────────── raw nodemailer baseline ─────────────
    // Pre-rendered: real digests of 200 of the same subscribers (same items, languages and sizes),
    // rendered before the clock starts and cycled.
    const { loadActiveOffersByOrganisation, loadCandidates, loadRecipients } =
      await import("~/features/digest/services/audience.server");
    const { renderDigestFor } = await import("~/features/digest/services/deliver.server");
    const { expertOrganisations, selectDigestItems } = await import("~/features/digest/services/select");
    const { regionOf } = await import("~/features/taxonomy/reference-data");
    const sampleIds = (
      await db.digestDelivery.findMany({
        where: { period: PERIOD, status: "sent" },
        select: { userId: true },
        take: 200,
      })
    ).map((d) => d.userId);
    const recipients = await loadRecipients(db, sampleIds);
    const candidates = await loadCandidates(db, PERIOD, window.start, window.end);
    const byOrg = await loadActiveOffersByOrganisation(
      db,
      [...recipients.values()].flatMap((r) => expertOrganisations(r)),
    );
    const templates = await Promise.all(
      [...recipients.values()].map((r) =>
        renderDigestFor(
          r,
          PERIOD,
          selectDigestItems(r, candidates, byOrg, (c) => (regionOf(c) as never) ?? null),
        ),
      ),
    );
    const avgBytes = Math.round(
      templates.reduce((a, t) => a + t.html.length + t.text.length, 0) / templates.length,
    );
    const raw = createMailer({
      smtpUrl: process.env.SMTP_URL,
      from: "Puente <no-reply@puente.local>",
      maxConnections: Number(process.env.SMTP_MAX_CONNECTIONS ?? 5),
    });
    await raw.transport.sendMail({
      from: raw.from,
      to: "warmup@bench.example",
      subject: "warm-up",
      text: "x",
      html: "<p>x</p>",
    });
    const baselineCount = Math.max(sent, 1);
    const baseStart = Date.now();
    const baseCpu = process.cpuUsage();
    let next = 0;
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (next < baselineCount) {
          const i = next++;
          const t = templates[i % templates.length];
          await raw.transport.sendMail({
            from: raw.from,
            to: users[i % users.length].email,
            subject: t.subject,
            text: t.text,
            html: t.html,
            headers: {
              "List-Unsubscribe": "<http://localhost:3000/unsubscribe/x.y>",
              "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
              "Content-Language": t.locale,
            },
          });
        }
      }),
    );
    const baseMs = Date.now() - baseStart;
    const baseCpuMs = (() => {
      const u = process.cpuUsage(baseCpu);
      return (u.user + u.system) / 1000;
    })();
    raw.close();
    const baseRate = baselineCount / (baseMs / 1000);

    const ok = runMs <= 60_000 && digestRate >= baseRate / 2;
    console.log("");
    console.log(`digest run (${PERIOD}), ${SUBSCRIBERS} subscribers, worker concurrency ${CONCURRENCY}:`);
    console.log(`  deliveries: ${JSON.stringify(counts)}; messages received by the sink: ${sentToSink}`);
    console.log(
      `  build + send all digests: ${(runMs / 1000).toFixed(2)} s (first message after ${((firstSend - runStart) / 1000).toFixed(2)} s) — ${digestRate.toFixed(0)} messages/s; this process's CPU: ${(runCpuMs / Math.max(sent, 1)).toFixed(2)} ms per message`,
    );
    console.log(
      `raw nodemailer baseline, ${baselineCount} pre-rendered digests (${templates.length} distinct, ~${avgBytes} characters of text+HTML each), same sink and pool:`,
    );
    console.log(
      `  ${(baseMs / 1000).toFixed(2)} s — ${baseRate.toFixed(0)} messages/s; this process's CPU: ${(baseCpuMs / baselineCount).toFixed(2)} ms per message`,
    );
    const load = (await import("node:os")).loadavg();
    console.log(
      `machine: ${(await import("node:os")).cpus().length} cores, load average ${load.map((l) => l.toFixed(1)).join(" ")} (sink, worker and baseline share this process)`,
    );
    console.log(`digest rate / raw rate: ${((digestRate / baseRate) * 100).toFixed(0)}%`);
    console.log(`target (all within 60 s, at least 50% of raw): ${ok ? "met" : "NOT met"}`);
  } finally {
    await closeQueues(queues).catch(() => {});
    let cursor = "0";
    do {
      const [nextCursor, keys] = await redis.scan(
        cursor,
        "MATCH",
        `${process.env.REDIS_PREFIX}*`,
        "COUNT",
        1000,
      );
      cursor = nextCursor;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== "0");
    redis.disconnect();
    await db.$disconnect();
    await closeCommitPool();
    await new Promise<void>((resolve) => sink.close(() => resolve()));
    if (process.env.BENCH_KEEP === "1") console.log(`kept database ${dbName}`);
    else await dropDatabase(dbName);
  }
}

async function startProfile() {
  const inspector = await import("node:inspector/promises");
  const { writeFile } = await import("node:fs/promises");
  const session = new inspector.Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  return {
    async stop(file: string) {
      const { profile } = await session.post("Profiler.stop");
      await writeFile(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
