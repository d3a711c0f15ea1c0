// Digests through a real SMTP server: the right items for each recipient, nothing they may not see,
// no email when there is nothing new, exactly once per period, one-click unsubscribe without sign-in.
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { digestJobs } from "~/features/digest/jobs.server";
import { deliverDigestChunk } from "~/features/digest/services/deliver.server";
import { listRecipientIds } from "~/features/digest/services/audience.server";
import { parsePeriod } from "~/features/digest/services/period";
import { buildDigestRun } from "~/features/digest/services/run.server";
import { enqueueUrgentAlert, sendUrgentAlerts } from "~/features/digest/services/urgent.server";
import { unsubscribeToken } from "~/features/digest/services/unsubscribe-token.server";
import {
  action as unsubscribeAction,
  loader as unsubscribeLoader,
} from "~/features/digest/routes/unsubscribe";
import { closeCommitPool } from "~/features/email/services/commit-marker.server";
import { closeMailer, createMailer, type Mailer } from "~/features/email/services/mailer.server";
import { db } from "~/utils/db.server";
import { logger } from "~/utils/logger.server";
import { workerRedisOptions } from "~/utils/redis.server";
import { relayOutboxOnce } from "~/../workers/outbox-relay";
import { closeQueues, createQueues, type Queues } from "~/../workers/queues";
import { startProcessors } from "~/../workers/registry";
import { createNeed, createOffer, createOrganisation, createUser } from "../support/factories";
import { startSmtpServer, type CaughtMessage, type TestSmtpServer } from "../support/smtp";

const PERIOD = "weekly:2026-W46";
const window = parsePeriod(PERIOD)!;
const inWindow = new Date(window.start.getTime() + 2 * 86_400_000);
const beforeWindow = new Date(window.start.getTime() - 86_400_000);

const SECRET_COALITION = "Coalición Anónima de Guatemala";
const DETAILS = "CONFIDENTIAL DETAILS: names of the defenders";
const OUTCOME = "CONFIDENTIAL OUTCOME: repeal the law";

let smtp: TestSmtpServer;
let mailer: Mailer;
let redis: Redis;
let queues: Queues;

beforeAll(async () => {
  smtp = await startSmtpServer();
  mailer = createMailer({ smtpUrl: smtp.url, from: "Puente <no-reply@puente.test>" });
  redis = new Redis(process.env.REDIS_URL!, workerRedisOptions);
  queues = createQueues(redis, process.env.REDIS_PREFIX!);
});
afterAll(async () => {
  await closeQueues(queues);
  redis.disconnect();
  mailer.close();
  closeMailer();
  await closeCommitPool();
  await smtp.close();
});

async function scenario() {
  const coalitionMX = await createOrganisation({
    kind: "COALITION",
    countryCode: "MX",
    name: "Red Mexicana Visible",
  });
  const coalitionGT = await createOrganisation({
    kind: "COALITION",
    countryCode: "GT",
    name: SECRET_COALITION,
  });
  const coalitionFR = await createOrganisation({ kind: "COALITION", countryCode: "FR" });
  const expert = await createOrganisation({ kind: "EXPERT", vettingLevel: "verified" });
  const digitalExpert = await createOrganisation({ kind: "EXPERT", vettingLevel: "verified" });
  const unverifiedExpert = await createOrganisation({
    kind: "EXPERT",
    vettingLevel: "unverified",
    vettedAt: null,
  });

  const author = await createUser({}, { organisationId: coalitionMX.id });
  const coalitionUser = await createUser({ locale: "es" }, { organisationId: coalitionMX.id });
  const frUser = await createUser({ locale: "fr" }, { organisationId: coalitionFR.id });
  const expertUser = await createUser({ locale: "en" }, { organisationId: expert.id });
  const expertGTOnly = await createUser({ locale: "fr" }, { organisationId: expert.id });
  const digitalUser = await createUser({}, { organisationId: digitalExpert.id });
  const unverifiedUser = await createUser({}, { organisationId: unverifiedExpert.id });
  const dailyUser = await createUser({}, { organisationId: expert.id });
  const offUser = await createUser({}, { organisationId: expert.id });
  const unconfirmedUser = await createUser({ emailVerifiedAt: null }, { organisationId: expert.id });
  await db().digestSubscription.create({ data: { userId: expertGTOnly.id, countryCodes: ["GT"] } });
  await db().digestSubscription.create({ data: { userId: dailyUser.id, frequency: "daily" } });
  await db().digestSubscription.create({ data: { userId: offUser.id, frequency: "off" } });

  const by = { createdById: author.id };
  // Expert's offer: legal, Latin America, Spanish/English. Another expert: digital security only.
  await createOffer({
    organisationId: expert.id,
    ...by,
    categoryIds: ["legal"],
    coverageRegions: ["latin_america_caribbean"],
    languages: ["es", "en"],
    publishedAt: beforeWindow,
  });
  await createOffer({
    organisationId: digitalExpert.id,
    ...by,
    categoryIds: ["digital_security"],
    coverageGlobal: true,
    coverageRegions: [],
    publishedAt: beforeWindow,
  });
  await createOffer({
    organisationId: unverifiedExpert.id,
    ...by,
    categoryIds: ["legal"],
    coverageGlobal: true,
    publishedAt: beforeWindow,
  });

  const need = (
    title: string,
    data: Parameters<typeof createNeed>[0] extends infer P ? Partial<P> : never,
    org = coalitionMX.id,
  ) =>
    createNeed({
      organisationId: org,
      createdById: author.id,
      title,
      details: DETAILS,
      outcomeWanted: OUTCOME,
      openedAt: inWindow,
      ...data,
    });
  const fits = await need("N-FITS legal help in Mexico", { urgency: "high" });
  const anonymised = await need(
    "N-ANON protest law in Guatemala",
    { countryCode: "GT", anonymised: true },
    coalitionGT.id,
  );
  const secretariatOnly = await need("N-SECRET secretariat-only need", { visibility: "secretariat" });
  const submitted = await need("N-SUBMITTED not yet open", { status: "submitted", openedAt: null });
  const old = await need("N-OLD opened before the period", { openedAt: beforeWindow });
  const french = await need("N-FRENCH needs French only", { languages: ["fr"] });
  const digital = await need("N-DIGITAL security audit", {
    categoryId: "digital_security",
    topicIds: ["digital_security.assessment"],
  });

  // Offers new in the period: one covers Mexico, one only Europe, one is a draft.
  const newOffer = await createOffer({
    organisationId: expert.id,
    ...by,
    title: "O-LATAM legal review",
    publishedAt: inWindow,
    coverageRegions: ["latin_america_caribbean"],
  });
  const europeOffer = await createOffer({
    organisationId: digitalExpert.id,
    ...by,
    title: "O-EUROPE only",
    publishedAt: inWindow,
    coverageRegions: ["europe_central_asia"],
    categoryIds: ["digital_security"],
  });
  const draftOffer = await createOffer({
    organisationId: expert.id,
    ...by,
    title: "O-DRAFT not published",
    status: "draft",
    publishedAt: inWindow,
  });

  return {
    users: {
      coalitionUser,
      frUser,
      expertUser,
      expertGTOnly,
      digitalUser,
      unverifiedUser,
      dailyUser,
      offUser,
      unconfirmedUser,
      author,
    },
    needs: { fits, anonymised, secretariatOnly, submitted, old, french, digital },
    offers: { newOffer, europeOffer, draftOffer },
  };
}

function forUser(messages: CaughtMessage[], email: string) {
  return messages.filter((m) => m.envelope.to.includes(email));
}

describe("digests", () => {
  let s: Awaited<ReturnType<typeof scenario>>;

  it("sends each recipient the new items that fit them and that they may see, once, through the flow", async () => {
    s = await scenario();
    const recipients = await listRecipientIds(db(), "weekly");
    expect(recipients).toContain(s.users.expertUser.id);
    expect(recipients).not.toContain(s.users.unverifiedUser.id);
    expect(recipients).not.toContain(s.users.dailyUser.id);
    expect(recipients).not.toContain(s.users.offUser.id);
    expect(recipients).not.toContain(s.users.unconfirmedUser.id);

    process.env.SMTP_URL = smtp.url;
    const workers = startProcessors({
      definitions: digestJobs,
      connection: redis,
      prefix: process.env.REDIS_PREFIX!,
      concurrency: 2,
      context: { db: db(), env: {} as never, queues, logger },
    });
    try {
      smtp.clear();
      await db().$transaction((tx) =>
        tx.outboxEvent.create({
          data: { queue: "digest", name: "digest.run", payload: { frequency: "weekly", period: PERIOD } },
        }),
      );
      while ((await relayOutboxOnce(db(), queues)) > 0);
      await expect
        .poll(async () => db().digestDelivery.count({ where: { period: PERIOD, status: "claimed" } }), {
          timeout: 20_000,
        })
        .toBe(0);
      await expect
        .poll(
          async () => (await queues.digest.getJob(`digest-run-weekly-weekly_2026-W46`))?.finishedOn ?? 0,
          { timeout: 20_000 },
        )
        .toBeGreaterThan(0);
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }
    const messages = await smtp.waitFor(4);

    // Expert: needs that fit the offer (category, language, coverage), visible, opened in the period.
    const [expertMail] = forUser(messages, s.users.expertUser.email);
    expect(expertMail.parsed.text).toContain("N-FITS");
    expect(expertMail.parsed.text).toContain("N-ANON");
    for (const absent of ["N-SECRET", "N-SUBMITTED", "N-OLD", "N-FRENCH", "N-DIGITAL", "O-LATAM"])
      expect(expertMail.parsed.text).not.toContain(absent);
    expect(expertMail.parsed.subject).toBe("Puente: 2 new this week");
    // The filtered expert: Guatemala only, in French.
    const [gtMail] = forUser(messages, s.users.expertGTOnly.email);
    expect(gtMail.parsed.text).toContain("N-ANON");
    expect(gtMail.parsed.text).not.toContain("N-FITS");
    expect(gtMail.header("content-language")).toBe("fr");
    expect(gtMail.parsed.subject).toMatch(/cette semaine/);
    // Coalition in Mexico: the new offer covering Mexico, not Europe-only or draft ones, in Spanish.
    const [coalitionMail] = forUser(messages, s.users.coalitionUser.email);
    expect(coalitionMail.parsed.text).toContain("O-LATAM");
    for (const absent of ["O-EUROPE", "O-DRAFT", "N-FITS"])
      expect(coalitionMail.parsed.text).not.toContain(absent);
    expect(coalitionMail.parsed.subject).toMatch(/esta semana/);
    // Digital-security expert: a digital need is new, in Mexico, network-visible: it fits the global offer.
    const [digitalMail] = forUser(messages, s.users.digitalUser.email);
    expect(digitalMail.parsed.text).toContain("N-DIGITAL");
    // The coalition in France gets the new offer covering Europe (and nothing about Latin America).
    const frMail = forUser(messages, s.users.frUser.email);
    expect(frMail).toHaveLength(1);
    expect(frMail[0].parsed.text).toContain("O-EUROPE");

    // Nobody outside the audience got anything; everyone got at most one.
    for (const u of [s.users.unverifiedUser, s.users.dailyUser, s.users.offUser, s.users.unconfirmedUser])
      expect(forUser(messages, u.email)).toHaveLength(0);
    const perRecipient = new Map<string, number>();
    for (const m of messages)
      perRecipient.set(m.envelope.to[0], (perRecipient.get(m.envelope.to[0]) ?? 0) + 1);
    expect([...perRecipient.values()].every((n) => n === 1)).toBe(true);

    // No confidential field, no anonymised coalition's name, in any digest.
    for (const m of messages) {
      const raw = m.raw.toString("utf8");
      for (const secret of [DETAILS, OUTCOME, SECRET_COALITION, "N-SECRET"]) {
        expect(raw).not.toContain(secret);
        expect(m.parsed.text).not.toContain(secret);
      }
      expect(m.header("list-unsubscribe")).toMatch(
        /^<http:\/\/localhost:3000\/unsubscribe\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+>$/,
      );
      expect(m.header("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
      expect(m.parsed.text).toContain("http://localhost:3000/settings/notifications");
      expect(m.parsed.html).toBeTruthy();
    }

    // Rows: sent with their Message-ID; the user with nothing new is 'empty' and got no email.
    const rows = await db().digestDelivery.findMany({ where: { period: PERIOD } });
    const expertRow = rows.find((r) => r.userId === s.users.expertUser.id)!;
    expect(expertRow.status).toBe("sent");
    expect(expertRow.itemCount).toBe(2);
    expect(expertRow.messageId).toBe(expertMail.parsed.messageId);
    const authorRow = rows.find((r) => r.userId === s.users.author.id)!;
    expect(authorRow.status).toBe("sent"); // the author's coalition also sees O-LATAM
  });

  it("sends nothing more when the period is run again, or a chunk is retried", async () => {
    const before = smtp.accepted();
    expect(
      await buildDigestRun({ db: db(), queue: queues.digest }, { frequency: "weekly", period: PERIOD }),
    ).toMatchObject({ alreadyBuilt: true });
    const ids = await listRecipientIds(db(), "weekly");
    const again = await deliverDigestChunk({ db: db(), mailer }, { userIds: ids, period: PERIOD });
    expect(again.sent).toBe(0);
    expect(again.skipped).toBe(ids.length);
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.accepted()).toBe(before);
  });

  it("marks a recipient with nothing new 'empty' and sends no email", async () => {
    const lonely = await createOrganisation({ kind: "EXPERT", vettingLevel: "verified" });
    const user = await createUser({}, { organisationId: lonely.id });
    const before = smtp.accepted();
    const result = await deliverDigestChunk({ db: db(), mailer }, { userIds: [user.id], period: PERIOD });
    expect(result).toMatchObject({ sent: 0, empty: 1 });
    expect(
      (
        await db().digestDelivery.findUniqueOrThrow({
          where: { userId_period: { userId: user.id, period: PERIOD } },
        })
      ).status,
    ).toBe("empty");
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.accepted()).toBe(before);
  });

  it("records a refused address as failed, for the secretariat, and goes on with the others", async () => {
    const period = "weekly:2026-W45"; // a fresh period with one new need
    const w = parsePeriod(period)!;
    await createNeed({
      organisationId: (await createOrganisation({ kind: "COALITION", countryCode: "MX" })).id,
      createdById: s.users.author.id,
      title: "N-W45",
      openedAt: new Date(w.start.getTime() + 3600_000),
    });
    smtp.rejectRecipients((a) => a === s.users.expertUser.email);
    try {
      const result = await deliverDigestChunk(
        { db: db(), mailer },
        { userIds: [s.users.expertUser.id, s.users.expertGTOnly.id, s.users.digitalUser.id], period },
      );
      expect(result.failed).toBe(1);
      const row = await db().digestDelivery.findUniqueOrThrow({
        where: { userId_period: { userId: s.users.expertUser.id, period } },
      });
      expect(row.status).toBe("failed");
      expect(row.lastError).toMatch(/550/);
    } finally {
      smtp.rejectRecipients(null);
    }
  });

  it("alerts fitting experts at once about a critical need, once each", async () => {
    const coalition = await createOrganisation({ kind: "COALITION", countryCode: "MX" });
    const critical = await createNeed({
      organisationId: coalition.id,
      createdById: s.users.author.id,
      title: "N-CRITICAL detention of defenders",
      urgency: "critical",
      details: DETAILS,
    });
    await db().digestSubscription.upsert({
      where: { userId: s.users.dailyUser.id },
      create: { userId: s.users.dailyUser.id, urgentAlerts: false },
      update: { urgentAlerts: false },
    });
    const row = await db().$transaction((tx) => enqueueUrgentAlert(tx, critical.id));
    expect(row.id).toBeDefined();
    smtp.clear();
    const first = await sendUrgentAlerts({ db: db(), mailer }, critical.id);
    const second = await sendUrgentAlerts({ db: db(), mailer }, critical.id);
    expect(second.sent).toBe(0);
    const messages = await smtp.waitFor(first.sent);
    const to = messages.map((m) => m.envelope.to[0]);
    expect(to).toContain(s.users.expertUser.email);
    expect(to).toContain(s.users.expertGTOnly.email); // urgent alerts ignore digest filters
    expect(to).not.toContain(s.users.dailyUser.email); // urgent alerts off
    expect(to).not.toContain(s.users.digitalUser.email); // does not fit
    expect(to).not.toContain(s.users.unverifiedUser.email);
    expect(new Set(to).size).toBe(to.length);
    for (const m of messages) {
      expect(m.parsed.text).toContain("N-CRITICAL");
      expect(m.raw.toString()).not.toContain(DETAILS);
      expect(m.header("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    }
  });

  it("unsubscribes in one click without signing in, and refuses forged links", async () => {
    const user = s.users.coalitionUser;
    const token = unsubscribeToken(user.id);
    const url = `http://localhost:3000/unsubscribe/${token}`;
    const args = (request: Request, t = token) =>
      ({ request, params: { token: t }, context: {} as never, unstable_pattern: "", matches: [] }) as never;

    expect(await unsubscribeLoader(args(new Request(url)))).toEqual({ done: false });
    // RFC 8058: the mail provider POSTs "List-Unsubscribe=One-Click", no cookie, no Origin.
    const post = new Request(url, {
      method: "POST",
      body: "List-Unsubscribe=One-Click",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(await unsubscribeAction(args(post))).toEqual({ done: true });
    const sub = await db().digestSubscription.findUniqueOrThrow({ where: { userId: user.id } });
    expect(sub.frequency).toBe("off");
    expect(sub.urgentAlerts).toBe(false);
    expect(await listRecipientIds(db(), "weekly")).not.toContain(user.id);

    // Forged: another user's id with this signature, a tampered signature, garbage.
    const [, signature] = token.split(".");
    const forged = `${Buffer.from(`digest-unsubscribe:${s.users.expertUser.id}`).toString("base64url")}.${signature}`;
    for (const bad of [forged, `${token.slice(0, -3)}abc`, "nonsense", ""]) {
      const thrown = await unsubscribeAction(args(new Request(url, { method: "POST" }), bad)).catch((e) => e);
      expect(thrown?.init?.status ?? thrown?.status, bad).toBe(400);
      expect(thrown?.data?.messageKey).toBe("digest:unsubscribe.invalid");
    }
    expect(
      (await db().digestSubscription.findUnique({ where: { userId: s.users.expertUser.id } }))?.frequency ??
        "weekly",
    ).toBe("weekly");
  });
});
