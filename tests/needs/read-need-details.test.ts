// Issues 15/22: one reader of a need's details. The need page, the proposal page and the engagement
// workspace used to decide with three different conditions; they now all ask readNeedDetails (needs'
// public surface), which decides with the policy's needAccess and writes the audit event. This walks one
// need through its stages and checks, for every role, what each page answers: 404 where the policy says
// the viewer may not know the need, the summary without the details at the "summary" level, the details at
// the "full" level, and a `need.details_viewed` audit event for exactly the views of details by someone
// other than the owning coalition.
//
// Two conditions were wrong before the change, and this test fails on them: the workspace showed the
// details to an engaged expert organisation the secretariat had since stopped vetting (the need page and
// the proposal page refused it), and it audited the owning coalition reading its own need.
import { beforeAll, describe, expect, it } from "vitest";
import { needAccess, type Viewer } from "~/features/auth/policy";
import { engagementThread } from "~/features/conversations/index.server";
import { db } from "~/utils/db.server";
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

const DETAILS = "READER-DETAILS-7c1e";
const OUTCOME = "READER-OUTCOME-7c1e";
const roles = [
  "owner", // the coalition that posted the need
  "otherCoalition", // another verified coalition
  "expert", // the expert organisation of the proposal
  "otherExpert", // a verified expert organisation without a proposal
  "unverified", // a member of an unverified coalition
  "secretariat", // 2FA verified in the session
  "secretariatNo2fa", // a secretariat member whose session did not pass 2FA: no secretariat powers
] as const;
type Role = (typeof roles)[number];
/** What a page shows a role: 404, the summary only, or the details. */
type Seen = 404 | "summary" | "details";

let w: Awaited<ReturnType<typeof setup>>;

async function setup() {
  const n = await createNetwork();
  await enableTotpFor(n.secretariatUser.id);
  const otherCoalition = await createOrganisation({ kind: "COALITION", countryCode: "GT" });
  const otherExpert = await createOrganisation({ kind: "EXPERT", coverageGlobal: true });
  const unverifiedOrg = await createOrganisation({
    kind: "COALITION",
    countryCode: "HN",
    vettingLevel: "unverified",
    vettedAt: null,
  });
  const users = {
    owner: n.coalitionUser,
    otherCoalition: await createUser({}, { organisationId: otherCoalition.id, role: "admin" }),
    expert: n.expertUser,
    otherExpert: await createUser({}, { organisationId: otherExpert.id, role: "admin" }),
    unverified: await createUser({}, { organisationId: unverifiedOrg.id, role: "admin" }),
    secretariat: n.secretariatUser,
    secretariatNo2fa: await createUser({}, { organisationId: n.secretariat.id }),
  } satisfies Record<Role, { id: string }>;
  const cookies = {} as Record<Role, string>;
  for (const role of roles)
    cookies[role] = (
      await createTestSession(users[role].id, { twoFactorVerified: role === "secretariat" })
    ).cookie;
  const need = await createNeed({
    organisationId: n.coalition.id,
    createdById: n.coalitionUser.id,
    status: "matching",
    details: DETAILS,
    outcomeWanted: OUTCOME,
  });
  const offer = await createOffer({ organisationId: n.expert.id, createdById: n.expertUser.id });
  const proposal = await createProposal({
    needId: need.id,
    offerId: offer.id,
    expertOrganisationId: n.expert.id,
    status: "approved",
    reviewedAt: new Date(),
  });
  return { ...n, users, cookies, need, offer, proposal, engagementId: null as string | null };
}

beforeAll(async () => {
  w = await setup();
});

/** The policy's answer for a role, from the rows as they are now: the oracle the pages must agree with. */
async function policySays(role: Role): Promise<Seen> {
  const memberships = await db().membership.findMany({
    where: { userId: w.users[role].id },
    select: {
      organisationId: true,
      role: true,
      organisation: { select: { kind: true, vettingLevel: true } },
    },
  });
  const viewer: Viewer = {
    userId: w.users[role].id,
    twoFactorVerified: role === "secretariat",
    memberships: memberships.map((m) => ({
      organisationId: m.organisationId,
      role: m.role,
      kind: m.organisation.kind,
      vettingLevel: m.organisation.vettingLevel,
    })),
  };
  const need = await db().need.findUniqueOrThrow({ where: { id: w.need.id } });
  const own = viewer.memberships.map((m) => m.organisationId);
  const proposals = await db().proposal.findMany({
    where: { needId: need.id, expertOrganisationId: { in: own } },
    select: { status: true, engagement: { select: { id: true } } },
  });
  const access = needAccess(viewer, need, {
    proposalStatuses: proposals.map((p) => p.status),
    engaged: proposals.some((p) => p.engagement),
  });
  return access.level === "none" ? 404 : access.level === "full" ? "details" : "summary";
}

function seen(res: { status: number; body: string }): Seen | number {
  if (res.status === 404) return 404;
  if (res.status !== 200) return res.status;
  expect(res.body.includes(DETAILS)).toBe(res.body.includes(OUTCOME));
  return res.body.includes(DETAILS) ? "details" : "summary";
}

const auditCount = (role: Role) =>
  db().auditEvent.count({
    where: { action: "need.details_viewed", entityId: w.need.id, actorId: w.users[role].id },
  });

/**
 * Opens the page as every role; checks each answer against `expected` (written out per stage, so a change
 * of policy shows up here) and against the policy itself, and that exactly the views of details by
 * someone other than the owner were audited, with where they happened.
 */
async function checkPage(
  page: "need" | "proposal" | "engagement",
  path: string,
  expected: Record<Role, Seen>,
) {
  const problems: string[] = [];
  for (const role of roles) {
    const before = await auditCount(role);
    const got = seen(await send(path, { cookie: w.cookies[role] }));
    if (got !== expected[role]) problems.push(`${role}: expected ${expected[role]}, got ${got}`);
    // The need page answers what the policy says; the other two pages belong to their parties only, and
    // never show more than the policy allows.
    const policy = await policySays(role);
    if (page === "need" && got !== policy) problems.push(`${role}: the policy says ${policy}, got ${got}`);
    if (got === "details" && policy !== "details") problems.push(`${role}: details beyond the policy`);
    const audited = (await auditCount(role)) - before;
    const shouldAudit = got === "details" && role !== "owner" ? 1 : 0;
    if (audited !== shouldAudit) problems.push(`${role}: ${audited} audit events, expected ${shouldAudit}`);
    if (audited) {
      const event = await db().auditEvent.findFirstOrThrow({
        where: { action: "need.details_viewed", entityId: w.need.id, actorId: w.users[role].id },
        orderBy: { createdAt: "desc" },
      });
      if ((event.metadata as { via?: string }).via !== page)
        problems.push(`${role}: audited via ${JSON.stringify(event.metadata)}`);
    }
  }
  expect(problems, `${page} page ${path}`).toEqual([]);
}

const onlyExpert = (expert: Seen): Record<Role, Seen> => ({
  owner: 404,
  otherCoalition: 404,
  expert,
  otherExpert: 404,
  unverified: 404,
  secretariat: 404,
  secretariatNo2fa: 404,
});

describe("readNeedDetails: one rule on the need page, the proposal page and the engagement workspace", () => {
  it("approved pair: the expert sees the summary; the details stay with the coalition and the secretariat", async () => {
    await checkPage("need", `/needs/${w.need.id}`, {
      owner: "details",
      otherCoalition: "summary",
      expert: "summary",
      otherExpert: "summary",
      unverified: 404,
      secretariat: "details",
      secretariatNo2fa: "summary",
    });
    await checkPage("proposal", `/proposals/${w.proposal.id}`, onlyExpert("summary"));
  });

  it("secretariat-only need, approved pair: the summary reaches the expert through the proposal only", async () => {
    await db().need.update({ where: { id: w.need.id }, data: { visibility: "secretariat" } });
    try {
      await checkPage("need", `/needs/${w.need.id}`, {
        owner: "details",
        otherCoalition: 404,
        expert: "summary",
        otherExpert: 404,
        unverified: 404,
        secretariat: "details",
        secretariatNo2fa: 404,
      });
      await checkPage("proposal", `/proposals/${w.proposal.id}`, onlyExpert("summary"));
    } finally {
      await db().need.update({ where: { id: w.need.id }, data: { visibility: "network" } });
    }
  });

  it("accepted: the details open to the expert on both its pages, each view audited", async () => {
    await db().proposal.update({ where: { id: w.proposal.id }, data: { status: "accepted" } });
    const needPage = {
      owner: "details",
      otherCoalition: "summary",
      expert: "details",
      otherExpert: "summary",
      unverified: 404,
      secretariat: "details",
      secretariatNo2fa: "summary",
    } as const;
    await checkPage("need", `/needs/${w.need.id}`, needPage);
    await checkPage("proposal", `/proposals/${w.proposal.id}`, onlyExpert("details"));
  });

  it("engaged: the workspace shows the details to both sides and the secretariat; the owner's view is not audited", async () => {
    await db().proposal.update({ where: { id: w.proposal.id }, data: { status: "confirmed" } });
    await db().need.update({ where: { id: w.need.id }, data: { status: "engaged" } });
    const engagement = await createEngagement({
      needId: w.need.id,
      offerId: w.offer.id,
      proposalId: w.proposal.id,
      expertOrganisationId: w.expert.id,
      coalitionOrganisationId: w.coalition.id,
    });
    w.engagementId = engagement.id;
    await checkPage("engagement", `/engagements/${engagement.id}`, {
      owner: "details",
      otherCoalition: 404,
      expert: "details",
      otherExpert: 404,
      unverified: 404,
      secretariat: "details",
      secretariatNo2fa: 404,
    });
    await checkPage("proposal", `/proposals/${w.proposal.id}`, onlyExpert("details"));
  });

  it("an engaged expert organisation no longer vetted loses the details everywhere, the workspace, documents and conversation included", async () => {
    const thread = await engagementThread(w.engagementId!);
    const sideChannels = [`/engagements/${w.engagementId}/documents`, `/threads/${thread.id}`];
    for (const path of sideChannels) {
      expect((await send(path, { cookie: w.cookies.expert })).status, path).toBe(200);
    }
    await db().organisation.update({ where: { id: w.expert.id }, data: { vettingLevel: "unverified" } });
    try {
      await checkPage("need", `/needs/${w.need.id}`, {
        owner: "details",
        otherCoalition: "summary",
        expert: 404,
        otherExpert: "summary",
        unverified: 404,
        secretariat: "details",
        secretariatNo2fa: "summary",
      });
      // The proposal page still answers its own organisation (the proposal's status), without the need.
      await checkPage("proposal", `/proposals/${w.proposal.id}`, onlyExpert("summary"));
      const proposalPage = await send(`/proposals/${w.proposal.id}`, { cookie: w.cookies.expert });
      expect(proposalPage.body).not.toContain(w.need.summary);
      await checkPage("engagement", `/engagements/${w.engagementId}`, {
        owner: "details",
        otherCoalition: 404,
        expert: 404,
        otherExpert: 404,
        unverified: 404,
        secretariat: "details",
        secretariatNo2fa: 404,
      });
      // Nor can it write to the workspace: refused before anything is written.
      const posted = await send(`/engagements/${w.engagementId}`, {
        cookie: w.cookies.expert,
        form: { intent: "update", body: "Progress while no longer vetted" },
      });
      expect(posted.status).toBe(404);
      expect(await db().engagementUpdate.count({ where: { engagementId: w.engagementId! } })).toBe(0);
      // The engagement's documents and conversation follow the details (policy: isVettedMemberOf).
      for (const path of sideChannels) {
        expect((await send(path, { cookie: w.cookies.expert })).status, path).toBe(404);
        expect((await send(path, { cookie: w.cookies.owner })).status, path).toBe(200);
      }
    } finally {
      await db().organisation.update({ where: { id: w.expert.id }, data: { vettingLevel: "trusted" } });
    }
    // Vetted again, it is back in its workspace (and can write there).
    const posted = await send(`/engagements/${w.engagementId}`, {
      cookie: w.cookies.expert,
      form: { intent: "update", body: "Progress once vetted again" },
    });
    expect(posted.status).toBe(302);
    expect(await db().engagementUpdate.count({ where: { engagementId: w.engagementId! } })).toBe(1);
  });
});
