// npm run bench:insight — the secretariat dashboard's panels at 100,000 needs and 20,000 engagements.
//
// 1. Creates its own scratch database (a clone of the migrated test template), never touching yours.
// 2. Inserts 400 organisations, 2,000 offers, 100,000 needs (across every reference country, three
//    categories, every status, opened over two years), ~55,000 proposals, 20,000 engagements (half
//    closed with an outcome and a coalition rating) with SQL generate_series, then ANALYZE.
// 3. Times each panel (gap map, flow, expert load, outcomes) and the whole dashboard as the page loads it,
//    for several filter combinations: a warm-up, then BENCH_RUNS runs each; prints median and max (ms).
//    Target: every panel, and the whole dashboard, under 300 ms.
// 4. The impact report (issue 23): each panel (needs met, engagements, hours, feedback, time to engagement)
//    and the whole report, for a year by region, country, category and topic (needs carry 0–2 topics,
//    a tenth of engagements are peer support, ~3 hour-logging updates per engagement, ratings by both sides).
// 5. Drops the scratch database (BENCH_KEEP=1 keeps it; BENCH_DB=<name> reuses a kept one).
import {
  expertLoad,
  flowFigures,
  gapMap,
  insightDashboard,
  outcomeFigures,
  type InsightParams,
} from "~/features/insight/services/insight.server";
import { impactPanels, impactReport, parseImpactParams } from "~/features/impact/services/impact.server";
import { createPrismaClient, type Db } from "~/utils/db.server";
import {
  createDatabaseFromTemplate,
  databaseUrl,
  dropDatabase,
  ensureTemplate,
} from "../../tests/support/test-db";

const NEEDS = Number(process.env.BENCH_NEEDS ?? 100_000);
const ENGAGEMENTS = Number(process.env.BENCH_ENGAGEMENTS ?? 20_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 9);

async function populate(db: Db) {
  const t0 = Date.now();
  await db.$executeRawUnsafe(`
    INSERT INTO "Organisation" (id, kind, name, "countryCode", "vettingLevel", "updatedAt")
    SELECT 'coal-' || i, 'COALITION', 'Coalition ' || i, (SELECT code FROM "Country" ORDER BY code OFFSET (i * 7) % (SELECT COUNT(*) FROM "Country") LIMIT 1), 'verified', now()
    FROM generate_series(1, 100) i`);
  await db.$executeRawUnsafe(`
    INSERT INTO "Organisation" (id, kind, name, "vettingLevel", "updatedAt")
    SELECT 'exp-' || i, 'EXPERT', 'Expert organisation ' || i, (CASE WHEN i % 10 = 0 THEN 'unverified' WHEN i % 3 = 0 THEN 'trusted' ELSE 'verified' END)::"VettingLevel", now()
    FROM generate_series(1, 300) i`);
  await db.$executeRawUnsafe(`
    INSERT INTO "User" (id, email, name, "updatedAt") VALUES ('bench-user', 'bench@example.org', 'Bench', now())`);
  // Offers: categories and coverage spread (a quarter country-level, half region-level, a quarter global).
  await db.$executeRawUnsafe(`
    WITH c AS (SELECT array_agg(code ORDER BY code) AS codes FROM "Country")
    INSERT INTO "Offer" (id, "organisationId", "createdById", title, description, "categoryIds", "coverageGlobal", "coverageCountries", "coverageRegions",
                         languages, "hoursPerMonth", "maxConcurrent", "availableFrom", status, "updatedAt")
    SELECT 'off-' || i, 'exp-' || (1 + i % 300), 'bench-user', 'Offer ' || i, 'Bench offer',
           ARRAY[(ARRAY['legal','digital_security','advocacy'])[1 + i % 3]] || CASE WHEN i % 5 = 0 THEN ARRAY[(ARRAY['legal','digital_security','advocacy'])[1 + (i + 1) % 3]] ELSE ARRAY[]::text[] END,
           i % 4 = 3,
           CASE WHEN i % 4 = 0 THEN ARRAY[c.codes[1 + (i * 13) % array_length(c.codes, 1)], c.codes[1 + (i * 17) % array_length(c.codes, 1)]] ELSE ARRAY[]::text[] END,
           CASE WHEN i % 4 IN (1, 2) THEN ARRAY[(ARRAY['latin_america_caribbean','north_america','europe_central_asia','middle_east_north_africa','sub_saharan_africa','asia_pacific'])[1 + (i / 4) % 6]]::"Region"[] ELSE ARRAY[]::"Region"[] END,
           ARRAY['en','es'], 20, 1 + i % 4, now() - interval '2 years',
           (CASE WHEN i % 10 < 8 THEN 'active' WHEN i % 10 = 8 THEN 'paused' ELSE 'retired' END)::"OfferStatus", now()
    FROM generate_series(1, 2000) i, c`);
  // Needs: statuses by i % 20 — engaged 2/20 and completed 2/20 (= 20,000 engagements at 100,000 needs).
  await db.$executeRawUnsafe(`
    WITH c AS (SELECT array_agg(code ORDER BY code) AS codes FROM "Country"),
    base AS (
      SELECT i, c.codes[1 + (abs(hashtext('c' || i)) % array_length(c.codes, 1))] AS country,
             (ARRAY['legal','digital_security','advocacy'])[1 + abs(hashtext('k' || i)) % 3] AS category,
             (ARRAY['open','open','open','matching','matching','engaged','engaged','completed','completed','closed_unmet',
                    'draft','submitted','needs_info','declined','withdrawn','open','matching','open','withdrawn','closed_unmet'])[1 + i % 20] AS status,
             now() - ((abs(hashtext('t' || i)) % 730) || ' days')::interval - ((abs(hashtext('h' || i)) % 24) || ' hours')::interval AS opened
      FROM generate_series(1, ${NEEDS}) i, c
    )
    INSERT INTO "Need" (id, "organisationId", "createdById", title, summary, "categoryId", "topicIds", "countryCode", languages, urgency, status,
                        "submittedAt", "openedAt", "engagedAt", "closedAt", "createdAt", "updatedAt")
    SELECT 'need-' || i, 'coal-' || (1 + i % 100), 'bench-user', 'Need ' || i, 'Bench need', category,
           CASE i % 3 WHEN 0 THEN ARRAY[]::text[] WHEN 1 THEN ARRAY[category || '.a'] ELSE ARRAY[category || '.a', category || '.b'] END,
           country, ARRAY['es'],
           (ARRAY['critical','high','normal','low'])[1 + i % 4]::"Urgency", status::"NeedStatus",
           CASE WHEN status <> 'draft' THEN opened - interval '2 days' END,
           CASE WHEN status NOT IN ('draft','submitted','needs_info','declined') THEN opened END,
           CASE WHEN status IN ('engaged','completed') THEN opened + ((3 + i % 30) || ' days')::interval END,
           CASE WHEN status IN ('completed','closed_unmet','withdrawn','declined') THEN opened + ((40 + i % 60) || ' days')::interval END,
           opened - interval '3 days', now()
    FROM base`);
  // Proposals: the first on every need past open (confirmed on engaged/completed ones), a second on most.
  await db.$executeRawUnsafe(`
    INSERT INTO "Proposal" (id, "needId", "offerId", "expertOrganisationId", status, score, breakdown, "createdAt", "updatedAt")
    SELECT 'p1-' || n.i, 'need-' || n.i, 'off-' || o.k, 'exp-' || (1 + o.k % 300),
           (CASE n.status WHEN 'matching' THEN 'approved' WHEN 'engaged' THEN 'confirmed' WHEN 'completed' THEN 'confirmed' ELSE 'expired' END)::"ProposalStatus",
           60, '{}'::jsonb, n."openedAt" + ((n.i % 96) || ' hours')::interval, now()
    FROM (SELECT substr(id, 6)::int AS i, status, "openedAt" FROM "Need" WHERE status IN ('matching','engaged','completed','closed_unmet')) n,
         LATERAL (SELECT 1 + (n.i * 7) % 2000 AS k) o`);
  await db.$executeRawUnsafe(`
    INSERT INTO "Proposal" (id, "needId", "offerId", "expertOrganisationId", status, score, breakdown, "createdAt", "updatedAt")
    SELECT 'p2-' || n.i, 'need-' || n.i, 'off-' || o.k, 'exp-' || (1 + o.k % 300),
           (CASE n.status WHEN 'matching' THEN 'proposed' ELSE 'closed' END)::"ProposalStatus",
           50, '{}'::jsonb, n."openedAt" + ((n.i % 200) || ' hours')::interval, now()
    FROM (SELECT substr(id, 6)::int AS i, status, "openedAt" FROM "Need" WHERE status IN ('matching','engaged','completed') AND substr(id, 6)::int % 3 <> 0) n,
         LATERAL (SELECT 1 + (n.i * 11 + 5) % 2000 AS k) o
    WHERE 1 + (n.i * 11 + 5) % 2000 <> 1 + (n.i * 7) % 2000`);
  await db.$executeRawUnsafe(`
    INSERT INTO "Engagement" (id, "needId", "offerId", "proposalId", "expertOrganisationId", "coalitionOrganisationId", status, "startedAt", "lastActivityAt", "closedAt", outcome)
    SELECT 'eng-' || n.i, n.id, p."offerId", p.id,
           -- a tenth of the help comes from another coalition (peer support)
           CASE WHEN n.i % 10 = 0 THEN 'coal-' || (1 + (n.i + 37) % 100) ELSE p."expertOrganisationId" END, n."organisationId",
           (CASE WHEN n.status = 'completed' THEN 'closed' ELSE 'active' END)::"EngagementStatus",
           n."engagedAt", n."engagedAt" + interval '5 days',
           CASE WHEN n.status = 'completed' THEN n."closedAt" END,
           CASE WHEN n.status = 'completed' THEN (ARRAY['achieved','achieved','partly_achieved','not_achieved','cancelled'])[1 + n.i % 5]::"EngagementOutcome" END
    FROM (SELECT id, substr(id, 6)::int AS i, status, "organisationId", "engagedAt", "closedAt" FROM "Need" WHERE status IN ('engaged','completed')) n
    JOIN "Proposal" p ON p.id = 'p1-' || n.i
    ORDER BY n.i LIMIT ${ENGAGEMENTS}`);
  await db.$executeRawUnsafe(`
    INSERT INTO "EngagementFeedback" (id, "engagementId", "organisationId", "authorId", rating, comment)
    SELECT 'fb-' || e.id, e.id, e."coalitionOrganisationId", 'bench-user', 1 + abs(hashtext(e.id)) % 5, ''
    FROM "Engagement" e WHERE e.status = 'closed' AND abs(hashtext(e.id)) % 4 <> 0`);
  await db.$executeRawUnsafe(`
    INSERT INTO "EngagementFeedback" (id, "engagementId", "organisationId", "authorId", rating, comment)
    SELECT 'fbx-' || e.id, e.id, e."expertOrganisationId", 'bench-user', 1 + abs(hashtext('x' || e.id)) % 5, ''
    FROM "Engagement" e WHERE e.status = 'closed' AND abs(hashtext(e.id)) % 3 <> 0`);
  await db.$executeRawUnsafe(`
    INSERT INTO "EngagementUpdate" (id, "engagementId", "authorId", "organisationId", kind, body, hours, "createdAt")
    SELECT 'upd-' || e.id || '-' || k, e.id, 'bench-user', e."expertOrganisationId", 'progress', 'Bench update',
           (1 + abs(hashtext(e.id || k)) % 8)::float8, e."startedAt" + (k * 4 || ' days')::interval
    FROM "Engagement" e, generate_series(1, 3) k`);
  await db.$executeRawUnsafe(`VACUUM ANALYZE`); // as autovacuum would have: visibility map for index-only scans, statistics
  const counts = await db.$queryRawUnsafe<Array<Record<string, number>>>(`
    SELECT (SELECT COUNT(*)::int FROM "Need") AS needs, (SELECT COUNT(*)::int FROM "Offer") AS offers,
           (SELECT COUNT(*)::int FROM "Proposal") AS proposals, (SELECT COUNT(*)::int FROM "Engagement") AS engagements,
           (SELECT COUNT(*)::int FROM "EngagementFeedback") AS feedback,
           (SELECT COUNT(*)::int FROM "EngagementUpdate") AS updates`);
  console.log(`populated in ${((Date.now() - t0) / 1000).toFixed(1)} s:`, counts[0]);
}

async function time(fn: () => Promise<unknown>) {
  await fn(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)]!, max: samples[samples.length - 1]! };
}

async function main() {
  const reuse = process.env.BENCH_DB; // a database kept by an earlier run (BENCH_KEEP=1): skips the inserts
  if (!reuse) await ensureTemplate();
  const name = reuse ?? (await createDatabaseFromTemplate("puente_bench_insight"));
  const db = createPrismaClient(databaseUrl(name), { max: 8, bulk: true });
  let worst = 0;
  try {
    if (!reuse) await populate(db);
    const scenarios: Array<[string, InsightParams]> = [
      ["default (365 days, by category)", { period: "365", by: "category" }],
      ["all time, by month", { period: "all", by: "month" }],
      ["90 days, one region, by region", { period: "90", by: "region", region: "latin_america_caribbean" }],
    ];
    const rows: string[] = [];
    for (const [label, params] of scenarios) {
      const panels: Array<[string, () => Promise<unknown>]> = [
        ["gap map", () => gapMap(db, params)],
        ["time to proposal / engagement, fulfilment", () => flowFigures(db, params)],
        ["expert load", () => expertLoad(db, params)],
        ["outcomes", () => outcomeFigures(db, params)],
        ["whole dashboard (panels concurrently)", () => insightDashboard(db, params)],
      ];
      for (const [panel, fn] of panels) {
        const r = await time(fn);
        worst = Math.max(worst, r.max);
        rows.push(
          `${label.padEnd(34)} ${panel.padEnd(44)} median ${r.median.toFixed(1).padStart(6)} ms   max ${r.max.toFixed(1).padStart(6)} ms`,
        );
      }
    }
    // The impact report: each panel, then the whole report as its page loads it.
    const impactRows: string[] = [];
    let impactWorst = 0;
    for (const by of ["region", "country", "category", "topic"] as const) {
      const filters = parseImpactParams(new URL(`http://bench/impact?by=${by}`));
      const panels: Array<[string, () => Promise<unknown>]> = [
        ...Object.entries(impactPanels).map(
          ([panel, fn]) => [panel, () => fn(db, filters)] as [string, () => Promise<unknown>],
        ),
        ["whole report (panels concurrently)", () => impactReport(db, filters)],
      ];
      for (const [panel, fn] of panels) {
        const r = await time(fn);
        impactWorst = Math.max(impactWorst, r.max);
        impactRows.push(
          `impact, last 365 days, by ${by.padEnd(9)} ${panel.padEnd(44)} median ${r.median.toFixed(1).padStart(6)} ms   max ${r.max.toFixed(1).padStart(6)} ms`,
        );
      }
    }
    worst = Math.max(worst, impactWorst);
    console.log(`\n${NEEDS} needs, ${ENGAGEMENTS} engagements; ${RUNS} runs after a warm-up\n`);
    for (const row of rows) console.log(row);
    console.log("");
    for (const row of impactRows) console.log(row);
    console.log(
      `\nslowest run: ${worst.toFixed(1)} ms — ${worst < 300 ? "within" : "OVER"} the 300 ms target`,
    );
  } finally {
    await db.$disconnect();
    if (process.env.BENCH_KEEP === "1" || reuse) console.log(`kept database ${name}`);
    else await dropDatabase(name);
  }
  if (worst >= 300) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
