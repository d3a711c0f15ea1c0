// A resource invites members to an exchange (a coordination call that belongs to it), is linked from an
// engagement and a call, and its documents' downloads are audited unless the resource is public.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scheduleCall } from "~/features/coordination/services/calls.server";
import { putDocument } from "~/features/documents/services/store.server";
import { db } from "~/utils/db.server";
import { closeSqlPools } from "~/utils/sql.server";
import { send } from "../support/app";
import {
  createEngagement,
  createNeed,
  createNetwork,
  createOffer,
  createOrganisation,
  createProposal,
  createUser,
} from "../support/factories";
import { createTestSession, enableTotpFor } from "../support/sessions";

afterAll(() => closeSqlPools());

let n: Awaited<ReturnType<typeof createNetwork>>;
let outsider: { id: string };
let publicResource: { id: string };
let networkResource: { id: string };

beforeAll(async () => {
  n = await createNetwork();
  await enableTotpFor(n.secretariatUser.id);
  const other = await createOrganisation({ kind: "COALITION", countryCode: "GT" });
  outsider = await createUser({}, { organisationId: other.id });
  const resource = (title: string, visibility: "public" | "network") =>
    db().resource.create({
      data: {
        organisationId: n.expert.id,
        createdById: n.expertUser.id,
        kind: "model_law",
        title,
        summary: "A model law with commentary.",
        contentLanguage: "en",
        languages: ["en"],
        categoryIds: ["legal"],
        topicIds: ["legal.registration"],
        countryCodes: ["KE"],
        visibility,
        status: "published",
        publishedAt: new Date(),
      },
    });
  publicResource = await resource("Model law (public)", "public");
  networkResource = await resource("Model law (network)", "network");
});

describe("exchanges and links", () => {
  it("the secretariat invites members to an exchange about a resource; invitees see it on both pages", async () => {
    const sec = await createTestSession(n.secretariatUser.id, { twoFactorVerified: true });
    const form = await send(`/secretariat/calls/new?resource=${networkResource.id}`, { cookie: sec.cookie });
    expect(form.status).toBe(200);
    // The resource's first country is chosen, the title and the hidden resource field are filled in.
    expect(form.body).toContain('name="resourceId"');
    expect(form.body).toContain("An exchange about Model law (network)");
    expect(form.body).toContain("Kenya");

    const call = await db().$transaction((tx) =>
      scheduleCall(
        tx,
        { userId: n.secretariatUser.id },
        {
          countryCode: "KE",
          title: "Exchange on the model law",
          localStart: "2027-03-10T10:00",
          timeZone: "Africa/Nairobi",
          durationMinutes: 60,
          invitees: [n.coalition.id],
          resourceId: networkResource.id,
        },
      ),
    );
    expect((await db().coordinationCall.findUniqueOrThrow({ where: { id: call.id } })).resourceId).toBe(
      networkResource.id,
    );
    const invitee = await createTestSession(n.coalitionUser.id);
    const resourcePage = await send(`/resources/${networkResource.id}`, { cookie: invitee.cookie });
    expect(resourcePage.body).toContain(`/calls/${call.id}`);
    const callPage = await send(`/calls/${call.id}`, { cookie: invitee.cookie });
    expect(callPage.body).toContain(`/resources/${networkResource.id}`);
    // A verified member who is not invited sees the resource, not the call.
    const other = await createTestSession(outsider.id);
    const seen = await send(`/resources/${networkResource.id}`, { cookie: other.cookie });
    expect(seen.status).toBe(200);
    expect(seen.body).not.toContain(`/calls/${call.id}`);
    // A draft resource cannot be the subject of an exchange.
    const draft = await db().resource.update({
      where: { id: publicResource.id },
      data: { status: "draft" },
    });
    await expect(
      db().$transaction((tx) =>
        scheduleCall(
          tx,
          { userId: n.secretariatUser.id },
          {
            countryCode: "KE",
            title: "x",
            localStart: "2027-03-11T10:00",
            timeZone: "Africa/Nairobi",
            durationMinutes: 60,
            invitees: [n.coalition.id],
            resourceId: draft.id,
          },
        ),
      ),
    ).rejects.toMatchObject({ init: { status: 400 } });
    await db().resource.update({ where: { id: publicResource.id }, data: { status: "published" } });

    // Linking from the call page's form (no JavaScript): the link comes back to the call page.
    const linked = await send("/resources/links", {
      cookie: invitee.cookie,
      form: {
        intent: "link-resource",
        targetType: "call",
        targetId: call.id,
        resourceId: publicResource.id,
        note: "We read it before the call",
        redirectTo: `/calls/${call.id}`,
      },
    });
    expect(linked.status).toBe(302);
    expect(linked.location).toBe(`/calls/${call.id}?done=resource_linked#resource-links`);
    expect((await send(`/calls/${call.id}`, { cookie: invitee.cookie })).body).toContain(
      "We read it before the call",
    );
    // Someone not invited may not link anything to the call.
    const refused = await send("/resources/links", {
      cookie: other.cookie,
      form: {
        intent: "link-resource",
        targetType: "call",
        targetId: call.id,
        resourceId: publicResource.id,
        redirectTo: "/resources",
      },
    });
    expect(refused.status).toBe(404);
  });

  it("links a resource from an engagement, seen by both sides", async () => {
    const need = await createNeed({ organisationId: n.coalition.id, createdById: n.coalitionUser.id });
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
    });
    const expert = await createTestSession(n.expertUser.id);
    const res = await send("/resources/links", {
      cookie: expert.cookie,
      form: {
        intent: "link-resource",
        targetType: "engagement",
        targetId: engagement.id,
        resourceId: networkResource.id,
        note: "This model law helped in Kenya",
        redirectTo: `/engagements/${engagement.id}`,
      },
    });
    expect(res.status).toBe(302);
    const coalition = await createTestSession(n.coalitionUser.id);
    const page = await send(`/engagements/${engagement.id}`, { cookie: coalition.cookie });
    expect(page.body).toContain("This model law helped in Kenya");
    expect(page.body).toContain(`/resources/${networkResource.id}`);
    // The resource page names the engagement to its sides, not to another member.
    const other = await createTestSession(outsider.id);
    expect((await send(`/resources/${networkResource.id}`, { cookie: coalition.cookie })).body).toContain(
      `/engagements/${engagement.id}`,
    );
    expect((await send(`/resources/${networkResource.id}`, { cookie: other.cookie })).body).not.toContain(
      `/engagements/${engagement.id}`,
    );
  });
});

describe("documents of resources", () => {
  it("audits downloads of a network resource's documents, not of a public one's", async () => {
    const doc = (resourceId: string) =>
      putDocument({
        scope: `resource:${resourceId}`,
        createdById: n.expertUser.id,
        filename: "model-law.txt",
        mediaType: "text/plain",
        content: Buffer.from("Article 1. Registration is voluntary.\n"),
        metadataKept: false,
        report: { found: [], removed: [], remaining: [], notes: ["text-has-no-metadata"] },
      });
    const pub = await doc(publicResource.id);
    const net = await doc(networkResource.id);
    const audited = (id: string) =>
      db().auditEvent.count({ where: { action: "document.downloaded", entityId: id } });

    const visitor = await send(`/resources/${publicResource.id}/documents/${pub.id}`);
    expect(visitor.status).toBe(200);
    expect(visitor.headers.get("content-disposition")).toContain("model-law.txt");
    expect(await audited(pub.id)).toBe(0);

    expect((await send(`/resources/${networkResource.id}/documents/${net.id}`)).status).toBe(404);
    const member = await createTestSession(outsider.id);
    const res = await send(`/resources/${networkResource.id}/documents/${net.id}`, { cookie: member.cookie });
    expect(res.status).toBe(200);
    expect(await audited(net.id)).toBe(1);
  });
});
