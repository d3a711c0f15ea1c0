// Transactional mail through a real SMTP server on loopback: every template arrives multipart, in the
// recipient's language, with correct headers and no confidential field; failures are classified.
import net from "node:net";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emailTemplates, type EmailParams, type EmailTemplate } from "~/features/email/catalog";
import { closeCommitPool } from "~/features/email/services/commit-marker.server";
import { createMailer, MailSendError, type Mailer } from "~/features/email/services/mailer.server";
import { queueEmail } from "~/features/email/services/queue-email.server";
import { sendEmailMessage } from "~/features/email/services/send-email.server";
import { emailJobs } from "~/features/email/jobs.server";
import type { Locale } from "~/i18n/config";
import { db } from "~/utils/db.server";
import { logger } from "~/utils/logger.server";
import { workerRedisOptions } from "~/utils/redis.server";
import { relayOutboxOnce } from "~/../workers/outbox-relay";
import { closeQueues, createQueues, type Queues } from "~/../workers/queues";
import { startProcessors } from "~/../workers/registry";
import { createNeed, createNetwork } from "../support/factories";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp";

let smtp: TestSmtpServer;
let mailer: Mailer;

beforeAll(async () => {
  smtp = await startSmtpServer();
  mailer = createMailer({ smtpUrl: smtp.url, from: "Puente <no-reply@puente.test>" });
});
afterAll(async () => {
  mailer.close();
  await closeCommitPool();
  await smtp.close();
});

const CONFIDENTIAL_DETAILS = "CONFIDENTIAL-DETAILS-the lawyers are Ana and Luis";
const CONFIDENTIAL_OUTCOME = "CONFIDENTIAL-OUTCOME-repeal article 12";
const SECRET_COALITION = "Coalición Secreta de Prueba";

const u = (path: string) => `http://localhost:3000${path}`;
const sample: { [T in EmailTemplate]: EmailParams<T> } = {
  invitation: {
    inviteUrl: u("/invitations/tok-inv"),
    organisationName: "Red Mexicana",
    inviterName: "Ana",
    expiresAt: "2026-12-01T00:00:00Z",
  },
  email_verification: { verifyUrl: u("/verify/tok-ver"), name: "Luis" },
  email_change: { verifyUrl: u("/verify/tok-chg"), name: "Luis" },
  password_reset: { resetUrl: u("/reset/tok-reset"), name: "Luis", expiresInMinutes: 30 },
  password_reset_no_account: { signInUrl: u("/login") },
  need_triaged: { needUrl: u("/needs/n1"), needTitle: "Registration law review", outcome: "open" },
  proposal_to_expert: {
    proposalUrl: u("/proposals/p1"),
    countryCode: "MX",
    categoryId: "legal",
    respondBy: "2026-12-05T00:00:00Z",
  },
  proposal_reminder: { proposalUrl: u("/proposals/p1"), respondBy: "2026-12-05T00:00:00Z" },
  proposal_expired: {
    reviewUrl: u("/review/p1"),
    needTitle: "Registration law review",
    expertName: "Legal Centre",
  },
  proposal_accepted: {
    needUrl: u("/needs/n1"),
    needTitle: "Registration law review",
    expertName: "Legal Centre",
  },
  proposal_closed: { proposalsUrl: u("/proposals"), countryCode: "GT" },
  engagement_confirmed: { engagementUrl: u("/engagements/e1"), needTitle: "Registration law review" },
  engagement_stalled: { engagementUrl: u("/engagements/e1"), needTitle: "Registration law review", days: 21 },
  engagement_problem: { engagementUrl: u("/engagements/e1"), needTitle: "Registration law review" },
  call_invitation: {
    callUrl: u("/calls/c1"),
    title: "",
    countryCode: "MX",
    startsAt: "2026-12-10T15:00:00Z",
    durationMinutes: 60,
    timeZone: "Africa/Dakar",
    rsvpUrl: u("/rsvp/x.y"),
  },
  call_updated: {
    callUrl: u("/calls/c1"),
    title: "",
    countryCode: "MX",
    startsAt: "2026-12-10T15:00:00Z",
    durationMinutes: 60,
    timeZone: "Africa/Dakar",
    place: "Dakar office",
  },
  call_reminder: {
    callUrl: u("/calls/c1"),
    title: "",
    countryCode: "MX",
    startsAt: "2026-12-10T15:00:00Z",
    durationMinutes: 60,
    timeZone: "Africa/Dakar",
    hours: 24,
  },
  action_reminder: {
    actionsUrl: u("/actions"),
    title: "Legal opinion",
    dueOn: "2026-12-12",
    state: "due_soon",
  },
  engagement_feedback_request: { engagementUrl: u("/engagements/e1"), needTitle: "Registration law review" },
  engagement_close_requested: {
    engagementUrl: u("/engagements/e1"),
    needTitle: "Registration law review",
    outcome: "partly_achieved",
  },
  engagement_close_declined: {
    engagementUrl: u("/engagements/e1"),
    needTitle: "Registration law review",
    outcome: "achieved",
  },
  new_message: { threadUrl: u("/threads/t1") },
  call_cancelled: {
    callUrl: u("/calls/c1"),
    title: "",
    countryCode: "MX",
    startsAt: "2026-12-10T15:00:00Z",
    durationMinutes: 60,
    timeZone: "Africa/Dakar",
  },
  digest: {
    period: "weekly:2026-W47",
    preferencesUrl: u("/settings/notifications"),
    unsubscribeUrl: u("/unsubscribe/abc.def"),
    items: [
      {
        kind: "need",
        title: "Registration law review",
        url: u("/needs/n1"),
        countryCode: "MX",
        urgency: "high",
      },
    ],
  },
  legislation_stage_changed: {
    legislationUrl: u("/legislation/l1"),
    countryUrl: u("/countries/MX"),
    title: "Ley de agentes extranjeros",
    countryCode: "MX",
    kind: "bill",
    direction: "closing",
    stage: "adopted",
    fromStage: "in_parliament",
    occurredOn: "2026-12-01",
  },
  urgent_need: {
    needUrl: u("/needs/n1"),
    needTitle: "Registration law review",
    countryCode: "MX",
    preferencesUrl: u("/settings/notifications"),
    unsubscribeUrl: u("/unsubscribe/abc.def"),
  },
  application_question: {
    answerUrl: u("/apply/answer/tok-answer"),
    organisationName: "Red Mexicana",
    question: "Who are your references?",
  },
  application_declined: { organisationName: "Red Mexicana", reason: "Out of scope." },
  organisation_revet_due: {
    organisationUrl: u("/secretariat/organisations/o1"),
    organisationName: "Red Mexicana",
  },
};

// A word each language's version of the template must contain (from the translation files).
const languageMarkers: Record<Locale, RegExp> = {
  en: /\b(the|your|you|a)\b/i,
  es: /\b(su|una|la|el|de)\b/i,
  fr: /\b(votre|vous|une|le|la)\b/i,
};

async function queue<T extends EmailTemplate>(
  template: T,
  locale: Locale,
  params: EmailParams<T>,
  to: string,
  userId?: string,
) {
  return db().$transaction((tx) => queueEmail(tx, { to, userId, template, locale, params }));
}

describe("transactional email", () => {
  it("sends every template multipart, localised, with correct headers and no confidential field", async () => {
    const net = await createNetwork();
    const need = await createNeed({
      organisationId: net.coalition.id,
      createdById: net.coalitionUser.id,
      title: "Registration law review",
      details: CONFIDENTIAL_DETAILS,
      outcomeWanted: CONFIDENTIAL_OUTCOME,
      anonymised: true,
    });
    await db().organisation.update({ where: { id: net.coalition.id }, data: { name: SECRET_COALITION } });
    sample.need_triaged.needTitle = need.title;

    const locales: Locale[] = ["en", "es", "fr"];
    const templates = Object.keys(emailTemplates) as EmailTemplate[];
    const sentIds: Array<{ id: string; template: EmailTemplate; locale: Locale; to: string }> = [];
    let n = 0;
    for (const template of templates) {
      for (const locale of locales) {
        const to = `t${n++}-${template}@example.org`;
        const row = await queue(template, locale, sample[template] as never, to, net.expertUser.id);
        sentIds.push({ id: row.id, template, locale, to });
      }
    }
    smtp.clear();
    for (const s of sentIds) expect(await sendEmailMessage({ db: db(), mailer }, s.id)).toBe("sent");
    const messages = await smtp.waitFor(sentIds.length);
    expect(messages).toHaveLength(sentIds.length);

    const subjects = new Map<string, Set<string>>();
    for (const s of sentIds) {
      const m = messages.find((x) => x.envelope.to[0] === s.to);
      expect(m, `${s.template}/${s.locale} arrived`).toBeDefined();
      const parsed = m!.parsed;
      const raw = m!.raw.toString("utf8");
      // headers
      expect(parsed.messageId).toMatch(/^<[0-9a-f-]{36}@localhost>$/);
      expect(parsed.from?.text).toContain("no-reply@puente.test");
      expect((parsed.to as { text: string }).text).toBe(s.to);
      expect(parsed.subject).toBeTruthy();
      expect(m!.header("content-language")).toBe(s.locale);
      expect(m!.header("content-type")).toMatch(/^multipart\/alternative/);
      // both parts, saying the same thing
      expect(parsed.text).toBeTruthy();
      expect(parsed.html).toBeTruthy();
      expect(parsed.html).not.toMatch(/<script|<table|<img|https?:\/\/(?!localhost:3000)/i);
      const firstLink = /href="([^"]+)"/.exec(parsed.html as string)?.[1];
      if (firstLink) expect(parsed.text).toContain(firstLink.replace(/&amp;/g, "&"));
      expect(parsed.text).toMatch(languageMarkers[s.locale]);
      expect(parsed.html).toContain(`lang="${s.locale}"`);
      // confidentiality
      for (const secret of [CONFIDENTIAL_DETAILS, CONFIDENTIAL_OUTCOME, SECRET_COALITION, "Ana and Luis"]) {
        expect(raw).not.toContain(secret);
        expect(parsed.text).not.toContain(secret);
      }
      if (s.template === "digest" || s.template === "urgent_need") {
        expect(m!.header("list-unsubscribe")).toBe("<http://localhost:3000/unsubscribe/abc.def>");
        expect(m!.header("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
      }
      const set = subjects.get(s.template) ?? new Set();
      set.add(parsed.subject!);
      subjects.set(s.template, set);
    }
    // each template reads differently in each language
    for (const [template, set] of subjects) expect(set.size, template).toBe(3);

    // rows: sent, Message-ID recorded, single-use links wiped
    const rows = await db().emailMessage.findMany({ where: { id: { in: sentIds.map((s) => s.id) } } });
    for (const row of rows) {
      expect(row.status).toBe("sent");
      const m = messages.find((x) => x.envelope.to[0] === row.toAddress)!;
      expect(row.messageId).toBe(m.parsed.messageId);
    }
    const reset = rows.find((r) => r.template === "password_reset")!;
    expect(JSON.stringify(reset.params)).not.toContain("tok-reset");
    const invite = rows.find((r) => r.template === "invitation")!;
    expect(JSON.stringify(invite.params)).not.toContain("tok-inv");
  });

  it("records a rejected address as a permanent failure and does not retry it", async () => {
    smtp.rejectRecipients((a) => a.startsWith("nobody"));
    try {
      const row = await queue("email_verification", "es", sample.email_verification, "nobody@example.org");
      expect(await sendEmailMessage({ db: db(), mailer }, row.id)).toBe("failed_permanent");
      const stored = await db().emailMessage.findUniqueOrThrow({ where: { id: row.id } });
      expect(stored.status).toBe("failed_permanent");
      expect(stored.lastError).toMatch(/550/);
      expect(stored.lastError).not.toContain("nobody");
      expect(JSON.stringify(stored.params)).not.toContain("tok-ver");
      expect(await sendEmailMessage({ db: db(), mailer }, row.id)).toBe("already");
    } finally {
      smtp.rejectRecipients(null);
    }
  });

  it("keeps mail through a temporary SMTP failure and sends it once the server is back", async () => {
    const row = await queue("engagement_stalled", "fr", sample.engagement_stalled, "stalled@example.org");
    smtp.refuse(60_000);
    const refusing = createMailer({ smtpUrl: smtp.url, from: "Puente <no-reply@puente.test>", pool: false });
    try {
      const error = await sendEmailMessage({ db: db(), mailer: refusing }, row.id).catch((e) => e);
      expect(error).toBeInstanceOf(MailSendError);
      expect((error as MailSendError).kind).toBe("temporary");
      const stored = await db().emailMessage.findUniqueOrThrow({ where: { id: row.id } });
      expect(stored.status).toBe("queued");
      expect(stored.messageId).toBeNull();
      expect(stored.lastError).toMatch(/421/);
    } finally {
      smtp.refuse(0);
      refusing.close();
    }
    smtp.clear();
    expect(await sendEmailMessage({ db: db(), mailer }, row.id)).toBe("sent");
    await smtp.waitFor(1);
    expect(smtp.messages[0].parsed.subject).toMatch(/jours/);
  });

  it("sends once when two workers race, and never resends past the commit point", async () => {
    const row = await queue("proposal_reminder", "en", sample.proposal_reminder, "race@example.org");
    const other = createMailer({ smtpUrl: smtp.url, from: "Puente <no-reply@puente.test>" });
    smtp.clear();
    const outcomes = await Promise.all([
      sendEmailMessage({ db: db(), mailer }, row.id),
      sendEmailMessage({ db: db(), mailer: other }, row.id),
    ]);
    other.close();
    expect(outcomes.sort()).toEqual(["already", "sent"]);
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.accepted()).toBe(1);

    // A worker that died after the commit point left the row queued with its messageId: not resent.
    const crashed = await queue("proposal_reminder", "en", sample.proposal_reminder, "crashed@example.org");
    await db().emailMessage.update({ where: { id: crashed.id }, data: { messageId: "<x@localhost>" } });
    expect(await sendEmailMessage({ db: db(), mailer }, crashed.id)).toBe("unknown");
    expect((await db().emailMessage.findUniqueOrThrow({ where: { id: crashed.id } })).status).toBe("sent");
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.accepted()).toBe(1);
  });

  it("writes every end-of-data marker to its SMTP socket in the same turn as the COMMIT marking its row", async () => {
    // The commit point's promise (commit-marker.server.ts): a process killed after COMMIT left has its
    // markers in the kernel too. Socket writes are observed (passed through unchanged); a marker written
    // after the COMMIT's turn (a later tick) is a window where a SIGKILL loses a committed message.
    const rows = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        queue("proposal_reminder", "en", sample.proposal_reminder, `turn${i}@example.org`),
      ),
    );
    smtp.clear();
    const writes: Array<"COMMIT" | "marker-same-turn" | "marker-later"> = [];
    let commitTurn = false;
    const write = net.Socket.prototype.write;
    net.Socket.prototype.write = function (this: net.Socket, chunk: string | Uint8Array, ...rest: unknown[]) {
      const bytes = Buffer.from(chunk);
      if (bytes.length < 20 && bytes.includes("COMMIT") && new Error().stack?.includes("commit-marker")) {
        writes.push("COMMIT");
        commitTurn = true;
        queueMicrotask(() => (commitTurn = false));
      } else if (bytes.length <= 5 && bytes.toString().endsWith(".\r\n")) {
        writes.push(commitTurn ? "marker-same-turn" : "marker-later");
      }
      return write.call(this, chunk as Buffer, ...(rest as [])) as boolean;
    } as typeof write;
    try {
      const outcomes = await Promise.all(rows.map((r) => sendEmailMessage({ db: db(), mailer }, r.id)));
      expect(outcomes).toEqual(rows.map(() => "sent"));
    } finally {
      net.Socket.prototype.write = write;
    }
    expect(writes.filter((w) => w === "COMMIT").length).toBeGreaterThan(0);
    expect(writes.filter((w) => w === "marker-same-turn")).toHaveLength(rows.length);
    expect(writes).not.toContain("marker-later");
    await smtp.waitFor(rows.length);
  });

  it("goes web → outbox → worker → SMTP (the web app never talks SMTP)", async () => {
    const redis = new Redis(process.env.REDIS_URL!, workerRedisOptions);
    const queues: Queues = createQueues(redis, process.env.REDIS_PREFIX!);
    process.env.SMTP_URL = smtp.url;
    const workers = startProcessors({
      definitions: emailJobs,
      connection: redis,
      prefix: process.env.REDIS_PREFIX!,
      concurrency: 2,
      context: { db: db(), env: {} as never, queues, logger },
    });
    try {
      smtp.clear();
      const row = await queue(
        "engagement_confirmed",
        "es",
        sample.engagement_confirmed,
        "outbox@example.org",
      );
      while ((await relayOutboxOnce(db(), queues)) > 0);
      await expect
        .poll(() => smtp.messages.some((x) => x.envelope.to[0] === "outbox@example.org"), { timeout: 15_000 })
        .toBe(true);
      const m = smtp.messages.find((x) => x.envelope.to[0] === "outbox@example.org")!;
      expect(m.parsed.subject).toBe("Colaboración confirmada: Registration law review");
      await expect
        .poll(async () => (await db().emailMessage.findUniqueOrThrow({ where: { id: row.id } })).status)
        .toBe("sent");
    } finally {
      await Promise.all(workers.map((w) => w.close()));
      await closeQueues(queues);
      redis.disconnect();
      const { closeMailer } = await import("~/features/email/services/mailer.server");
      closeMailer();
    }
  });
});
