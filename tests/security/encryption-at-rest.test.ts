// Encryption at rest of confidential text (issue 16): the data migration for rows written before it
// (interrupted halfway, resumed, run again), and retention (the scheduled job and the coalition's request).
import { describe, expect, it } from "vitest";
import { listDocuments } from "~/features/documents/index.server";
import { putDocument } from "~/features/documents/services/store.server";
import {
  needField,
  needKeyForRead,
  openNeedField,
  openNeedText,
} from "~/features/needs/services/confidential.server";
import { needJobs } from "~/features/needs/jobs.server";
import { applyNeedRetention, needsDueForRetention } from "~/features/needs/services/retention.server";
import { encryptExistingRows } from "~/features/operations/services/encrypt-existing.server";
import { getOrganisation } from "~/features/organisations/services/organisations.server";
import { isSealedText, loadRecordKey, openField } from "~/utils/crypto/fields.server";
import { db } from "~/utils/db.server";
import { send } from "../support/app";
import {
  createEngagement,
  createNeed,
  createNetwork,
  createOffer,
  createProposal,
} from "../support/factories";
import { createTestSession } from "../support/sessions";

const DAY = 86_400_000;

/** A need with an engagement, an update, an outcome note and feedback, all written in plaintext (as before). */
async function legacyNeed(n: Awaited<ReturnType<typeof createNetwork>>, tag: string, closedDaysAgo?: number) {
  const closed = closedDaysAgo !== undefined;
  const closedAt = closed ? new Date(Date.now() - closedDaysAgo * DAY) : null;
  const need = await createNeed({
    organisationId: n.coalition.id,
    createdById: n.coalitionUser.id,
    details: `details ${tag}`,
    outcomeWanted: `outcome wanted ${tag}`,
    status: closed ? "completed" : "engaged",
    closedAt,
  });
  const offer = await createOffer({ organisationId: n.expert.id, createdById: n.expertUser.id });
  const proposal = await createProposal({
    needId: need.id,
    offerId: offer.id,
    expertOrganisationId: n.expert.id,
    status: "confirmed",
  });
  const engagement = await createEngagement({
    needId: need.id,
    offerId: offer.id,
    proposalId: proposal.id,
    expertOrganisationId: n.expert.id,
    coalitionOrganisationId: n.coalition.id,
    status: closed ? "closed" : "active",
    closedAt,
    outcome: closed ? "achieved" : null,
    outcomeNote: closed ? `outcome note ${tag}` : null,
  });
  const update = await db().engagementUpdate.create({
    data: {
      engagementId: engagement.id,
      authorId: n.expertUser.id,
      organisationId: n.expert.id,
      body: `update ${tag}`,
      milestone: `milestone ${tag}`,
      hours: 3,
    },
  });
  const feedback = closed
    ? await db().engagementFeedback.create({
        data: {
          engagementId: engagement.id,
          organisationId: n.coalition.id,
          authorId: n.coalitionUser.id,
          rating: 4,
          comment: `feedback ${tag}`,
        },
      })
    : null;
  return { need, engagement, update, feedback };
}

async function sealedSnapshot() {
  const [needs, engagements, updates, feedback, orgs, notes] = await Promise.all([
    db().need.findMany({ select: { id: true, details: true, outcomeWanted: true }, orderBy: { id: "asc" } }),
    db().engagement.findMany({ select: { id: true, outcomeNote: true }, orderBy: { id: "asc" } }),
    db().engagementUpdate.findMany({
      select: { id: true, body: true, milestone: true },
      orderBy: { id: "asc" },
    }),
    db().engagementFeedback.findMany({ select: { id: true, comment: true }, orderBy: { id: "asc" } }),
    db().organisation.findMany({ select: { id: true, vettingNote: true }, orderBy: { id: "asc" } }),
    db().callNote.findMany({ select: { id: true, body: true, visibility: true }, orderBy: { id: "asc" } }),
  ]);
  const values = [
    ...needs.flatMap((r) => [r.details, r.outcomeWanted]),
    ...engagements.map((r) => r.outcomeNote),
    ...updates.flatMap((r) => [r.body, r.milestone]),
    ...feedback.map((r) => r.comment),
    ...orgs.map((r) => r.vettingNote),
    ...notes.filter((r) => r.visibility === "secretariat").map((r) => r.body),
  ].filter((v): v is string => !!v);
  return { needs, engagements, updates, feedback, orgs, notes, values };
}

describe("encrypting existing rows (npm run data:encrypt)", () => {
  it("interrupted halfway then resumed: every row sealed once, each opening to its original", async () => {
    const n = await createNetwork();
    const rows = [];
    for (let i = 0; i < 7; i++) rows.push(await legacyNeed(n, `legacy-${i}`, i % 2 ? 10 : undefined));
    await db().organisation.update({
      where: { id: n.expert.id },
      data: { vettingNote: "vetting note legacy" },
    });
    const call = await db().coordinationCall.create({
      data: {
        countryCode: "MX",
        title: "Mexico call",
        startsAt: new Date(),
        timeZone: "America/Mexico_City",
        agendaSince: new Date(Date.now() - 30 * DAY),
        createdById: n.secretariatUser.id,
      },
    });
    await db().callNote.createMany({
      data: [
        {
          callId: call.id,
          authorId: n.secretariatUser.id,
          body: "secretariat note legacy",
          visibility: "secretariat",
        },
        {
          callId: call.id,
          authorId: n.secretariatUser.id,
          body: "network note stays shared",
          visibility: "network",
        },
      ],
    });
    const before = await sealedSnapshot();
    expect(before.values.some(isSealedText)).toBe(false);

    // Interrupted: two batches of two rows per table, then the process "dies" (a batch callback throws
    // after the second committed batch of the first table).
    await expect(
      encryptExistingRows({
        batchSize: 2,
        onBatch: (run) => {
          if (run.batches === 2) throw new Error("killed");
        },
      }),
    ).rejects.toThrow("killed");
    const halfway = await sealedSnapshot();
    const sealedHalfway = halfway.needs.filter((r) => isSealedText(r.details));
    expect(sealedHalfway.length).toBe(4);
    expect(halfway.needs.length - sealedHalfway.length).toBe(3);
    const progress = await db().dataMigration.findUniqueOrThrow({ where: { name: "encrypt-at-rest:Need" } });
    expect(progress).toMatchObject({ processed: 4, completedAt: null });

    // Resumed to the end.
    const results = await encryptExistingRows({ batchSize: 2 });
    expect(Object.values(results).every((r) => r.completed)).toBe(true);
    // It started after the last committed batch: the rows sealed before the interruption are untouched.
    expect(results["encrypt-at-rest:Need"].processed).toBe(3);
    const after = await sealedSnapshot();
    for (const r of sealedHalfway) expect(after.needs.find((a) => a.id === r.id)!.details).toBe(r.details);
    expect(after.values.every(isSealedText)).toBe(true);
    // The network note is shared text and stays as it was.
    expect(after.notes.find((r) => r.visibility === "network")!.body).toBe("network note stays shared");

    // Sealed once: each value names its record's key and opens (once) to the original.
    for (const row of rows) {
      const need = await db().need.findUniqueOrThrow({ where: { id: row.need.id } });
      expect(need.dataKeyId).toBeTruthy();
      const opened = await openNeedText(db(), need);
      expect(opened.details).toBe(row.need.details);
      expect(opened.outcomeWanted).toBe(row.need.outcomeWanted);
      const key = await needKeyForRead(db(), need.dataKeyId);
      const u = after.updates.find((x) => x.id === row.update.id)!;
      expect(openNeedField(key, u.body, needField("EngagementUpdate", u.id, "body"))).toBe(row.update.body);
      expect(openNeedField(key, u.milestone, needField("EngagementUpdate", u.id, "milestone"))).toBe(
        row.update.milestone,
      );
      const e = after.engagements.find((x) => x.id === row.engagement.id)!;
      expect(openNeedField(key, e.outcomeNote, needField("Engagement", e.id, "outcomeNote"))).toBe(
        row.engagement.outcomeNote,
      );
      if (row.feedback) {
        const f = after.feedback.find((x) => x.id === row.feedback!.id)!;
        expect(openNeedField(key, f.comment, needField("EngagementFeedback", f.id, "comment"))).toBe(
          row.feedback.comment,
        );
      }
    }
    expect((await getOrganisation(n.expert.id))!.vettingNote).toBe("vetting note legacy");
    const note = await db().callNote.findFirstOrThrow({ where: { visibility: "secretariat" } });
    expect(
      openField(await loadRecordKey(db(), note.dataKeyId), note.body, {
        entity: "CallNote",
        id: note.id,
        field: "body",
      }),
    ).toBe("secretariat note legacy");
    // One data key per need (plus the organisation's and the note's), not one per value.
    expect(await db().dataKey.count()).toBe(7 + 2);

    // Run again: nothing changes.
    await encryptExistingRows({ batchSize: 2 });
    expect((await sealedSnapshot()).values).toEqual(after.values);

    // Plaintext showing up later (a restored old backup, a re-seed) starts the completed migration again.
    await db().need.update({ where: { id: rows[0].need.id }, data: { details: "restored plaintext" } });
    const again = await encryptExistingRows({ batchSize: 50 });
    expect(again["encrypt-at-rest:Need"].completed).toBe(true);
    const restored = await db().need.findUniqueOrThrow({ where: { id: rows[0].need.id } });
    expect(isSealedText(restored.details)).toBe(true);
    expect((await openNeedText(db(), restored)).details).toBe("restored plaintext");
  });
});

describe("retention of confidential material", () => {
  it("the scheduled job destroys what is due (text, documents, key), keeps the gap map's record, audits, and is idempotent", async () => {
    const n = await createNetwork();
    const old = await legacyNeed(n, "old", 200);
    const recent = await legacyNeed(n, "recent", 10);
    const active = await legacyNeed(n, "active");
    await encryptExistingRows();
    for (const row of [old, recent]) {
      await putDocument({
        scope: `need:${row.need.id}`,
        filename: "draft-law.txt",
        mediaType: "text/plain",
        content: Buffer.from(`document of ${row.need.id}`),
        metadataKept: false,
        report: { found: [], removed: [], remaining: [], notes: ["text-has-no-metadata"] },
        createdById: n.coalitionUser.id,
      });
    }
    const oldNeed = await db().need.findUniqueOrThrow({ where: { id: old.need.id } });
    expect(await needsDueForRetention(db(), 180)).toEqual([old.need.id]);

    const job = needJobs.find((j) => j.name === "maintenance.confidential_retention")!;
    const logs: unknown[] = [];
    const ctx = {
      db: db(),
      env: { CONFIDENTIAL_RETENTION_DAYS: 180 },
      logger: { info: (o: unknown) => logs.push(o) },
    } as never;
    expect(await job.handle({}, ctx)).toEqual({ destroyed: 1, skipped: 0 });

    const need = await db().need.findUniqueOrThrow({ where: { id: old.need.id } });
    expect(need).toMatchObject({ details: "", outcomeWanted: "", dataKeyId: null });
    expect(need.confidentialDestroyedAt).toBeInstanceOf(Date);
    // The non-confidential record stays for the gap map and insight.
    expect(need).toMatchObject({
      status: "completed",
      categoryId: oldNeed.categoryId,
      countryCode: oldNeed.countryCode,
      title: oldNeed.title,
      summary: oldNeed.summary,
    });
    const engagement = await db().engagement.findUniqueOrThrow({ where: { id: old.engagement.id } });
    expect(engagement).toMatchObject({ outcome: "achieved", outcomeNote: null, status: "closed" });
    expect(await db().engagementUpdate.findUniqueOrThrow({ where: { id: old.update.id } })).toMatchObject({
      body: "",
      milestone: null,
      hours: 3,
    });
    expect(
      await db().engagementFeedback.findUniqueOrThrow({ where: { id: old.feedback!.id } }),
    ).toMatchObject({ comment: "", rating: 4 });
    expect(await listDocuments(`need:${old.need.id}`)).toEqual([]);
    expect(await db().dataKey.findUnique({ where: { id: oldNeed.dataKeyId! } })).toBeNull();
    const events = await db().auditEvent.findMany({
      where: { action: "need.confidential_destroyed", entityId: old.need.id },
    });
    expect(events).toHaveLength(1);
    expect(events[0].metadata).toMatchObject({ reason: "retention", days: 180, documents: 1, updates: 1 });

    // The recent and the active needs are untouched.
    for (const row of [recent, active]) {
      const kept = await db().need.findUniqueOrThrow({ where: { id: row.need.id } });
      expect(kept.confidentialDestroyedAt).toBeNull();
      expect((await openNeedText(db(), kept)).details).toBe(row.need.details);
    }
    expect(await listDocuments(`need:${recent.need.id}`)).toHaveLength(1);

    // Idempotent: a second run destroys nothing and writes no second event.
    expect(await job.handle({}, ctx)).toEqual({ destroyed: 0, skipped: 0 });
    expect(
      await db().auditEvent.count({
        where: { action: "need.confidential_destroyed", entityId: old.need.id },
      }),
    ).toBe(1);
    // Configurable: with 7 days the recent one is due too.
    expect((await applyNeedRetention(db(), 7)).destroyed).toBeGreaterThanOrEqual(1);
    const recentNeed = await db().need.findUniqueOrThrow({ where: { id: recent.need.id } });
    expect(recentNeed.confidentialDestroyedAt).toBeInstanceOf(Date);
    expect(await listDocuments(`need:${recent.need.id}`)).toEqual([]);
    expect(
      (await db().need.findUniqueOrThrow({ where: { id: active.need.id } })).confidentialDestroyedAt,
    ).toBeNull();
  });

  it(
    "the coalition asks for it earlier from the need's page; nobody else can, and not while engaged",
    { timeout: 120_000 },
    async () => {
      const n = await createNetwork();
      const closed = await legacyNeed(n, "asked", 3);
      const active = await legacyNeed(n, "ongoing");
      await encryptExistingRows();
      const coalition = await createTestSession(n.coalitionUser.id);
      const expert = await createTestSession(n.expertUser.id);

      const page = await send(`/needs/${closed.need.id}`, { cookie: coalition.cookie });
      expect(page.status).toBe(200);
      expect(page.body).toContain("destroy_confidential");
      expect(page.body).toContain("details asked");

      // The expert (who may read the details after acceptance) cannot ask for it.
      const refused = await send(`/needs/${closed.need.id}`, {
        cookie: expert.cookie,
        form: { intent: "destroy_confidential", confirm: "yes" },
      });
      expect([403, 404]).toContain(refused.status);
      // Without the confirmation: a clear answer, nothing destroyed.
      const unconfirmed = await send(`/needs/${closed.need.id}`, {
        cookie: coalition.cookie,
        form: { intent: "destroy_confidential" },
      });
      expect(unconfirmed.status).toBe(422);
      expect(unconfirmed.body).toContain("Tick the box");
      expect(
        (await db().need.findUniqueOrThrow({ where: { id: closed.need.id } })).confidentialDestroyedAt,
      ).toBeNull();
      // While an engagement is active: refused.
      const engaged = await send(`/needs/${active.need.id}`, {
        cookie: coalition.cookie,
        form: { intent: "destroy_confidential", confirm: "yes" },
      });
      expect(engaged.status).toBe(409);

      const done = await send(`/needs/${closed.need.id}`, {
        cookie: coalition.cookie,
        form: { intent: "destroy_confidential", confirm: "yes" },
      });
      expect(done.status).toBe(302);
      const need = await db().need.findUniqueOrThrow({ where: { id: closed.need.id } });
      expect(need.confidentialDestroyedAt).toBeInstanceOf(Date);
      expect(need.details).toBe("");
      const event = await db().auditEvent.findFirstOrThrow({
        where: { action: "need.confidential_destroyed", entityId: closed.need.id },
      });
      expect(event).toMatchObject({ actorId: n.coalitionUser.id });
      expect(event.metadata).toMatchObject({ reason: "requested" });
      const after = await send(`/needs/${closed.need.id}`, { cookie: coalition.cookie });
      expect(after.body).not.toContain("details asked");
      expect(after.body).toContain("were destroyed on");
      // The engagement workspace says so too.
      const workspace = await send(`/engagements/${closed.engagement.id}`, { cookie: coalition.cookie });
      expect(workspace.status).toBe(200);
      expect(workspace.body).not.toContain("update asked");
    },
  );
});
