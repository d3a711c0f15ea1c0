// The canary test (issue 16): unique strings planted in every kind of confidential text through the app's
// own services — need details and outcome wanted, engagement updates and milestones, a problem flag, an
// outcome note, feedback, a vetting note, a secretariat-only call note, and documents (inside a PDF and a
// DOCX, one stripped and one kept as evidence) — then the real web server (production build) and the real
// worker run: every page and `.data` response of the authorisation matrix is fetched as every role, the
// worker relays and runs the jobs (emails to a catcher, search indexing), the index is rebuilt. No canary
// may reach a role not allowed to read it, an email, a job payload (outbox and Redis), a log line of either
// process, or a search document; and `pg_dump` of the database must not contain any canary at all.
//
// Messages (conversations): canaries in a question thread on an anonymised need (expert and secretariat
// only), in the engagement's thread (both parties and the secretariat) and inside a PDF attached to a
// message there, planted through the conversations feature's services in the route matrix's own threads,
// so the page sweep fetches those threads (and the attachment's download) as every role.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "~/features/auth/policy";
import { addNote } from "~/features/coordination/services/agenda.server";
import { keepHeldAsEvidence, receiveDocument } from "~/features/documents/index.server";
import {
  addEngagementUpdate,
  closeEngagement,
  giveFeedback,
} from "~/features/engagements/services/engagements.server";
import { updateNeed } from "~/features/needs/services/need-lifecycle.server";
import { encryptExistingRows } from "~/features/operations/services/encrypt-existing.server";
import { vetOrganisation } from "~/features/organisations/services/organisations.server";
import { reindexAll } from "~/features/search/services/reindex.server";
import { postMessage } from "~/features/conversations/services/threads.server";
import { db } from "~/utils/db.server";
import { multipartRequest, testConfig, testScratchBase } from "../documents/support";
import { docx, pdf } from "../support/document-fixtures";
import { createEngagement, createOffer, createProposal } from "../support/factories";
import { freePort, startWorker, waitFor, type WorkerProcess } from "../support/processes";
import { buildFixture, flattenRoutes, matrix, roles, type Fixture, type Role } from "../support/route-matrix";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp";
import routes from "~/routes";

let f: Fixture;
let smtp: TestSmtpServer;
let worker: WorkerProcess | undefined;
let web: ChildProcess | undefined;
let webOutput = "";
let base = "";
const canaries: Array<{ text: string; allowedFor: Role[] }> = [];
/** Pages planted here beyond the route matrix's (fetched as every role like the matrix's). */
const extraPaths: string[] = [];

const insideNeed: Role[] = ["coalitionOwner", "expertMatched", "secretariat"];
const secretariatOnly: Role[] = ["secretariat"];

function viewer(userId: string, org: { id: string; kind: string; vettingLevel: string }, twoFactor = false) {
  return {
    userId,
    memberships: [{ organisationId: org.id, kind: org.kind, vettingLevel: org.vettingLevel, role: "admin" }],
    twoFactorVerified: twoFactor,
  } as NonNullable<Viewer>;
}

/**
 * Conversations: a message in the matrix's question thread (anonymised need: the expert and the
 * secretariat read it, never the coalition), one in the engagement's thread (both parties and the
 * secretariat) and a PDF with a canary inside, uploaded through the documents feature into the
 * engagement thread's scope and attached to a message there.
 */
async function plantConversationCanaries(
  fx: Fixture,
  canary: (name: string, allowedFor: Role[]) => string,
): Promise<void> {
  const { proposalThread, thread } = fx.conversations;
  await db().$transaction((tx) =>
    postMessage(tx, {
      thread: proposalThread,
      author: { userId: fx.users.expertMatched.id, side: "expert", organisationId: fx.orgs.expertX.id },
      body: `Before we accept: ${canary("Question", ["expertMatched", "secretariat"])}?`,
    }),
  );
  await db().$transaction((tx) =>
    postMessage(tx, {
      thread,
      author: {
        userId: fx.users.coalitionOwner.id,
        side: "coalition",
        organisationId: fx.orgs.coalitionA.id,
      },
      body: `The account was taken over: ${canary("EngagementMessage", insideNeed)}.`,
    }),
  );
  const sent = multipartRequest(
    { name: "screenshots.pdf", bytes: pdf({ text: canary("MessagePdf", insideNeed) }) },
    { metadata: "remove" },
  );
  const result = await receiveDocument(sent.request, {
    scope: `thread:${thread.id}`,
    actorId: fx.users.expertMatched.id,
    config: testConfig(testScratchBase()),
  });
  if (result.status !== "stored") throw new Error(`attachment not stored: ${result.status}`);
  await db().$transaction((tx) =>
    postMessage(tx, {
      thread,
      author: { userId: fx.users.expertMatched.id, side: "expert", organisationId: fx.orgs.expertX.id },
      body: `Attached: ${canary("AttachmentMessage", insideNeed)}.`,
      documentId: result.document.id,
    }),
  );
  extraPaths.push(`/threads/${thread.id}/documents/${result.document.id}`);
}

async function plant() {
  const canary = (name: string, allowedFor: Role[]) => {
    const text = `Cnry${f.tag}${name}`;
    canaries.push({ text, allowedFor });
    return text;
  };
  const n = f.needs.networkNeed;
  const coalition = viewer(f.users.coalitionOwner.id, f.orgs.coalitionA);
  const expert = viewer(f.users.expertMatched.id, f.orgs.expertX);

  // Need details and outcome wanted, through the coalition's edit.
  await db().$transaction((tx) =>
    updateNeed(tx, { userId: f.users.coalitionOwner.id }, n.id, {
      title: n.title,
      summary: n.summary,
      details: `Our lawyers ${canary("Details", insideNeed)} and the strategy.`,
      outcomeWanted: `An outcome ${canary("Outcome", insideNeed)}.`,
      contentLanguage: n.contentLanguage,
      categoryId: n.categoryId,
      topicIds: n.topicIds,
      countryCode: n.countryCode,
      languages: n.languages,
      urgency: n.urgency,
      wantedBy: n.wantedBy,
      effortHours: n.effortHours,
      format: n.format,
      civicContext: n.civicContext,
      expertsWanted: n.expertsWanted,
    }),
  );

  // An engagement with updates, a problem flag (emails the secretariat), a close with a note (asks both
  // sides for feedback by email) and feedback.
  const offer = await createOffer({
    organisationId: f.orgs.expertX.id,
    createdById: f.users.expertMatched.id,
  });
  const proposal = await createProposal({
    needId: n.id,
    offerId: offer.id,
    expertOrganisationId: f.orgs.expertX.id,
    status: "confirmed",
    reviewedAt: new Date(),
  });
  const engagement = await createEngagement({
    needId: n.id,
    offerId: offer.id,
    proposalId: proposal.id,
    expertOrganisationId: f.orgs.expertX.id,
    coalitionOrganisationId: f.orgs.coalitionA.id,
  });
  await db().$transaction((tx) =>
    addEngagementUpdate(tx, { viewer: expert }, engagement.id, {
      kind: "progress",
      body: `Progress ${canary("Update", insideNeed)}.`,
      hours: 2,
      milestone: `Milestone ${canary("Milestone", insideNeed)}`,
    }),
  );
  await db().$transaction((tx) =>
    addEngagementUpdate(tx, { viewer: coalition }, engagement.id, {
      kind: "problem",
      body: `A problem ${canary("Problem", insideNeed)}.`,
    }),
  );
  await db().$transaction((tx) =>
    closeEngagement(tx, { viewer: coalition }, engagement.id, {
      outcome: "achieved",
      note: `Outcome note ${canary("OutcomeNote", insideNeed)}.`,
    }),
  );
  await db().$transaction((tx) =>
    giveFeedback(tx, { viewer: expert }, engagement.id, {
      rating: 5,
      comment: `Feedback ${canary("Feedback", secretariatOnly)}.`,
    }),
  );

  // The secretariat's vetting note and a secretariat-only call note.
  await db().$transaction((tx) =>
    vetOrganisation(tx, {
      actorId: f.users.secretariat.id,
      organisationId: f.orgs.expertX.id,
      level: "trusted",
      note: `Vetted: ${canary("Vetting", secretariatOnly)}.`,
      ip: null,
    }),
  );
  await db().$transaction((tx) =>
    addNote(tx, { userId: f.users.secretariat.id }, f.coordination.call.id, "secretariat", {
      body: `Between us: ${canary("CallNote", secretariatOnly)}.`,
      contentLanguage: "en",
      visibility: "secretariat",
    }),
  );

  // Documents through the documents feature's upload service: a PDF (metadata removed by mat2) and a
  // DOCX kept as evidence (its original bytes stored), each with a canary inside.
  const config = testConfig(testScratchBase());
  for (const [file, choice] of [
    {
      name: "draft-law.pdf",
      bytes: pdf({ text: canary("Pdf", insideNeed), author: canary("PdfAuthor", insideNeed) }),
    },
    {
      name: "evidence.docx",
      bytes: docx({ text: canary("Docx", insideNeed), author: canary("DocxAuthor", insideNeed) }),
    },
  ].map((file, i) => [file, i === 0 ? "remove" : "keep"] as const)) {
    const sent = multipartRequest(file, { metadata: choice });
    const result = await receiveDocument(sent.request, {
      scope: `need:${n.id}`,
      actorId: f.users.coalitionOwner.id,
      config,
    });
    if (result.status === "confirm-keep")
      await db().$transaction((tx) => keepHeldAsEvidence(tx, result.held.id, f.users.coalitionOwner.id));
    else expect(result.status).toBe("stored");
  }
  await plantConversationCanaries(f, canary);
}

function leaks(where: string, text: string, role?: Role) {
  const lower = text.toLowerCase();
  return canaries
    .filter((c) => (role ? !c.allowedFor.includes(role) : true) && lower.includes(c.text.toLowerCase()))
    .map((c) => `${where}${role ? ` (${role})` : ""}: ${c.text}`);
}

beforeAll(async () => {
  f = await buildFixture();
  // The fixture writes its rows directly (as before encryption): encrypt them as the migration would.
  await encryptExistingRows();
  await plant();
  smtp = await startSmtpServer();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  web = spawn(process.execPath, ["build/web.js"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      APP_URL: base,
      SESSION_SECRET: "canary-test-session-secret-0123456789abcdef",
      LOG_LEVEL: "trace",
      SMTP_URL: smtp.url,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  web.stdout!.on("data", (d) => (webOutput += d));
  web.stderr!.on("data", (d) => (webOutput += d));
  await waitFor(async () => (await fetch(`${base}/healthz`).catch(() => null))?.ok, 30_000);
  worker = startWorker({ SMTP_URL: smtp.url, LOG_LEVEL: "trace", APP_URL: base });
}, 180_000);

afterAll(async () => {
  for (const child of [web, worker?.child]) {
    if (!child || child.exitCode !== null) continue;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGKILL");
    await exited;
  }
  await smtp?.close();
});

describe("canaries of confidential text", () => {
  it("reach no page or .data response of a role not allowed to read them", async () => {
    const patterns = new Set(flattenRoutes(routes as never));
    const problems: string[] = [];
    let fetched = 0;
    // Every (path, role) pair of the sweep: each matrix case's page and its .data, and the planted pages.
    const sweep: Array<{ path: string; role: Role; binary: boolean }> = [];
    for (const entry of matrix) {
      if (!patterns.has(entry.pattern)) continue;
      for (const c of entry.cases) {
        const path = c.path(f);
        const paths = [path];
        // React Router's single-fetch data of the same URL (what client navigation reads).
        if (!/\.[a-z]+$/.test(path.split("?")[0])) {
          const [p, q] = path.split("?");
          paths.push(`${p === "/" ? "/_root" : p.replace(/\/$/, "")}.data${q ? `?${q}` : ""}`);
        }
        for (const role of roles) for (const p of paths) sweep.push({ path: p, role, binary: false });
      }
    }
    for (const p of extraPaths) for (const role of roles) sweep.push({ path: p, role, binary: true });
    // A few requests in flight at a time (the server and the database mostly wait on each other).
    let next = 0;
    const sweeper = async () => {
      while (next < sweep.length) {
        const { path: p, role, binary } = sweep[next++];
        const res = await fetch(`${base}${p}`, {
          headers: f.cookies[role] ? { cookie: f.cookies[role]! } : {},
          redirect: "manual",
        });
        fetched++;
        const body = binary ? Buffer.from(await res.arrayBuffer()).toString("latin1") : await res.text();
        problems.push(...leaks(p, body, role));
        if (res.status >= 500) problems.push(`${p} (${role}): ${res.status}`);
      }
    };
    await Promise.all(Array.from({ length: 4 }, sweeper));
    expect(problems).toEqual([]);
    // Sanity: the canaries are there for those allowed (the test could not pass by serving nothing).
    const allowed = await fetch(`${base}/needs/${f.needs.networkNeed.id}`, {
      headers: { cookie: f.cookies.expertMatched! },
    });
    const page = await allowed.text();
    expect(page).toContain(`Cnry${f.tag}Details`);
    const secretariatView = await (
      await fetch(
        `${base}/engagements/${(await db().engagement.findFirstOrThrow({ where: { outcomeNote: { not: null }, needId: f.needs.networkNeed.id } })).id}`,
        {
          headers: { cookie: f.cookies.secretariat! },
        },
      )
    ).text();
    expect(secretariatView).toContain(`Cnry${f.tag}Feedback`);
    expect(secretariatView).toContain(`Cnry${f.tag}Update`);
    // Messages are shown to their readers (the sweep above read the very pages that carry them).
    const asRole = async (role: Role, p: string) =>
      (await fetch(`${base}${p}`, { headers: { cookie: f.cookies[role]! } })).text();
    expect(await asRole("expertMatched", `/threads/${f.conversations.proposalThread.id}`)).toContain(
      `Cnry${f.tag}Question`,
    );
    const engagementThreadPage = await asRole("coalitionOwner", `/threads/${f.conversations.thread.id}`);
    expect(engagementThreadPage).toContain(`Cnry${f.tag}EngagementMessage`);
    expect(engagementThreadPage).toContain(`Cnry${f.tag}AttachmentMessage`);
    expect(fetched).toBeGreaterThan(500);
  }, 600_000);

  it("reach no email, job payload, log line or search document", async () => {
    // The worker relays the outbox and runs every job (emails, search indexing, matching...).
    await waitFor(
      async () =>
        (await db().outboxEvent.count({ where: { doneAt: null } })) === 0 && smtp.messages.length > 0,
      120_000,
      500,
    );
    await waitFor(
      async () => (await db().emailMessage.count({ where: { status: "queued" } })) === 0,
      60_000,
      500,
    );
    const problems: string[] = [];
    expect(smtp.messages.length).toBeGreaterThan(0);
    for (const m of smtp.messages) {
      problems.push(...leaks(`email to ${m.envelope.to.join(",")}`, m.raw.toString("utf8")));
      problems.push(...leaks("email text", `${m.parsed.subject} ${m.parsed.text} ${m.parsed.html || ""}`));
    }
    for (const e of await db().emailMessage.findMany())
      problems.push(...leaks(`email row ${e.template}`, JSON.stringify([e.params, e.attachments])));
    for (const o of await db().outboxEvent.findMany())
      problems.push(...leaks(`outbox ${o.name}`, JSON.stringify(o.payload)));
    // What BullMQ holds in Redis (job data, results and logs of this test's queues).
    const redis = new Redis(process.env.REDIS_URL!);
    try {
      let cursor = "0";
      do {
        const [next, keys] = await redis.scan(cursor, "MATCH", `${process.env.REDIS_PREFIX}*`, "COUNT", 500);
        cursor = next;
        for (const key of keys) {
          const type = await redis.type(key);
          const value =
            type === "hash"
              ? JSON.stringify(await redis.hgetall(key))
              : type === "string"
                ? ((await redis.get(key)) ?? "")
                : type === "list"
                  ? JSON.stringify(await redis.lrange(key, 0, -1))
                  : "";
          problems.push(...leaks(`redis ${key}`, value));
        }
      } while (cursor !== "0");
    } finally {
      redis.disconnect();
    }
    // Search: the documents the worker indexed, then a full rebuild.
    await reindexAll({ db: db(), env: {} });
    const docs = await db().searchDocument.findMany();
    expect(docs.length).toBeGreaterThan(0);
    for (const d of docs) problems.push(...leaks(`search ${d.id}`, JSON.stringify(d)));
    const words = await db().searchLexicon.findMany();
    problems.push(...leaks("search lexicon", words.map((w) => w.word).join(" ")));
    // Logs of both processes, at trace level.
    expect(webOutput.length).toBeGreaterThan(0);
    problems.push(...leaks("web log", webOutput));
    problems.push(...leaks("worker log", worker!.output()));
    expect(problems).toEqual([]);
  }, 300_000);

  it("are nowhere in a pg_dump of the database", () => {
    const dump = execFileSync("pg_dump", ["--no-owner", process.env.DATABASE_URL!], {
      maxBuffer: 1024 * 1024 * 1024,
    }).toString("latin1");
    // The dump is real: shareable text is in it.
    expect(dump).toContain(f.needs.networkNeed.title);
    expect(leaks("pg_dump", dump)).toEqual([]);
  }, 120_000);
});
