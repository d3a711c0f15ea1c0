// The legislation tracker against the real database, Redis and an SMTP server: the secretariat records a
// bill and moves it through its stages (the table refuses illegal moves and nothing changes), every
// change is audited, and the country's followers — and only they, and only those who may read the tracker —
// get one alert email each, in their own language, through the outbox and the worker.
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emailJobs } from "~/features/email/jobs.server";
import { closeCommitPool } from "~/features/email/services/commit-marker.server";
import { closeMailer } from "~/features/email/services/mailer.server";
import { legislationJobs } from "~/features/legislation/jobs.server";
import { unsubscribeAll } from "~/features/digest/services/preferences.server";
import { legislationFollowers, sendStageAlerts } from "~/features/legislation/services/alerts.server";
import {
  changeStage,
  countryTracker,
  editLegislation,
  linkLegislation,
  loadLegislation,
  recordLegislation,
  setFollowing,
} from "~/features/legislation/services/legislation.server";
import { db } from "~/utils/db.server";
import { AppError } from "~/utils/lifecycle/app-error";
import { logger } from "~/utils/logger.server";
import { workerRedisOptions } from "~/utils/redis.server";
import { relayOutboxOnce } from "~/../workers/outbox-relay";
import { closeQueues, createQueues, type Queues } from "~/../workers/queues";
import { startProcessors } from "~/../workers/registry";
import { viewerFor } from "../coordination/support";
import { createNeed, createNetwork, createOrganisation, createUser } from "../support/factories";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp";

let smtp: TestSmtpServer;
let redis: Redis;
let queues: Queues;
let w: Awaited<ReturnType<typeof setup>>;

async function setup() {
  const n = await createNetwork();
  const unverified = await createOrganisation({
    kind: "COALITION",
    countryCode: "MX",
    vettingLevel: "unverified",
    vettedAt: null,
  });
  const guatemalan = await createOrganisation({ kind: "COALITION", countryCode: "GT" });
  const spanishFollower = await createUser(
    { locale: "es", name: "Lucía" },
    { organisationId: n.coalition.id },
  );
  const frenchFollower = await createUser({ locale: "fr" }, { organisationId: n.expert.id });
  // Follows Mexico through the digest filters only (no follow button pressed).
  const digestFollower = await createUser({ locale: "en" }, { organisationId: guatemalan.id });
  await db().digestSubscription.create({ data: { userId: digestFollower.id, countryCodes: ["MX"] } });
  const unverifiedFollower = await createUser({ locale: "en" }, { organisationId: unverified.id });
  const otherCountry = await createUser({ locale: "en" }, { organisationId: guatemalan.id });
  return {
    ...n,
    spanishFollower,
    frenchFollower,
    digestFollower,
    unverifiedFollower,
    otherCountry,
    sec: await viewerFor(n.secretariatUser.id, { twoFactorVerified: true }),
    secNo2fa: await viewerFor(n.secretariatUser.id),
    coal: await viewerFor(n.coalitionUser.id),
    es: await viewerFor(spanishFollower.id),
    fr: await viewerFor(frenchFollower.id),
    unv: await viewerFor(unverifiedFollower.id),
    gt: await viewerFor(otherCountry.id),
  };
}

beforeAll(async () => {
  smtp = await startSmtpServer();
  process.env.SMTP_URL = smtp.url;
  redis = new Redis(process.env.REDIS_URL!, workerRedisOptions);
  queues = createQueues(redis, process.env.REDIS_PREFIX!);
  w = await setup();
});
afterAll(async () => {
  await closeQueues(queues);
  redis.disconnect();
  closeMailer();
  await closeCommitPool();
  await smtp.close();
});

const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString().slice(0, 10);

describe("recording and following", () => {
  it("lets only the 2FA-verified secretariat record, and only members who may read the tracker follow", async () => {
    const input = {
      countryCode: "MX",
      kind: "bill" as const,
      title: "Ley de agentes extranjeros",
      summary: "Registro obligatorio de organizaciones con financiamiento extranjero.",
      contentLanguage: "es" as const,
      direction: "closing" as const,
      stage: "proposed" as const,
      stageOn: daysAgo(30),
    };
    for (const viewer of [w.coal, w.es, w.secNo2fa, w.unv])
      await expect(
        db().$transaction((tx) => recordLegislation(tx, viewer, { userId: viewer.userId }, input)),
      ).rejects.toMatchObject({
        init: { status: 403 },
      });
    expect(await db().legislation.count()).toBe(0);

    await expect(
      db().$transaction((tx) => setFollowing(tx, w.unv, { userId: w.unv.userId }, "MX", true)),
    ).rejects.toMatchObject({
      init: { status: 403 },
    });
    expect(
      await db().$transaction((tx) => setFollowing(tx, w.es, { userId: w.es.userId }, "MX", true)),
    ).toEqual({ changed: true });
    expect(
      await db().$transaction((tx) => setFollowing(tx, w.es, { userId: w.es.userId }, "MX", true)),
    ).toEqual({ changed: false });
    await db().$transaction((tx) => setFollowing(tx, w.fr, { userId: w.fr.userId }, "MX", true));
    await db().$transaction((tx) => setFollowing(tx, w.gt, { userId: w.gt.userId }, "GT", true));
    // The unverified member follows through the database (as if vetting was withdrawn later): still no alert.
    await db().countryFollow.create({ data: { userId: w.unverifiedFollower.id, countryCode: "MX" } });
    expect(
      await db().auditEvent.count({ where: { action: "country.followed", actorId: w.spanishFollower.id } }),
    ).toBe(1);
  });

  it("records a bill, moves it through its stages, refuses illegal moves and audits every change", async () => {
    const actor = { userId: w.secretariatUser.id, ip: "203.0.113.9" };
    const created = await db().$transaction((tx) =>
      recordLegislation(tx, w.sec, actor, {
        countryCode: "MX",
        kind: "bill",
        title: "Ley de agentes extranjeros",
        summary: "Registro obligatorio de organizaciones con financiamiento extranjero.",
        contentLanguage: "es",
        direction: "closing",
        stage: "proposed",
        stageOn: daysAgo(30),
      }),
    );
    await db().$transaction((tx) =>
      changeStage(tx, w.sec, actor, created.id, { action: "table_in_parliament", occurredOn: daysAgo(10) }),
    );

    // Illegal: a bill in parliament cannot be struck down. Nothing changes (no history row, no outbox row).
    const outboxBefore = await db().outboxEvent.count({ where: { name: "digest.legislation-alert" } });
    const refused = await db()
      .$transaction((tx) =>
        changeStage(tx, w.sec, actor, created.id, {
          action: "challenge",
          occurredOn: today(),
        }),
      )
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).status).toBe(409);
    expect((refused as AppError).messageKey).toBe("legislation:errors.transitionRefused");
    expect(await db().outboxEvent.count({ where: { name: "digest.legislation-alert" } })).toBe(outboxBefore);

    const moved = await db().$transaction((tx) =>
      changeStage(tx, w.sec, actor, created.id, {
        action: "adopt",
        occurredOn: today(),
        note: "Aprobada en el Senado por 70 votos",
      }),
    );
    expect(moved).toMatchObject({ from: "in_parliament", to: "adopted" });
    // A second submission of the same (now stale) form is refused: the bill is already adopted.
    await expect(
      db().$transaction((tx) =>
        changeStage(tx, w.sec, actor, created.id, { action: "table_in_parliament", occurredOn: today() }),
      ),
    ).rejects.toBeInstanceOf(AppError);

    const page = await loadLegislation(w.es, created.id);
    expect(page.legislation.stage).toBe("adopted");
    expect(page.legislation.stages.map((s) => [s.fromStage, s.stage])).toEqual([
      ["in_parliament", "adopted"],
      ["proposed", "in_parliament"],
      [null, "proposed"],
    ]);
    // Who recorded is for the secretariat's eyes.
    expect(page.legislation.stages.every((s) => s.recordedByName === null)).toBe(true);
    expect((await loadLegislation(w.sec, created.id)).legislation.stages[0].recordedByName).toBeTruthy();
    expect(page.canRecord).toBe(false);
    expect((await loadLegislation(w.sec, created.id)).actions.sort()).toEqual([
      "bring_into_force",
      "challenge",
      "strike_down",
    ]);
    // An unverified organisation does not read the tracker at all.
    await expect(loadLegislation(w.unv, created.id)).rejects.toMatchObject({ init: { status: 404 } });
    expect(await countryTracker(w.unv, "MX")).toBeNull();

    await db().$transaction((tx) =>
      editLegislation(tx, w.sec, actor, created.id, {
        kind: "law",
        title: "Ley de agentes extranjeros",
        summary: "Registro obligatorio.",
        contentLanguage: "es",
        direction: "closing",
      }),
    );
    const audits = await db().auditEvent.findMany({
      where: { entityType: "legislation", entityId: created.id },
      orderBy: { createdAt: "asc" },
      select: { action: true, actorId: true, ip: true, metadata: true },
    });
    expect(audits.map((a) => a.action)).toEqual([
      "legislation.recorded",
      "legislation.stage_changed",
      "legislation.stage_changed",
      "legislation.edited",
    ]);
    expect(audits.every((a) => a.actorId === w.secretariatUser.id && a.ip === "203.0.113.9")).toBe(true);
    expect(audits[2].metadata).toMatchObject({ action: "adopt", from: "in_parliament", to: "adopted" });
    expect(audits[3].metadata).toMatchObject({ changed: ["kind", "summary"], kind: ["bill", "law"] });

    const tracker = (await countryTracker(w.coal, "MX"))!;
    expect(tracker.items.map((i) => i.id)).toEqual([created.id]);
    expect(tracker.counts).toEqual({ closing: 1 });
    expect((await countryTracker(w.coal, "MX", { direction: "opening" }))!.total).toBe(0);
    expect((await countryTracker(w.coal, "MX", { direction: "closing" }))!.total).toBe(1);
    expect((await countryTracker(w.coal, "MX", { direction: "sideways" }))!).toMatchObject({
      total: 1,
      direction: null,
    });
  });

  it("shows linked needs only to whoever may see them", async () => {
    const l = await db().legislation.findFirstOrThrow({ where: { countryCode: "MX" } });
    const secretNeed = await createNeed({
      organisationId: w.coalition.id,
      createdById: w.coalitionUser.id,
      title: "SECRET-LINKED-NEED",
      visibility: "secretariat",
    });
    const actor = { userId: w.secretariatUser.id };
    await db().$transaction((tx) =>
      linkLegislation(tx, w.sec, actor, l.id, { kind: "need", targetId: secretNeed.id }),
    );
    await expect(
      db().$transaction((tx) => linkLegislation(tx, w.sec, actor, l.id, { kind: "need", targetId: "nope" })),
    ).rejects.toMatchObject({ init: { status: 400 } });
    await expect(
      db().$transaction((tx) =>
        linkLegislation(tx, w.sec, actor, l.id, { kind: "resource", targetId: "no-such-resource" }),
      ),
    ).rejects.toMatchObject({ init: { status: 400 } });
    // A model law the secretariat keeps to itself, and a public guide: each shown by the resource rule.
    const resource = (visibility: "secretariat" | "public", title: string) =>
      db().resource.create({
        data: {
          organisationId: w.secretariat.id,
          createdById: w.secretariatUser.id,
          kind: "model_law",
          title,
          summary: "Model law",
          visibility,
          status: "published",
          publishedAt: new Date(),
        },
      });
    const secretLaw = await resource("secretariat", "SECRET-MODEL-LAW");
    const publicGuide = await resource("public", "Public guide on registration");
    await db().$transaction((tx) =>
      linkLegislation(tx, w.sec, actor, l.id, { kind: "resource", targetId: secretLaw.id }),
    );
    await db().$transaction((tx) =>
      linkLegislation(tx, w.sec, actor, l.id, { kind: "resource", targetId: publicGuide.id }),
    );
    const owner = await loadLegislation(w.coal, l.id);
    expect(owner.links.map((x) => x.title)).toEqual(["SECRET-LINKED-NEED", "Public guide on registration"]);
    const other = await loadLegislation(w.fr, l.id);
    expect(other.links.map((x) => [x.kind, x.title, x.url])).toEqual([
      ["resource", "Public guide on registration", `/resources/${publicGuide.id}`],
    ]);
    expect(other.hiddenLinks).toBe(2);
    expect(JSON.stringify(other)).not.toContain("SECRET-LINKED-NEED");
    expect(JSON.stringify(other)).not.toContain("SECRET-MODEL-LAW");
    expect((await loadLegislation(w.sec, l.id)).links).toHaveLength(3);
  });
});

describe("stage alerts", () => {
  it(
    "emails each follower once, in their language, through the outbox and the worker",
    { timeout: 90_000 },
    async () => {
      const workers = startProcessors({
        definitions: [...legislationJobs, ...emailJobs],
        connection: redis,
        prefix: process.env.REDIS_PREFIX!,
        concurrency: 2,
        context: { db: db(), env: {} as never, queues, logger },
      });
      try {
        smtp.clear();
        while ((await relayOutboxOnce(db(), queues)) > 0);
        // 3 stage rows (proposed, in parliament, adopted) × 3 followers who may read the tracker.
        await expect
          .poll(
            async () => {
              while ((await relayOutboxOnce(db(), queues)) > 0);
              return smtp.accepted();
            },
            { timeout: 60_000, interval: 300 },
          )
          .toBe(9);
      } finally {
        await Promise.all(workers.map((x) => x.close()));
      }
      const messages = await smtp.waitFor(9);
      const to = (u: { email: string }) => messages.filter((m) => m.envelope.to.includes(u.email));
      expect(to(w.spanishFollower)).toHaveLength(3);
      expect(to(w.frenchFollower)).toHaveLength(3);
      expect(to(w.digestFollower)).toHaveLength(3);
      for (const nobody of [w.unverifiedFollower, w.otherCountry, w.coalitionUser, w.secretariatUser])
        expect(to(nobody)).toHaveLength(0);

      const adoptedEs = to(w.spanishFollower).find((m) => m.parsed.subject?.includes("Aprobado"))!;
      expect(adoptedEs.parsed.subject).toBe("México: Ley de agentes extranjeros — Aprobado");
      expect(adoptedEs.parsed.text).toContain("pasó de En el parlamento a Aprobado");
      expect(adoptedEs.parsed.text).toContain("/legislation/");
      const adoptedFr = to(w.frenchFollower).find((m) => m.parsed.subject?.includes("Adopté"))!;
      expect(adoptedFr.parsed.text).toContain("Restreint l’espace");
      // Linked needs never travel in an alert.
      for (const m of messages) expect(m.parsed.text).not.toContain("SECRET-LINKED-NEED");

      // Running a change's alert again sends nothing more (one email per change and member).
      const change = await db().legislationStageChange.findFirstOrThrow({ where: { stage: "adopted" } });
      const before = await db().emailMessage.count({ where: { template: "legislation_stage_changed" } });
      await sendStageAlerts(db(), change.id);
      expect(await db().emailMessage.count({ where: { template: "legislation_stage_changed" } })).toBe(
        before,
      );

      // One-click unsubscribe also ends legislation alerts (follows removed).
      await db().$transaction((tx) => unsubscribeAll(tx, w.spanishFollower.id));
      const followers = (await legislationFollowers(db(), "MX")).map((u) => u.id);
      expect(followers).not.toContain(w.spanishFollower.id);
      expect(followers).toContain(w.frenchFollower.id);
    },
  );
});
