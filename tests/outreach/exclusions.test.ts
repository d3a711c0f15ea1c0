// Coalition exclusions (issue 17): admins keep the list (private reason, audited without it), a change
// re-matches the coalition's open needs, the matcher withdraws an excluded organisation's unreviewed
// proposals, and the secretariat's review shows the exclusions beside each proposal.
import { beforeAll, describe, expect, it } from "vitest";
import { runMatchForNeeds } from "~/features/matching/services/matching.server";
import { db } from "~/utils/db.server";
import { send } from "../support/app";
import { createNeed, createNetwork, createOffer, createUser } from "../support/factories";
import { createTestSession, enableTotpFor } from "../support/sessions";

let net: Awaited<ReturnType<typeof createNetwork>>;
const cookies = { admin: "", member: "", expert: "", secretariat: "" };
const REASON = "PRIVATE-REASON-they-advised-the-ministry";

beforeAll(async () => {
  net = await createNetwork();
  const member = await createUser({}, { organisationId: net.coalition.id, role: "member" });
  await enableTotpFor(net.secretariatUser.id);
  cookies.admin = (await createTestSession(net.coalitionUser.id)).cookie;
  cookies.member = (await createTestSession(member.id)).cookie;
  cookies.expert = (await createTestSession(net.expertUser.id)).cookie;
  cookies.secretariat = (await createTestSession(net.secretariatUser.id, { twoFactorVerified: true })).cookie;
});

describe("coalition exclusions", () => {
  it("are kept by the coalition's admins, audited without the reason, and re-match its open needs", async () => {
    const need = await createNeed({
      organisationId: net.coalition.id,
      createdById: net.coalitionUser.id,
      title: "Protest law challenge",
    });
    const offer = await createOffer({ organisationId: net.expert.id, createdById: net.expertUser.id });
    await runMatchForNeeds(db(), "manual", [need.id]);
    const proposed = await db().proposal.findUniqueOrThrow({
      where: { needId_offerId: { needId: need.id, offerId: offer.id } },
    });
    expect(proposed.status).toBe("proposed");

    // The secretariat's review before: no exclusion shown.
    let queue = await send("/secretariat/review", { cookie: cookies.secretariat });
    expect(queue.body).toContain("Protest law challenge");
    expect(queue.body).not.toContain("The coalition excludes");

    const page = await send(`/organisations/${net.coalition.id}/exclusions`, { cookie: cookies.admin });
    expect(page.status).toBe(200);
    expect(page.body).toContain(net.expert.name);
    expect(
      (await send(`/organisations/${net.coalition.id}/exclusions`, { cookie: cookies.member })).status,
    ).toBe(403);
    expect(
      (await send(`/organisations/${net.coalition.id}/exclusions`, { cookie: cookies.expert })).status,
    ).toBe(404);
    // A member who is not an admin cannot change it: 403, nothing written.
    const denied = await send(`/organisations/${net.coalition.id}/exclusions`, {
      cookie: cookies.member,
      form: { intent: "add", organisationId: net.expert.id },
    });
    expect(denied.status).toBe(403);
    // The coalition cannot exclude itself or the secretariat: 400, nothing written.
    for (const organisationId of [net.coalition.id, net.secretariat.id]) {
      const refused = await send(`/organisations/${net.coalition.id}/exclusions`, {
        cookie: cookies.admin,
        form: { intent: "add", organisationId },
      });
      expect(refused.status).toBe(400);
    }
    expect(await db().exclusion.count()).toBe(0);

    const outboxBefore = await db().outboxEvent.count({ where: { name: "matching.need" } });
    const added = await send(`/organisations/${net.coalition.id}/exclusions`, {
      cookie: cookies.admin,
      form: { intent: "add", organisationId: net.expert.id, reason: REASON },
    });
    expect(added.status).toBe(302);
    expect(added.location).toContain("done=excluded");
    expect(
      await db().exclusion.findUniqueOrThrow({
        where: {
          coalitionOrganisationId_excludedOrganisationId: {
            coalitionOrganisationId: net.coalition.id,
            excludedOrganisationId: net.expert.id,
          },
        },
      }),
    ).toMatchObject({ reason: REASON });
    const event = await db().auditEvent.findFirstOrThrow({ where: { action: "exclusion.added" } });
    expect(event).toMatchObject({ actorId: net.coalitionUser.id, organisationId: net.coalition.id });
    expect(JSON.stringify(event.metadata)).not.toContain(REASON);
    // One re-match job per open need of the coalition.
    expect(await db().outboxEvent.count({ where: { name: "matching.need" } })).toBe(outboxBefore + 1);

    // The review shows the exclusion beside the proposal (names only, never the reason).
    queue = await send("/secretariat/review", { cookie: cookies.secretariat });
    expect(queue.body).toContain(`The coalition excludes: ${net.expert.name}`);
    expect(queue.body).toContain("excluded by the coalition");
    expect(queue.body).not.toContain(REASON);
    // The admin sees the reason; the re-match withdraws the excluded organisation's unreviewed proposal.
    expect(
      (await send(`/organisations/${net.coalition.id}/exclusions`, { cookie: cookies.admin })).body,
    ).toContain(REASON);
    await runMatchForNeeds(db(), "need_changed", [need.id]);
    expect(await db().proposal.findUniqueOrThrow({ where: { id: proposed.id } })).toMatchObject({
      status: "withdrawn",
    });

    const removed = await send(`/organisations/${net.coalition.id}/exclusions`, {
      cookie: cookies.admin,
      form: { intent: "remove", organisationId: net.expert.id },
    });
    expect(removed.status).toBe(302);
    expect(await db().exclusion.count()).toBe(0);
    expect(await db().auditEvent.count({ where: { action: "exclusion.removed" } })).toBe(1);
  });
});
