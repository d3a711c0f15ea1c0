import { describe, expect, it } from "vitest";
import { AppError } from "~/utils/lifecycle";
import { openNeedText } from "~/features/needs/services/confidential.server";
import {
  answerAndResubmitNeed,
  askForInformation,
  closeNeedUnmet,
  completeNeed,
  createNeed as createNeedService,
  declineNeed,
  markNeedEngaged,
  markNeedMatching,
  needTransitions,
  openNeed,
  reopenNeed,
  submitNeed,
  updateNeed,
  withdrawNeed,
  type NeedAction,
  type NeedInput,
} from "~/features/needs/services/need-lifecycle.server";
import type { NeedStatus } from "~/generated/prisma/enums";
import { db } from "~/utils/db.server";
import { createNeed, createNetwork } from "../support/factories";

const allStatuses: NeedStatus[] = [
  "draft",
  "submitted",
  "needs_info",
  "open",
  "declined",
  "matching",
  "engaged",
  "completed",
  "closed_unmet",
  "withdrawn",
];

const input: NeedInput = {
  title: "Registration law review",
  summary: "We need a review of the new CSO registration law.",
  details: "SECRET-DETAILS lawyers' names",
  outcomeWanted: "SECRET-OUTCOME a legal opinion",
  contentLanguage: "es",
  categoryId: "legal",
  topicIds: ["legal.registration"],
  countryCode: "MX",
  languages: ["es"],
  urgency: "high",
  wantedBy: new Date("2027-01-31"),
  effortHours: 20,
  format: "remote",
  civicContext: "closing",
  expertsWanted: 1,
};

/** Runs one action the way the routes and other features do. */
async function run(action: NeedAction, needId: string, userId: string) {
  const actor = { userId };
  return db().$transaction(async (tx) => {
    switch (action) {
      case "submit":
        return submitNeed(tx, actor, needId);
      case "open":
        return openNeed(tx, actor, needId);
      case "ask_info":
        return askForInformation(tx, actor, needId, "Which law?");
      case "decline":
        return declineNeed(tx, actor, needId, { reason: "Out of scope" });
      case "resubmit":
        return answerAndResubmitNeed(tx, actor, needId, "Law 123");
      case "mark_matching":
        return markNeedMatching(tx, actor, needId);
      case "reopen":
        return reopenNeed(tx, actor, needId);
      case "mark_engaged":
        return markNeedEngaged(tx, actor, needId);
      case "complete":
        return completeNeed(tx, actor, needId);
      case "close_unmet":
        return closeNeedUnmet(tx, actor, needId);
      case "withdraw":
        return withdrawNeed(tx, actor, needId);
    }
  });
}

/** Idempotent helpers accept the target status itself (a no-op), not a refusal. */
const idempotentTargets: Partial<Record<NeedAction, NeedStatus>> = {
  mark_matching: "matching",
  reopen: "open",
  mark_engaged: "engaged",
};

describe("need lifecycle", () => {
  it("creates drafts with the defaults raised by the country's civic-space rating", async () => {
    const n = await createNetwork();
    await db().country.update({ where: { code: "NI" }, data: { civicSpaceRating: "closed" } });
    const strict = await db().$transaction((tx) =>
      createNeedService(tx, {
        organisationId: n.coalition.id,
        actor: { userId: n.coalitionUser.id },
        input: { ...input, countryCode: "NI" },
      }),
    );
    const row = await db().need.findUniqueOrThrow({ where: { id: strict.id } });
    expect(row).toMatchObject({ status: "draft", visibility: "secretariat", anonymised: true });
    // Stored sealed with the need's own data key (issue 16), and opens to what was written.
    expect(row.details.startsWith(`pe1.${row.dataKeyId}.`)).toBe(true);
    expect(row.details).not.toContain(input.details);
    expect((await openNeedText(db(), row)).details).toBe(input.details);
    await db().country.update({ where: { code: "MX" }, data: { civicSpaceRating: "obstructed" } });
    const normal = await db().$transaction((tx) =>
      createNeedService(tx, {
        organisationId: n.coalition.id,
        actor: { userId: n.coalitionUser.id },
        input,
        submit: true,
      }),
    );
    const row2 = await db().need.findUniqueOrThrow({ where: { id: normal.id } });
    expect(row2).toMatchObject({ status: "submitted", visibility: "network", anonymised: false });
    expect(row2.submittedAt).toBeInstanceOf(Date);
    const events = await db().auditEvent.findMany({ where: { entityId: normal.id }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.action)).toEqual(["need.created", "need.submit"]);
  });

  // Every action from every status: legal ones move the need, illegal ones are refused and change nothing.
  for (const action of Object.keys(needTransitions) as NeedAction[]) {
    it(`${action}: legal from ${needTransitions[action].from.join(", ")}; refused from every other status`, async () => {
      const n = await createNetwork();
      for (const status of allStatuses) {
        const need = await createNeed({
          organisationId: n.coalition.id,
          createdById: n.coalitionUser.id,
          status,
        });
        const before = await db().need.findUniqueOrThrow({ where: { id: need.id } });
        const auditBefore = await db().auditEvent.count({ where: { entityId: need.id } });
        const outboxBefore = await db().outboxEvent.count();
        if (needTransitions[action].from.includes(status)) {
          await run(action, need.id, n.secretariatUser.id);
          const after = await db().need.findUniqueOrThrow({ where: { id: need.id } });
          expect(after.status, `${action} from ${status}`).toBe(needTransitions[action].to);
          const event = await db().auditEvent.findFirst({
            where: { entityId: need.id, action: `need.${action}` },
          });
          expect(event?.metadata).toMatchObject({ from: status, to: needTransitions[action].to });
          const indexed = await db().outboxEvent.findFirst({
            where: { name: "search.index", payload: { equals: { entityType: "need", entityId: need.id } } },
          });
          expect(indexed).not.toBeNull();
        } else if (idempotentTargets[action] === status) {
          expect(await run(action, need.id, n.secretariatUser.id)).toBeNull();
          expect((await db().need.findUniqueOrThrow({ where: { id: need.id } })).updatedAt).toEqual(
            before.updatedAt,
          );
        } else {
          const error = await run(action, need.id, n.secretariatUser.id).catch((e: unknown) => e);
          expect(error, `${action} from ${status}`).toBeInstanceOf(AppError);
          expect((error as AppError).currentStatus).toBe(status);
          expect((error as AppError).messageKey).toBe("needs:errors.transitionRefused");
          expect(await db().need.findUniqueOrThrow({ where: { id: need.id } })).toEqual(before);
          expect(await db().auditEvent.count({ where: { entityId: need.id } })).toBe(auditBefore);
          expect(await db().outboxEvent.count()).toBe(outboxBefore);
          expect(await db().triageMessage.count({ where: { needId: need.id } })).toBe(0);
        }
      }
    });
  }

  it("refuses a transition on a need that does not exist", async () => {
    const n = await createNetwork();
    const error = await run("submit", "nope", n.coalitionUser.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).messageKey).toBe("common:errors.notFound");
  });

  it("edits while editable, re-runs matching when open, refuses once engaged", async () => {
    const n = await createNetwork();
    const draft = await createNeed({
      organisationId: n.coalition.id,
      createdById: n.coalitionUser.id,
      status: "draft",
    });
    await db().$transaction((tx) =>
      updateNeed(tx, { userId: n.coalitionUser.id }, draft.id, { ...input, title: "Edited" }),
    );
    expect((await db().need.findUniqueOrThrow({ where: { id: draft.id } })).title).toBe("Edited");
    expect(await db().outboxEvent.count({ where: { name: "matching.need", dedupeKey: draft.id } })).toBe(0);

    const open = await createNeed({
      organisationId: n.coalition.id,
      createdById: n.coalitionUser.id,
      status: "open",
    });
    await db().$transaction((tx) => updateNeed(tx, { userId: n.coalitionUser.id }, open.id, input));
    expect(await db().outboxEvent.count({ where: { name: "matching.need", dedupeKey: open.id } })).toBe(1);

    const engaged = await createNeed({
      organisationId: n.coalition.id,
      createdById: n.coalitionUser.id,
      status: "engaged",
    });
    await expect(
      db().$transaction((tx) => updateNeed(tx, { userId: n.coalitionUser.id }, engaged.id, input)),
    ).rejects.toBeInstanceOf(AppError);
    expect((await db().need.findUniqueOrThrow({ where: { id: engaged.id } })).title).toBe(engaged.title);
  });

  it("withdrawing a need being matched tells the matcher", async () => {
    const n = await createNetwork();
    const need = await createNeed({
      organisationId: n.coalition.id,
      createdById: n.coalitionUser.id,
      status: "matching",
    });
    await run("withdraw", need.id, n.coalitionUser.id);
    const after = await db().need.findUniqueOrThrow({ where: { id: need.id } });
    expect(after.status).toBe("withdrawn");
    expect(after.closedAt).toBeInstanceOf(Date);
    expect(await db().outboxEvent.count({ where: { name: "matching.need", dedupeKey: need.id } })).toBe(1);
  });
});
