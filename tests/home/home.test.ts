// The home services against the real database: every count the secretariat, coalition and expert homes
// show is the number of rows the rule describes, no more (other organisations' work, finished work and
// what the policy hides are left out), and an unverified organisation is told it waits for verification.
import { beforeAll, describe, expect, it } from "vitest";
import { coalitionHome, expertHome, loadHome, secretariatDay } from "~/features/home/index.server";
import { db } from "~/utils/db.server";
import { viewerFor } from "../coordination/support";
import {
  createEngagement,
  createNeed,
  createNetwork,
  createOffer,
  createOrganisation,
  createProposal,
  createUser,
} from "../support/factories";

const DAY = 86_400_000;
const now = new Date();
const past = new Date(now.getTime() - 10 * DAY);
const future = new Date(now.getTime() + 10 * DAY);

let w: Awaited<ReturnType<typeof setup>>;

async function setup() {
  const n = await createNetwork();
  const otherCoalition = await createOrganisation({ kind: "COALITION", countryCode: "KE" });
  const otherCoalitionUser = await createUser({}, { organisationId: otherCoalition.id });
  const otherExpert = await createOrganisation({ kind: "EXPERT", coverageGlobal: true });
  const otherExpertUser = await createUser({}, { organisationId: otherExpert.id });
  const unverified = await createOrganisation({
    kind: "COALITION",
    vettingLevel: "unverified",
    vettedAt: null,
  });
  const unverifiedUser = await createUser({}, { organisationId: unverified.id });
  const offer = await createOffer({ organisationId: n.expert.id, createdById: n.expertUser.id });
  const otherOffer = await createOffer({ organisationId: otherExpert.id, createdById: otherExpertUser.id });
  return {
    ...n,
    otherCoalition,
    otherCoalitionUser,
    otherExpert,
    unverified,
    unverifiedUser,
    offer,
    otherOffer,
  };
}

async function need(data: Parameters<typeof createNeed>[0] extends infer T ? Partial<T> : never = {}) {
  return createNeed({ organisationId: w.coalition.id, createdById: w.coalitionUser.id, ...data });
}

beforeAll(async () => {
  w = await setup();
  const other = {
    organisationId: w.otherCoalition.id,
    createdById: w.otherCoalitionUser.id,
    countryCode: "KE",
  };
  // Triage: two submitted needs (one each coalition); a draft does not count.
  await need({ status: "submitted", openedAt: null });
  await createNeed({ ...other, status: "submitted", openedAt: null });
  await need({ status: "draft", openedAt: null, submittedAt: null });
  // Past wanted-by: an open and a matching need count; an engaged one and a future one do not.
  await need({ status: "open", wantedBy: past, title: "Late open" });
  const lateMatching = await need({ status: "matching", wantedBy: past, title: "Late matching" });
  const engagedNeed = await need({ status: "engaged", wantedBy: past });
  await need({ status: "open", wantedBy: future });
  // Review: proposals waiting for the secretariat.
  const n1 = await createNeed({ ...other, status: "open" });
  await createProposal({ needId: n1.id, offerId: w.otherOffer.id, expertOrganisationId: w.otherExpert.id });
  await createProposal({
    needId: lateMatching.id,
    offerId: w.otherOffer.id,
    expertOrganisationId: w.otherExpert.id,
  });
  // The coalition's expert to confirm: our expert accepted on our need; another coalition's does not count.
  const accepted = await createProposal({
    needId: lateMatching.id,
    offerId: w.offer.id,
    expertOrganisationId: w.expert.id,
    status: "accepted",
    reviewedAt: past,
    respondedAt: past,
  });
  await createProposal({
    needId: n1.id,
    offerId: w.offer.id,
    expertOrganisationId: w.expert.id,
    status: "approved",
    reviewedAt: now,
    expiresAt: future,
  });
  void accepted;
  // Engagements: one stalled (ours), one fine (another expert's).
  const p3 = await createProposal({
    needId: engagedNeed.id,
    offerId: w.offer.id,
    expertOrganisationId: w.expert.id,
    status: "confirmed",
  });
  const stalledEngagement = await createEngagement({
    needId: engagedNeed.id,
    offerId: w.offer.id,
    proposalId: p3.id,
    expertOrganisationId: w.expert.id,
    coalitionOrganisationId: w.coalition.id,
    stalledAt: past,
  });
  const n2 = await createNeed({ ...other, status: "engaged" });
  const p4 = await createProposal({
    needId: n2.id,
    offerId: w.otherOffer.id,
    expertOrganisationId: w.otherExpert.id,
    status: "confirmed",
  });
  const fineEngagement = await createEngagement({
    needId: n2.id,
    offerId: w.otherOffer.id,
    proposalId: p4.id,
    expertOrganisationId: w.otherExpert.id,
    coalitionOrganisationId: w.otherCoalition.id,
  });
  // Requests to close: a pending one counts, a declined one does not.
  await db().engagementCloseRequest.create({
    data: {
      engagementId: fineEngagement.id,
      side: "coalition",
      requestedById: w.otherCoalitionUser.id,
      outcome: "achieved",
    },
  });
  await db().engagementCloseRequest.create({
    data: {
      engagementId: stalledEngagement.id,
      side: "coalition",
      requestedById: w.coalitionUser.id,
      outcome: "achieved",
      status: "declined",
      answeredAt: past,
    },
  });
  // Applications: pending and questions count, a decided one does not.
  const application = {
    kind: "coalition" as const,
    organisationName: "Applicant",
    countryCode: "SN",
    mission: "m",
    references: "r",
    contactName: "c",
    contactEmail: "c@example.org",
  };
  await db().membershipApplication.createMany({
    data: [
      { ...application, status: "pending" },
      { ...application, status: "questions" },
      { ...application, status: "approved" },
    ],
  });
  // Email failures: one permanent failure; a sent email does not count.
  await db().emailMessage.createMany({
    data: [
      { toAddress: "a@example.org", template: "x", params: {}, status: "failed_permanent" },
      { toAddress: "b@example.org", template: "x", params: {}, status: "sent" },
    ],
  });
  // Activity in Mexico: a network one counts for the coalition; a secretariat-only one by someone else
  // and one in Kenya do not.
  const activity = {
    createdById: w.secretariatUser.id,
    kind: "legal" as const,
    summary: "Training on the registration law",
    startsOn: past,
  };
  await db().countryActivity.createMany({
    data: [
      { ...activity, countryCode: "MX", organisationId: w.expert.id },
      { ...activity, countryCode: "MX", organisationId: w.otherExpert.id, visibility: "secretariat" },
      { ...activity, countryCode: "KE", organisationId: w.expert.id },
    ],
  });
  // Actions from a call: two open for the coalition (one overdue), one done, one for another coalition.
  const call = await db().coordinationCall.create({
    data: {
      countryCode: "MX",
      title: "Call",
      startsAt: past,
      timeZone: "UTC",
      agendaSince: past,
      createdById: w.secretariatUser.id,
    },
  });
  const action = {
    callId: call.id,
    kind: "task" as const,
    title: "Do it",
    createdById: w.secretariatUser.id,
  };
  await db().callAction.createMany({
    data: [
      { ...action, ownerOrganisationId: w.coalition.id, dueOn: past },
      { ...action, ownerOrganisationId: w.coalition.id, dueOn: future },
      { ...action, ownerOrganisationId: w.coalition.id, status: "done" },
      { ...action, ownerOrganisationId: w.otherCoalition.id },
    ],
  });
});

describe("the secretariat's day", () => {
  it("counts each kind of work waiting, with the page that works it", async () => {
    const viewer = await viewerFor(w.secretariatUser.id, { twoFactorVerified: true });
    const tasks = Object.fromEntries((await secretariatDay(db(), viewer, now)).map((t) => [t.key, t]));
    expect(Object.fromEntries(Object.entries(tasks).map(([k, t]) => [k, t.count]))).toEqual({
      triage: 2,
      review: 2,
      stalled: 1,
      closeRequests: 1,
      pastWantedBy: 2,
      applications: 2,
      emailFailures: 1,
    });
    expect(tasks.triage.href).toBe("/secretariat/triage");
    expect(tasks.review.href).toBe("/secretariat/review");
    expect(tasks.closeRequests.href).toBe("/engagements?status=active&closing=1");
    const home = await loadHome(db(), viewer, []);
    expect(home.secretariat?.pastWantedBy.map((n) => n.title).sort()).toEqual(["Late matching", "Late open"]);
  });

  it("is nobody else's: a secretariat session without two-factor and a coalition member get nothing", async () => {
    expect(await secretariatDay(db(), await viewerFor(w.secretariatUser.id), now)).toEqual([]);
    expect(await secretariatDay(db(), await viewerFor(w.coalitionUser.id), now)).toEqual([]);
  });
});

describe("a coalition's home", () => {
  it("counts what waits for us, our needs by stage and activity in our country", async () => {
    const home = await coalitionHome(db(), await viewerFor(w.coalitionUser.id), now);
    expect(home).not.toBeNull();
    expect(home!.toConfirm.count).toBe(1);
    expect(home!.toConfirm.items[0].expertName).toBe(w.expert.name);
    expect(home!.actions).toMatchObject({ count: 2, overdue: 1 });
    expect(home!.activity.count).toBe(1);
    expect(home!.countries).toEqual(["MX"]);
    const stages = Object.fromEntries(home!.stages.map((s) => [s.status, s.count]));
    expect(stages).toEqual({ draft: 1, submitted: 1, open: 2, matching: 1, engaged: 1 });
    expect(home!.questions.count).toBe(0);
  });

  it("shows another coalition only its own", async () => {
    const home = await coalitionHome(db(), await viewerFor(w.otherCoalitionUser.id), now);
    expect(home!.toConfirm.count).toBe(0);
    expect(home!.actions.count).toBe(1);
    expect(home!.countries).toEqual(["KE"]);
  });
});

describe("an expert's home", () => {
  it("counts proposals awaiting our answer with their deadline, engagements and needs we might help", async () => {
    const home = await expertHome(db(), await viewerFor(w.expertUser.id));
    expect(home!.awaiting.count).toBe(1);
    expect(home!.awaiting.items[0].expiresAt?.getTime()).toBe(future.getTime());
    expect(home!.engagements.count).toBe(1);
    expect(home!.engagements.items[0].next).toBe("reportStall");
    // Our legal offer covers Latin America: the open Mexican needs not proposed to us (the late open one
    // and the future one); not the Kenyan need (not covered, and proposed to us anyway), not drafts.
    expect(home!.help.count).toBe(2);
    expect(home!.help.items.every((n) => n.countryCode === "MX")).toBe(true);
  });

  it("does not offer a need the policy hides from the expert", async () => {
    const hidden = await need({ status: "open", visibility: "secretariat", title: "Hidden" });
    const home = await expertHome(db(), await viewerFor(w.expertUser.id));
    expect(home!.help.items.map((n) => n.id)).not.toContain(hidden.id);
    expect(home!.help.count).toBe(2);
  });
});

describe("an organisation awaiting verification", () => {
  it("is told so, with whom to contact, and gets no coalition board", async () => {
    const viewer = await viewerFor(w.unverifiedUser.id);
    const home = await loadHome(db(), viewer, [
      {
        organisationId: w.unverified.id,
        organisationName: w.unverified.name,
        kind: "COALITION",
        vettingLevel: "unverified",
      },
    ]);
    expect(home.pending?.organisations.map((o) => o.id)).toEqual([w.unverified.id]);
    expect(home.pending?.contact).toMatch(/@/);
    expect(home.coalition).toBeNull();
    expect(home.expert).toBeNull();
    expect(home.secretariat).toBeNull();
  });
});
