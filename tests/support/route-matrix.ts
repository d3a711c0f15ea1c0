// The authorisation matrix: for every route in app/routes.ts, what each role gets. A route without an
// entry here fails tests/auth/authorisation-matrix.test.ts, so every new route must come with its line.
//
// Adding a route: add one object to `matrix` with its pattern exactly as app/routes.ts builds it
// ("/needs/:id", "/settings/password"), one or more cases (a concrete path built from the fixture, and
// the expected outcome per role). Helpers: signedIn(), secretariatOnly(), everyone(), roles().
// Confidential markers (need details, secretariat-only titles, vetting notes) are checked on EVERY
// response: a marker must never appear in a body served to a role not in its `allowedFor`. A case may also
// list text that must be ON the page for some roles (`shows`), e.g. the "awaiting verification" mark.
import { randomBytes } from "node:crypto";
import { inviteMember } from "~/features/organisations/services/invitations.server";
import { createUserToken } from "~/features/auth/services/tokens.server";
import { db } from "~/utils/db.server";
import { createNeed, createOffer, createOrganisation, createProposal, createUser } from "./factories";
import { createTestSession, enableTotpFor } from "./sessions";
import { getSearchIndex } from "~/features/search/index.server";
import { syncSearchEntity } from "~/features/search/services/indexing.server";
import { buildCoordinationFixture } from "../coordination/matrix-fixture";
import { buildConversationFixture } from "../conversations/matrix-fixture";
import { buildResourcesFixture } from "../resources/matrix-fixture";
import { requestClose } from "~/features/engagements/services/close-requests.server";

export const roles = [
  "visitor",
  "unverified", // member of an unverified coalition
  "unvettedExpert", // admin of an unverified expert organisation with an active offer (issue 15: vetting)
  "coalitionOwner", // admin of the coalition that owns the needs
  "coalitionOther", // member of another (verified) coalition
  "expertMatched", // expert whose proposal on the network need was accepted
  "expertUnmatched", // verified expert with no proposal
  "secretariat", // secretariat member, 2FA set up and verified in this session
  "secretariatNo2fa", // secretariat member without 2FA: must not get secretariat powers
  "guest", // someone outside the network invited to one call: no account, no session, holds a magic link
] as const;
export type Role = (typeof roles)[number];

/**
 * 200/403/404/410…: that status. "login": redirect to /login?redirectTo=…. "redirect": any 3xx.
 * "deny": 403 or 404. "any": whatever the status (not 5xx) — only the confidentiality markers are checked.
 */
export type Outcome = number | "login" | "redirect" | "deny" | "any";

export type Fixture = Awaited<ReturnType<typeof buildFixture>>;

export type MatrixCase = {
  name: string;
  path: (f: Fixture) => string;
  expect: Record<Role, Outcome>;
  /** Text the page must show these roles (each of them must also get a 200). */
  shows?: Array<{ text: (f: Fixture) => string; roles: Role[] }>;
};

export type MatrixEntry = { pattern: string; cases: MatrixCase[] };

// ───────────── expectation helpers ─────────────

export function everyone(outcome: Outcome): Record<Role, Outcome> {
  return Object.fromEntries(roles.map((r) => [r, outcome])) as Record<Role, Outcome>;
}

/**
 * Visitors go to the login page; every signed-in role gets `outcome` unless overridden. The unvetted
 * expert organisation's member gets what the unverified coalition's member gets unless said otherwise:
 * the policy treats both organisations as unverified.
 */
export function signedIn(
  outcome: Outcome,
  overrides: Partial<Record<Role, Outcome>> = {},
): Record<Role, Outcome> {
  return {
    ...everyone(outcome),
    visitor: "login",
    guest: "login",
    unvettedExpert: overrides.unverified ?? outcome,
    ...overrides,
  };
}

/** Secretariat pages: 2FA-verified secretariat 200, secretariat without 2FA sent to set it up, others 403. */
export function secretariatOnly(overrides: Partial<Record<Role, Outcome>> = {}): Record<Role, Outcome> {
  return signedIn(403, { secretariat: 200, secretariatNo2fa: "redirect", ...overrides });
}

// ───────────── fixture ─────────────

export async function buildFixture() {
  const tag = randomBytes(4).toString("hex");
  const secretariatOrg = await createOrganisation({
    kind: "SECRETARIAT",
    name: `Secretariat ${tag}`,
    countryCode: null,
  });
  const coalitionA = await createOrganisation({
    kind: "COALITION",
    countryCode: "MX",
    vettingNote: `VETTING-NOTE-${tag}`,
  });
  const coalitionB = await createOrganisation({ kind: "COALITION", countryCode: "GT" });
  const unverifiedOrg = await createOrganisation({
    kind: "COALITION",
    countryCode: "HN",
    vettingLevel: "unverified",
    vettedAt: null,
  });
  const expertX = await createOrganisation({
    kind: "EXPERT",
    vettingLevel: "trusted",
    coverageRegions: ["latin_america_caribbean"],
  });
  const expertY = await createOrganisation({
    kind: "EXPERT",
    vettingLevel: "verified",
    coverageGlobal: true,
    // A change of name and coverage asked for after vetting: only the organisation and the secretariat
    // see it until the secretariat approves it (policy: identityChangeNeedsApproval).
    pendingName: `PENDING-NAME-${tag}`,
    pendingCoverageGlobal: false,
    pendingCoverageCountries: ["KE"],
    pendingChangeAt: new Date(),
  });
  // Issue 15: an unverified expert organisation publishes nothing to the network (policy:
  // publishesToNetwork): its active offer covering Mexico is seen by its own members and the secretariat
  // only, marked awaiting verification — not on other members' boards, offer pages, country pages or search.
  const expertUnvetted = await createOrganisation({
    kind: "EXPERT",
    vettingLevel: "unverified",
    vettedAt: null,
    coverageCountries: ["MX"],
  });

  const users = {
    unverified: await createUser({}, { organisationId: unverifiedOrg.id, role: "admin" }),
    unvettedExpert: await createUser({}, { organisationId: expertUnvetted.id, role: "admin" }),
    coalitionOwner: await createUser({}, { organisationId: coalitionA.id, role: "admin" }),
    coalitionOther: await createUser({}, { organisationId: coalitionB.id, role: "admin" }),
    expertMatched: await createUser({}, { organisationId: expertX.id, role: "admin" }),
    expertUnmatched: await createUser({}, { organisationId: expertY.id, role: "admin" }),
    secretariat: await createUser({}, { organisationId: secretariatOrg.id, role: "admin" }),
    secretariatNo2fa: await createUser({}, { organisationId: secretariatOrg.id, role: "member" }),
  };
  await enableTotpFor(users.secretariat.id);

  const owner = { organisationId: coalitionA.id, createdById: users.coalitionOwner.id };
  const networkNeed = await createNeed({
    ...owner,
    title: `Network need ${tag}`,
    details: `CONFIDENTIAL-NETWORK-DETAILS-${tag}`,
    outcomeWanted: `CONFIDENTIAL-NETWORK-OUTCOME-${tag}`,
  });
  const secretariatNeed = await createNeed({
    ...owner,
    title: `SECRETARIAT-ONLY-TITLE-${tag}`,
    summary: `SECRETARIAT-ONLY-SUMMARY-${tag}`,
    details: `CONFIDENTIAL-SECRETARIAT-DETAILS-${tag}`,
    visibility: "secretariat",
    anonymised: true,
  });
  const draftNeed = await createNeed({
    ...owner,
    title: `DRAFT-TITLE-${tag}`,
    details: `CONFIDENTIAL-DRAFT-DETAILS-${tag}`,
    status: "draft",
    openedAt: null,
    submittedAt: null,
  });
  const offer = await createOffer({ organisationId: expertX.id, createdById: users.expertMatched.id });
  const offerY = await createOffer({ organisationId: expertY.id, createdById: users.expertUnmatched.id });
  // Both found by searching the boards for "quetzalcoatl": only the vetted one by other organisations.
  const unvettedOffer = await createOffer({
    organisationId: expertUnvetted.id,
    createdById: users.unvettedExpert.id,
    title: `UNVETTED-OFFER-${tag} quetzalcoatl clinic`,
    coverageRegions: [],
    coverageCountries: ["MX"],
  });
  const searchableOffer = await createOffer({
    organisationId: expertY.id,
    createdById: users.expertUnmatched.id,
    title: `Vetted quetzalcoatl clinic ${tag}`,
  });
  for (const o of [unvettedOffer, searchableOffer])
    await syncSearchEntity(db(), getSearchIndex(), "offer", o.id);
  // The secretariat's reading of Mexico: vetted members only, never an unverified organisation (policy:
  // seesCountrySituation), nor anyone signed out.
  await db().country.update({ where: { code: "MX" }, data: { situationNote: `SITUATION-NOTE-${tag}` } });
  await db().countryRatingChange.create({
    data: { countryCode: "MX", rating: "narrowed", trend: "stable", note: `RATING-NOTE-${tag}` },
  });
  const acceptedProposal = await createProposal({
    needId: networkNeed.id,
    offerId: offer.id,
    expertOrganisationId: expertX.id,
    status: "accepted",
    reviewedAt: new Date(),
  });
  // Review and engagements: staged disclosure before acceptance (an approved proposal on an anonymised
  // need: summary only, no details, no coalition name), and an engagement with secretariat-only feedback.
  const stagedNeed = await createNeed({
    ...owner,
    title: `Staged need ${tag}`,
    details: `CONFIDENTIAL-STAGED-DETAILS-${tag}`,
    anonymised: true,
    status: "matching",
  });
  const approvedProposal = await createProposal({
    needId: stagedNeed.id,
    offerId: offer.id,
    expertOrganisationId: expertX.id,
    status: "approved",
    reviewedAt: new Date(),
  });
  const engagedOffer = await createOffer({ organisationId: expertX.id, createdById: users.expertMatched.id });
  const confirmedProposal = await createProposal({
    needId: networkNeed.id,
    offerId: engagedOffer.id,
    expertOrganisationId: expertX.id,
    status: "confirmed",
    reviewedAt: new Date(),
  });
  const engagement = await db().engagement.create({
    data: {
      needId: networkNeed.id,
      offerId: engagedOffer.id,
      proposalId: confirmedProposal.id,
      expertOrganisationId: expertX.id,
      coalitionOrganisationId: coalitionA.id,
      status: "closed",
      outcome: "achieved",
      closedAt: new Date(),
    },
  });
  await db().engagementFeedback.create({
    data: {
      engagementId: engagement.id,
      organisationId: coalitionA.id,
      authorId: users.coalitionOwner.id,
      rating: 4,
      comment: `FEEDBACK-${tag}`,
    },
  });

  // An active engagement whose coalition asked to close it (issue 21): the request and its note are
  // seen by both sides and the secretariat only; the expert side and the secretariat may answer it.
  const closingOffer = await createOffer({ organisationId: expertX.id, createdById: users.expertMatched.id });
  const closingProposal = await createProposal({
    needId: networkNeed.id,
    offerId: closingOffer.id,
    expertOrganisationId: expertX.id,
    status: "confirmed",
    reviewedAt: new Date(),
  });
  const closingEngagement = await db().engagement.create({
    data: {
      needId: networkNeed.id,
      offerId: closingOffer.id,
      proposalId: closingProposal.id,
      expertOrganisationId: expertX.id,
      coalitionOrganisationId: coalitionA.id,
    },
  });
  const closeRequest = await db().$transaction((tx) =>
    requestClose(
      tx,
      {
        viewer: {
          userId: users.coalitionOwner.id,
          twoFactorVerified: false,
          memberships: [
            {
              organisationId: coalitionA.id,
              kind: "COALITION",
              vettingLevel: coalitionA.vettingLevel,
              role: "admin",
            },
          ],
        },
      },
      closingEngagement.id,
      { outcome: "achieved", note: `CLOSE-REQUEST-NOTE-${tag}` },
    ),
  );

  const coordination = await buildCoordinationFixture({
    tag,
    secretariatUserId: users.secretariat.id,
    coalitionId: coalitionA.id,
    coalitionUserId: users.coalitionOwner.id,
    expertId: expertX.id,
    expertUserId: users.expertMatched.id,
  });

  const conversations = await buildConversationFixture({
    tag,
    coalitionUserId: users.coalitionOwner.id,
    expertUserId: users.expertMatched.id,
    expertOrganisationId: expertX.id,
    coalitionOrganisationId: coalitionA.id,
    needs: {
      network: networkNeed.id,
      secretariat: secretariatNeed.id,
      draft: draftNeed.id,
      staged: stagedNeed.id,
    },
    approvedProposalId: approvedProposal.id,
    engagementId: engagement.id,
  });

  const resources = await buildResourcesFixture({
    tag,
    publisherOrgId: expertY.id,
    publisherUserId: users.expertUnmatched.id,
    unverifiedOrgId: unverifiedOrg.id,
    unverifiedUserId: users.unverified.id,
    networkNeedId: networkNeed.id,
    coalitionUserId: users.coalitionOwner.id,
  });

  const cookies: Record<Role, string | undefined> = { visitor: undefined } as Record<
    Role,
    string | undefined
  >;
  for (const role of roles) {
    if (role === "visitor" || role === "guest") continue;
    const s = await createTestSession(users[role].id, { twoFactorVerified: role === "secretariat" });
    cookies[role] = s.cookie;
  }

  const { token: resetToken } = await db().$transaction((tx) =>
    createUserToken(tx, { userId: users.coalitionOther.id, purpose: "password_reset" }),
  );
  const invited = await db().$transaction((tx) =>
    inviteMember(tx, {
      inviter: { id: users.coalitionOwner.id, name: "Owner" },
      organisationId: coalitionA.id,
      email: `invitee-${tag}@example.org`,
      role: "member",
      locale: "en",
      ip: null,
    }),
  );
  const invitationToken = invited.kind === "invited" ? invited.token : "";

  // An application to join: what the applicant wrote is for the secretariat only.
  const application = await db().membershipApplication.create({
    data: {
      kind: "coalition",
      organisationName: `Applicant ${tag}`,
      countryCode: "NI",
      mission: `APPLICATION-MISSION-${tag}`,
      references: `APPLICATION-REFERENCES-${tag}`,
      contactName: "Applicant contact",
      contactEmail: `applicant-${tag}@example.org`,
    },
  });

  // Members of a vetted organisation (the secretariat's without 2FA too: its organisation is vetted).
  const vettedMembers: Role[] = [
    "coalitionOwner",
    "coalitionOther",
    "expertMatched",
    "expertUnmatched",
    "secretariat",
    "secretariatNo2fa",
  ];
  // The legislation tracker: a bill on Mexico linked to the secretariat-only need (whose title is a marker).
  const legislation = await db().legislation.create({
    data: {
      countryCode: "MX",
      kind: "bill",
      title: `Matrix bill ${tag}`,
      direction: "closing",
      stage: "in_parliament",
      stageOn: new Date("2026-11-01T00:00:00Z"),
      createdById: users.secretariat.id,
      stages: {
        create: [
          {
            stage: "in_parliament",
            occurredOn: new Date("2026-11-01T00:00:00Z"),
            recordedById: users.secretariat.id,
          },
        ],
      },
      links: { create: [{ kind: "need", targetId: secretariatNeed.id, createdById: users.secretariat.id }] },
    },
  });

  /** Text that must never reach the listed roles' responses. */
  const markers: Array<{ text: string; allowedFor: Role[] }> = [
    { text: networkNeed.details, allowedFor: ["coalitionOwner", "expertMatched", "secretariat"] },
    { text: networkNeed.outcomeWanted, allowedFor: ["coalitionOwner", "expertMatched", "secretariat"] },
    { text: secretariatNeed.details, allowedFor: ["coalitionOwner", "secretariat"] },
    { text: secretariatNeed.title, allowedFor: ["coalitionOwner", "secretariat"] },
    { text: secretariatNeed.summary, allowedFor: ["coalitionOwner", "secretariat"] },
    { text: draftNeed.title, allowedFor: ["coalitionOwner"] },
    { text: draftNeed.details, allowedFor: ["coalitionOwner"] },
    { text: `VETTING-NOTE-${tag}`, allowedFor: ["secretariat"] },
    { text: resetToken, allowedFor: [] },
    { text: stagedNeed.details, allowedFor: ["coalitionOwner", "secretariat"] },
    { text: `FEEDBACK-${tag}`, allowedFor: ["secretariat"] },
    { text: `CLOSE-REQUEST-NOTE-${tag}`, allowedFor: ["coalitionOwner", "expertMatched", "secretariat"] },
    { text: application.mission, allowedFor: ["secretariat"] },
    { text: application.references, allowedFor: ["secretariat"] },
    { text: `UNVETTED-OFFER-${tag}`, allowedFor: ["unvettedExpert", "secretariat"] },
    { text: `PENDING-NAME-${tag}`, allowedFor: ["expertUnmatched", "secretariat"] },
    { text: `SITUATION-NOTE-${tag}`, allowedFor: vettedMembers },
    { text: `RATING-NOTE-${tag}`, allowedFor: vettedMembers },
    ...coordination.markers.map((m) => ({ text: m.text, allowedFor: [...m.allowedFor] as Role[] })),
    ...conversations.markers.map((m) => ({ text: m.text, allowedFor: [...m.allowedFor] as Role[] })),
    ...resources.markers.map((m) => ({ text: m.text, allowedFor: [...m.allowedFor] as Role[] })),
  ];

  return {
    tag,
    orgs: { secretariatOrg, coalitionA, coalitionB, unverifiedOrg, expertX, expertY, expertUnvetted },
    users,
    cookies,
    needs: { networkNeed, secretariatNeed, draftNeed },
    offers: { offer, offerY, unvettedOffer, searchableOffer },
    review: { acceptedProposal, approvedProposal, stagedNeed, engagement, closingEngagement, closeRequest },
    tokens: { reset: resetToken, invitation: invitationToken },
    application,
    coordination,
    conversations,
    resources,
    legislation,
    markers,
  };
}

// ───────────── the matrix ─────────────

const badToken = "A".repeat(43);
// Shown with an unvetted organisation's offers to those who still see them (its own members, the secretariat).
const awaiting = () => "Awaiting verification";

export const matrix: MatrixEntry[] = [
  { pattern: "/", cases: [{ name: "landing", path: () => "/", expect: everyone(200) }] },
  { pattern: "/healthz", cases: [{ name: "liveness", path: () => "/healthz", expect: everyone(200) }] },
  {
    pattern: "/*",
    cases: [
      { name: "an address no route answers", path: () => "/no-such-page/at-all", expect: everyone(404) },
    ],
  },
  { pattern: "/readyz", cases: [{ name: "readiness", path: () => "/readyz", expect: everyone("any") }] },
  {
    pattern: "/set-language",
    cases: [{ name: "GET goes home", path: () => "/set-language", expect: everyone("redirect") }],
  },

  // ── trust layer ──
  {
    pattern: "/login",
    cases: [
      {
        name: "sign-in page",
        path: () => "/login",
        expect: { ...everyone("redirect"), visitor: 200, guest: 200 },
      },
    ],
  },
  {
    pattern: "/logout",
    cases: [{ name: "GET goes home", path: () => "/logout", expect: everyone("redirect") }],
  },
  {
    pattern: "/login/two-factor",
    cases: [
      {
        name: "challenge without a pending sign-in",
        path: () => "/login/two-factor",
        expect: everyone("redirect"),
      },
    ],
  },
  {
    pattern: "/forgot-password",
    cases: [{ name: "form", path: () => "/forgot-password", expect: everyone(200) }],
  },
  {
    pattern: "/reset-password/:token",
    cases: [
      { name: "valid token", path: (f) => `/reset-password/${f.tokens.reset}`, expect: everyone(200) },
      { name: "tampered token", path: () => `/reset-password/${badToken}`, expect: everyone(410) },
    ],
  },
  {
    pattern: "/verify-email/:token",
    cases: [{ name: "unknown token", path: () => `/verify-email/${badToken}`, expect: everyone(410) }],
  },
  {
    pattern: "/invitations/:token",
    cases: [
      { name: "valid invitation", path: (f) => `/invitations/${f.tokens.invitation}`, expect: everyone(200) },
      { name: "tampered invitation", path: () => `/invitations/${badToken}`, expect: everyone(410) },
    ],
  },
  { pattern: "/settings", cases: [{ name: "account", path: () => "/settings", expect: signedIn(200) }] },
  {
    pattern: "/settings/password",
    cases: [{ name: "change password", path: () => "/settings/password", expect: signedIn(200) }],
  },
  {
    pattern: "/settings/sessions",
    cases: [{ name: "sessions", path: () => "/settings/sessions", expect: signedIn(200) }],
  },
  {
    pattern: "/settings/two-factor",
    cases: [{ name: "2FA settings", path: () => "/settings/two-factor", expect: signedIn(200) }],
  },
  {
    pattern: "/settings/data",
    cases: [{ name: "page", path: () => "/settings/data", expect: signedIn(200) }],
  },
  {
    pattern: "/settings/data/export",
    cases: [{ name: "own data as JSON", path: () => "/settings/data/export", expect: signedIn(200) }],
  },
  {
    pattern: "/organisation",
    cases: [{ name: "active organisation", path: () => "/organisation", expect: signedIn("redirect") }],
  },
  {
    pattern: "/organisations/:organisationId",
    cases: [
      {
        name: "coalition A profile",
        path: (f) => `/organisations/${f.orgs.coalitionA.id}`,
        expect: signedIn(404, { coalitionOwner: 200, secretariat: 200 }),
      },
      { name: "unknown organisation", path: () => "/organisations/nope", expect: signedIn(404) },
      {
        // A change of name and coverage waiting for approval: the organisation's admin and the secretariat.
        name: "expert Y profile with a change waiting",
        path: (f) => `/organisations/${f.orgs.expertY.id}`,
        expect: signedIn(404, { expertUnmatched: 200, secretariat: 200 }),
        shows: [
          { text: () => "Change waiting for approval", roles: ["expertUnmatched", "secretariat"] },
          { text: () => "Kenya", roles: ["expertUnmatched", "secretariat"] },
        ],
      },
    ],
  },
  {
    pattern: "/organisations/:organisationId/members",
    cases: [
      {
        name: "coalition A members",
        path: (f) => `/organisations/${f.orgs.coalitionA.id}/members`,
        expect: signedIn(404, { coalitionOwner: 200, secretariat: 200 }),
      },
    ],
  },
  {
    pattern: "/secretariat/organisations",
    cases: [
      { name: "list", path: () => "/secretariat/organisations?kind=COALITION", expect: secretariatOnly() },
    ],
  },
  {
    pattern: "/secretariat/organisations/new",
    cases: [{ name: "invite form", path: () => "/secretariat/organisations/new", expect: secretariatOnly() }],
  },
  {
    pattern: "/secretariat/organisations/:organisationId",
    cases: [
      {
        name: "vetting",
        path: (f) => `/secretariat/organisations/${f.orgs.coalitionA.id}`,
        expect: secretariatOnly(),
      },
      {
        name: "a change of name and coverage to decide",
        path: (f) => `/secretariat/organisations/${f.orgs.expertY.id}`,
        expect: secretariatOnly(),
        shows: [
          { text: () => "Approve the change", roles: ["secretariat"] },
          { text: (f) => `PENDING-NAME-${f.tag}`, roles: ["secretariat"] },
        ],
      },
      {
        name: "an unverified expert organisation",
        path: (f) => `/secretariat/organisations/${f.orgs.expertUnvetted.id}`,
        expect: secretariatOnly(),
      },
    ],
  },
  {
    pattern: "/secretariat/audit",
    cases: [
      { name: "audit log", path: () => "/secretariat/audit?action=session.", expect: secretariatOnly() },
    ],
  },
  {
    pattern: "/secretariat/operations",
    cases: [
      { name: "queues and work on demand", path: () => "/secretariat/operations", expect: secretariatOnly() },
    ],
  },
  {
    pattern: "/secretariat/operations/:queue",
    cases: [
      { name: "failed email jobs", path: () => "/secretariat/operations/email", expect: secretariatOnly() },
      {
        name: "unknown queue",
        path: () => "/secretariat/operations/nope",
        expect: secretariatOnly({ secretariat: 404 }),
      },
    ],
  },

  // ── email and digests ──
  {
    pattern: "/settings/notifications",
    cases: [{ name: "preferences", path: () => "/settings/notifications", expect: signedIn(200) }],
  },
  {
    pattern: "/unsubscribe/:token",
    cases: [{ name: "forged token", path: () => `/unsubscribe/${badToken}`, expect: everyone("any") }],
  },
  {
    pattern: "/dev/mailbox",
    cases: [{ name: "disabled by default", path: () => "/dev/mailbox", expect: everyone(404) }],
  },
  {
    pattern: "/dev/mailbox/:id",
    cases: [{ name: "disabled by default", path: () => "/dev/mailbox/x", expect: everyone(404) }],
  },
  {
    pattern: "/secretariat/email-failures",
    cases: [{ name: "failures", path: () => "/secretariat/email-failures", expect: secretariatOnly() }],
  },

  // ── marketplace ──
  { pattern: "/needs", cases: [{ name: "board", path: () => "/needs", expect: signedIn(200) }] },
  { pattern: "/needs/mine", cases: [{ name: "my needs", path: () => "/needs/mine", expect: signedIn(200) }] },
  {
    pattern: "/needs/new",
    cases: [
      {
        name: "form",
        path: () => "/needs/new",
        // coalitions only (the unverified one too: its needs go to triage)
        expect: signedIn(403, {
          unverified: 200,
          unvettedExpert: 403,
          coalitionOwner: 200,
          coalitionOther: 200,
        }),
      },
    ],
  },
  {
    pattern: "/needs/:id",
    cases: [
      {
        name: "network need",
        path: (f) => `/needs/${f.needs.networkNeed.id}`,
        expect: signedIn(200, { unverified: 404 }),
      },
      {
        name: "secretariat-visibility need",
        path: (f) => `/needs/${f.needs.secretariatNeed.id}`,
        expect: signedIn(404, { coalitionOwner: 200, secretariat: 200 }),
      },
      {
        name: "draft need",
        path: (f) => `/needs/${f.needs.draftNeed.id}`,
        expect: signedIn(404, { coalitionOwner: 200 }),
      },
    ],
  },
  {
    pattern: "/needs/:id/edit",
    cases: [
      {
        name: "draft need",
        path: (f) => `/needs/${f.needs.draftNeed.id}/edit`,
        expect: signedIn("deny", { coalitionOwner: 200 }),
      },
    ],
  },
  {
    pattern: "/offers",
    cases: [
      {
        // The unvetted offer (marker) reaches its organisation and the secretariat only, marked.
        name: "board",
        path: () => "/offers",
        expect: signedIn(200),
        shows: [
          { text: (f) => `UNVETTED-OFFER-${f.tag}`, roles: ["unvettedExpert", "secretariat"] },
          { text: awaiting, roles: ["unvettedExpert", "secretariat"] },
          { text: (f) => f.offers.searchableOffer.title, roles: ["coalitionOther", "expertMatched"] },
        ],
      },
      {
        // Search (the search documents and their scope): the same words find the vetted offer only.
        name: "board searched for both offers' words",
        path: () => "/offers?q=quetzalcoatl",
        expect: signedIn(200),
        shows: [
          {
            text: (f) => f.offers.searchableOffer.title,
            roles: ["coalitionOwner", "coalitionOther", "expertMatched", "expertUnmatched", "secretariat"],
          },
          { text: (f) => `UNVETTED-OFFER-${f.tag}`, roles: ["unvettedExpert", "secretariat"] },
        ],
      },
    ],
  },
  {
    pattern: "/offers/mine",
    cases: [
      {
        name: "my offers",
        path: () => "/offers/mine",
        expect: signedIn(200),
        shows: [
          { text: (f) => `UNVETTED-OFFER-${f.tag}`, roles: ["unvettedExpert"] },
          { text: awaiting, roles: ["unvettedExpert"] },
        ],
      },
    ],
  },
  {
    pattern: "/offers/new",
    cases: [
      {
        // expert organisations, and coalitions publishing peer offers
        name: "form",
        path: () => "/offers/new",
        expect: signedIn(403, {
          unverified: 200,
          coalitionOwner: 200,
          coalitionOther: 200,
          expertMatched: 200,
          expertUnmatched: 200,
        }),
      },
    ],
  },
  {
    pattern: "/offers/:id",
    cases: [
      {
        name: "active offer",
        path: (f) => `/offers/${f.offers.offer.id}`,
        expect: signedIn(200, { unverified: 404 }),
      },
      {
        name: "an unverified expert organisation's active offer",
        path: (f) => `/offers/${f.offers.unvettedOffer.id}`,
        expect: signedIn(404, { unvettedExpert: 200, secretariat: 200 }),
        shows: [{ text: awaiting, roles: ["unvettedExpert", "secretariat"] }],
      },
    ],
  },
  {
    pattern: "/offers/:id/edit",
    cases: [
      {
        name: "own offer",
        path: (f) => `/offers/${f.offers.offer.id}/edit`,
        expect: signedIn("deny", { expertMatched: 200 }),
      },
    ],
  },
  {
    pattern: "/secretariat/triage",
    cases: [{ name: "queue", path: () => "/secretariat/triage", expect: secretariatOnly() }],
  },

  // ── review, engagements, insight ──
  {
    pattern: "/secretariat/review",
    cases: [{ name: "queue", path: () => "/secretariat/review", expect: secretariatOnly() }],
  },
  {
    pattern: "/proposals",
    cases: [
      {
        // expert organisations, and coalitions (on their peer offers); each sees only its own
        name: "expert's proposals",
        path: () => "/proposals",
        expect: signedIn(403, {
          unverified: 200,
          coalitionOwner: 200,
          coalitionOther: 200,
          expertMatched: 200,
          expertUnmatched: 200,
        }),
      },
    ],
  },
  {
    pattern: "/proposals/:id",
    cases: [
      // After acceptance: details and contacts (the network-need details marker is allowed for expertMatched).
      {
        name: "accepted proposal",
        path: (f) => `/proposals/${f.review.acceptedProposal.id}`,
        expect: signedIn(404, { expertMatched: 200 }),
      },
      // Before acceptance: summary only; the staged need's details marker must not reach expertMatched.
      {
        name: "approved proposal (staged disclosure)",
        path: (f) => `/proposals/${f.review.approvedProposal.id}`,
        expect: signedIn(404, { expertMatched: 200 }),
      },
    ],
  },
  {
    pattern: "/needs/:id/experts",
    cases: [
      {
        name: "accepted experts",
        path: (f) => `/needs/${f.needs.networkNeed.id}/experts`,
        expect: signedIn(404, { coalitionOwner: 200, secretariat: 200 }),
      },
    ],
  },
  {
    pattern: "/needs/:id/help",
    cases: [
      {
        // "We can help": organisations other than the need's with something to offer; the owner and the
        // secretariat have nothing to volunteer (403); a need the viewer may not see is a 404.
        name: "we can help on a network need",
        path: (f) => `/needs/${f.needs.networkNeed.id}/help`,
        expect: signedIn(403, {
          unverified: 404,
          coalitionOther: 200,
          expertMatched: 200,
          expertUnmatched: 200,
        }),
      },
      {
        name: "we can help on a secretariat-only need",
        path: (f) => `/needs/${f.needs.secretariatNeed.id}/help`,
        expect: signedIn(404, { coalitionOwner: 403, secretariat: 403 }),
      },
    ],
  },
  {
    pattern: "/offers/:id/ask",
    cases: [
      {
        // "Ask this expert": verified coalitions on an offer they may see; its own organisation and
        // everyone without a coalition 403; an offer the viewer may not see is a 404.
        name: "ask this expert",
        path: (f) => `/offers/${f.offers.offer.id}/ask`,
        expect: signedIn(403, { unverified: 404, coalitionOwner: 200, coalitionOther: 200 }),
      },
    ],
  },
  {
    pattern: "/organisations/:organisationId/exclusions",
    cases: [
      {
        // the coalition's admins only; the list is nobody else's business (404 outside the coalition)
        name: "coalition exclusions",
        path: (f) => `/organisations/${f.orgs.coalitionA.id}/exclusions`,
        expect: signedIn(404, { coalitionOwner: 200 }),
      },
    ],
  },
  {
    pattern: "/apply",
    cases: [{ name: "public application form", path: () => "/apply", expect: everyone(200) }],
  },
  {
    pattern: "/apply/answer/:token",
    cases: [{ name: "unknown answer link", path: () => `/apply/answer/${badToken}`, expect: everyone(404) }],
  },
  {
    pattern: "/secretariat/applications",
    cases: [{ name: "vetting queue", path: () => "/secretariat/applications", expect: secretariatOnly() }],
  },
  {
    pattern: "/secretariat/applications/:id",
    cases: [
      {
        name: "one application",
        path: (f) => `/secretariat/applications/${f.application.id}`,
        expect: secretariatOnly(),
      },
    ],
  },
  {
    pattern: "/secretariat/taxonomy",
    cases: [{ name: "taxonomy editing", path: () => "/secretariat/taxonomy", expect: secretariatOnly() }],
  },
  { pattern: "/engagements", cases: [{ name: "list", path: () => "/engagements", expect: signedIn(200) }] },
  {
    pattern: "/engagements/:id",
    cases: [
      {
        name: "workspace (feedback for the secretariat only)",
        path: (f) => `/engagements/${f.review.engagement.id}`,
        expect: signedIn(404, { coalitionOwner: 200, expertMatched: 200, secretariat: 200 }),
      },
      {
        name: "closing requested by the coalition: both sides and the secretariat see the request",
        path: (f) => `/engagements/${f.review.closingEngagement.id}`,
        expect: signedIn(404, { coalitionOwner: 200, expertMatched: 200, secretariat: 200 }),
        shows: [
          {
            text: () => 'data-testid="close-request"',
            roles: ["coalitionOwner", "expertMatched", "secretariat"],
          },
          { text: () => "Withdraw the request", roles: ["coalitionOwner"] },
          {
            text: () => 'data-testid="confirm-link-confirm_close"',
            roles: ["expertMatched", "secretariat"],
          },
        ],
      },
      {
        name: "confirming the close (a confirmation page without JavaScript): the other side and the secretariat",
        path: (f) => `/engagements/${f.review.closingEngagement.id}?confirm=confirm_close`,
        expect: signedIn(404, { coalitionOwner: 200, expertMatched: 200, secretariat: 200 }),
        shows: [
          {
            text: () => 'data-testid="confirm-panel-confirm_close"',
            roles: ["expertMatched", "secretariat"],
          },
        ],
      },
      {
        name: "declining the close (its confirmation page, with the note field)",
        path: (f) => `/engagements/${f.review.closingEngagement.id}?confirm=decline_close`,
        expect: signedIn(404, { coalitionOwner: 200, expertMatched: 200, secretariat: 200 }),
        shows: [{ text: () => 'id="decline-note"', roles: ["expertMatched", "secretariat"] }],
      },
    ],
  },
  // ── documents and conversations (issue 16): documents follow the need's details stage by stage ──
  {
    pattern: "/needs/:id/documents",
    cases: [
      {
        name: "network need (details: owner, accepted expert, secretariat)",
        path: (f) => `/needs/${f.needs.networkNeed.id}/documents`,
        expect: signedIn(403, { unverified: 404, coalitionOwner: 200, expertMatched: 200, secretariat: 200 }),
      },
      {
        name: "approved, not accepted (summary stage): the expert is refused",
        path: (f) => `/needs/${f.review.stagedNeed.id}/documents`,
        expect: signedIn(403, { unverified: 404, coalitionOwner: 200, secretariat: 200 }),
      },
      {
        name: "secretariat-visibility need",
        path: (f) => `/needs/${f.needs.secretariatNeed.id}/documents`,
        expect: signedIn(404, { coalitionOwner: 200, secretariat: 200 }),
      },
      {
        name: "draft need",
        path: (f) => `/needs/${f.needs.draftNeed.id}/documents`,
        expect: signedIn(404, { coalitionOwner: 200 }),
      },
    ],
  },
  {
    pattern: "/needs/:id/documents/:documentId",
    cases: [
      {
        name: "network need's document",
        path: (f) => `/needs/${f.needs.networkNeed.id}/documents/${f.conversations.docs.network.id}`,
        expect: signedIn("deny", { coalitionOwner: 200, expertMatched: 200, secretariat: 200 }),
      },
      {
        name: "staged need's document (expert before accepting)",
        path: (f) => `/needs/${f.review.stagedNeed.id}/documents/${f.conversations.docs.staged.id}`,
        expect: signedIn("deny", { coalitionOwner: 200, secretariat: 200 }),
      },
      {
        name: "draft need's document",
        path: (f) => `/needs/${f.needs.draftNeed.id}/documents/${f.conversations.docs.draft.id}`,
        expect: signedIn("deny", { coalitionOwner: 200 }),
      },
      {
        name: "another need's document through this need",
        path: (f) => `/needs/${f.needs.networkNeed.id}/documents/${f.conversations.docs.secretariat.id}`,
        expect: signedIn("deny"),
      },
    ],
  },
  {
    pattern: "/engagements/:id/documents",
    cases: [
      {
        name: "engagement's documents",
        path: (f) => `/engagements/${f.review.engagement.id}/documents`,
        expect: signedIn(404, { coalitionOwner: 200, expertMatched: 200, secretariat: 200 }),
      },
    ],
  },
  {
    pattern: "/engagements/:id/documents/:documentId",
    cases: [
      {
        name: "engagement's document",
        path: (f) => `/engagements/${f.review.engagement.id}/documents/${f.conversations.docs.engagement.id}`,
        expect: signedIn(404, { coalitionOwner: 200, expertMatched: 200, secretariat: 200 }),
      },
      {
        name: "a need's document through the engagement",
        path: (f) => `/engagements/${f.review.engagement.id}/documents/${f.conversations.docs.network.id}`,
        expect: signedIn(404),
      },
    ],
  },
  {
    pattern: "/engagements/:id/messages",
    cases: [
      {
        name: "to the engagement's thread",
        path: (f) => `/engagements/${f.review.engagement.id}/messages`,
        expect: signedIn(404, {
          coalitionOwner: "redirect",
          expertMatched: "redirect",
          secretariat: "redirect",
        }),
      },
    ],
  },
  {
    pattern: "/proposals/:id/questions",
    cases: [
      {
        name: "anonymised need's proposal with questions (coalition answers through the secretariat)",
        path: (f) => `/proposals/${f.review.approvedProposal.id}/questions`,
        expect: signedIn(404, { expertMatched: "redirect", secretariat: "redirect" }),
      },
      {
        name: "accepted proposal, no questions yet (need not anonymised)",
        path: (f) => `/proposals/${f.review.acceptedProposal.id}/questions`,
        expect: signedIn(404, { expertMatched: 200, coalitionOwner: 200, secretariat: 200 }),
      },
    ],
  },
  { pattern: "/inbox", cases: [{ name: "conversations", path: () => "/inbox", expect: signedIn(200) }] },
  {
    pattern: "/threads/:id",
    cases: [
      {
        name: "questions on an anonymised need (expert and secretariat only)",
        path: (f) => `/threads/${f.conversations.proposalThread.id}`,
        expect: signedIn(404, { expertMatched: 200, secretariat: 200 }),
      },
      {
        name: "engagement thread",
        path: (f) => `/threads/${f.conversations.thread.id}`,
        expect: signedIn(404, { coalitionOwner: 200, expertMatched: 200, secretariat: 200 }),
      },
    ],
  },
  {
    pattern: "/threads/:id/documents/:documentId",
    cases: [
      {
        name: "attachment",
        path: (f) => `/threads/${f.conversations.thread.id}/documents/${f.conversations.attachment.id}`,
        expect: signedIn(404, { coalitionOwner: 200, expertMatched: 200, secretariat: 200 }),
      },
      {
        name: "an engagement document through the thread",
        path: (f) => `/threads/${f.conversations.thread.id}/documents/${f.conversations.docs.engagement.id}`,
        expect: signedIn(404),
      },
    ],
  },
  {
    pattern: "/secretariat/insight",
    cases: [{ name: "dashboard", path: () => "/secretariat/insight?period=all", expect: secretariatOnly() }],
  },
  {
    pattern: "/secretariat/insight/export/:file",
    cases: [
      { name: "gap map CSV", path: () => "/secretariat/insight/export/gap.csv", expect: secretariatOnly() },
      {
        name: "unknown table",
        path: () => "/secretariat/insight/export/secrets.csv",
        expect: secretariatOnly({ secretariat: 404 }),
      },
    ],
  },

  // ── legislation tracker and impact report (issue 23) ──
  {
    pattern: "/legislation/:id",
    cases: [
      // Vetted members read the tracker; the linked secretariat-only need's title reaches its owner and
      // the secretariat only (marker).
      {
        name: "a bill on Mexico",
        path: (f) => `/legislation/${f.legislation.id}`,
        expect: signedIn(200, { unverified: 404 }),
      },
      { name: "unknown text", path: () => "/legislation/nope", expect: signedIn(404) },
    ],
  },
  {
    pattern: "/secretariat/legislation/new",
    cases: [
      {
        name: "record form",
        path: () => "/secretariat/legislation/new?country=MX",
        expect: secretariatOnly(),
      },
    ],
  },
  {
    pattern: "/secretariat/legislation/:id/edit",
    cases: [
      {
        name: "edit form",
        path: (f) => `/secretariat/legislation/${f.legislation.id}/edit`,
        expect: secretariatOnly(),
      },
      {
        name: "unknown text",
        path: () => "/secretariat/legislation/nope/edit",
        expect: secretariatOnly({ secretariat: 404 }),
      },
    ],
  },
  {
    pattern: "/impact",
    cases: [{ name: "public impact report", path: () => "/impact?by=country", expect: everyone(200) }],
  },
  {
    pattern: "/impact/export.csv",
    cases: [
      { name: "public impact CSV", path: () => "/impact/export.csv?by=country", expect: everyone(200) },
    ],
  },
  {
    pattern: "/secretariat/impact",
    cases: [
      {
        name: "complete impact report",
        path: () => "/secretariat/impact?by=country",
        expect: secretariatOnly(),
      },
    ],
  },
  {
    pattern: "/secretariat/impact/export.csv",
    cases: [
      {
        name: "complete impact CSV",
        path: () => "/secretariat/impact/export.csv",
        expect: secretariatOnly(),
      },
    ],
  },

  // ── country coordination ──
  {
    pattern: "/countries",
    cases: [
      {
        name: "countries with activity",
        path: () => "/countries?region=latin_america_caribbean",
        expect: signedIn(200),
      },
    ],
  },
  {
    pattern: "/countries/:code",
    cases: [
      // The secretariat-visibility activity marker reaches the owning coalition and the secretariat only.
      // The unvetted offer covers Mexico: on the page of its own organisation and the secretariat only.
      // The situation note and the rating history's notes: vetted members only (markers).
      {
        name: "Mexico",
        path: () => "/countries/MX",
        expect: signedIn(200),
        shows: [
          { text: (f) => `UNVETTED-OFFER-${f.tag}`, roles: ["unvettedExpert", "secretariat"] },
          { text: awaiting, roles: ["unvettedExpert", "secretariat"] },
          {
            text: (f) => `SITUATION-NOTE-${f.tag}`,
            roles: ["coalitionOther", "expertUnmatched", "secretariat"],
          },
          {
            text: (f) => `RATING-NOTE-${f.tag}`,
            roles: ["coalitionOther", "expertUnmatched", "secretariat"],
          },
        ],
      },
      { name: "unknown country", path: () => "/countries/ZZ", expect: signedIn(404) },
    ],
  },
  {
    pattern: "/countries/:code/activities/new",
    cases: [
      {
        name: "form",
        path: () => "/countries/MX/activities/new",
        expect: signedIn(200, { unverified: 403 }),
      },
    ],
  },
  {
    pattern: "/secretariat/countries/:code/rating",
    cases: [
      { name: "rating form", path: () => "/secretariat/countries/MX/rating", expect: secretariatOnly() },
    ],
  },
  {
    pattern: "/secretariat/calls",
    cases: [{ name: "calls", path: () => "/secretariat/calls", expect: secretariatOnly() }],
  },
  {
    pattern: "/secretariat/calls/new",
    cases: [
      { name: "schedule form", path: () => "/secretariat/calls/new?country=MX", expect: secretariatOnly() },
    ],
  },
  {
    pattern: "/calls/:id",
    cases: [
      // Invitees and the secretariat; the secretariat-only note marker reaches the secretariat only.
      {
        name: "call on Mexico",
        path: (f) => `/calls/${f.coordination.call.id}`,
        expect: signedIn(404, { coalitionOwner: 200, expertMatched: 200, secretariat: 200 }),
      },
      { name: "unknown call", path: () => "/calls/nope", expect: signedIn(404) },
    ],
  },
  {
    pattern: "/calls/:id/edit",
    cases: [
      {
        name: "edit form (the organiser's)",
        path: (f) => `/calls/${f.coordination.call.id}/edit`,
        expect: secretariatOnly(),
      },
    ],
  },
  {
    pattern: "/actions",
    cases: [{ name: "my actions", path: () => "/actions", expect: signedIn(200) }],
  },
  {
    pattern: "/settings/time-zone",
    cases: [{ name: "time zone", path: () => "/settings/time-zone?q=mexico", expect: signedIn(200) }],
  },
  {
    pattern: "/settings/calendar",
    cases: [{ name: "calendar feed", path: () => "/settings/calendar", expect: signedIn(200) }],
  },
  {
    pattern: "/rsvp/:token",
    cases: [
      // The signed link is the key (no session); a GET only shows the confirmation.
      { name: "valid link", path: (f) => `/rsvp/${f.coordination.rsvpToken}`, expect: everyone(200) },
      { name: "tampered link", path: () => `/rsvp/${badToken}.${badToken}`, expect: everyone(404) },
    ],
  },
  {
    pattern: "/guest/:token",
    cases: [
      // Whoever holds the link sees the guest view of that one call: only what is shared with guests
      // (the members-only and secretariat-only markers must not appear, whatever the role).
      { name: "guest link", path: (f) => `/guest/${f.coordination.guestToken}`, expect: everyone(200) },
      {
        name: "revoked guest link",
        path: (f) => `/guest/${f.coordination.revokedGuestToken}`,
        expect: everyone(410),
      },
      { name: "tampered guest link", path: () => `/guest/${badToken}.${badToken}`, expect: everyone(404) },
    ],
  },
  {
    pattern: "/calendar/:file",
    cases: [
      {
        name: "private feed",
        path: (f) => `/calendar/${f.coordination.feedToken}.ics`,
        expect: everyone(200),
      },
      { name: "unknown feed", path: () => `/calendar/${badToken}.ics`, expect: everyone(404) },
    ],
  },
  {
    pattern: "/calls/:id/invite.ics",
    cases: [
      {
        name: "calendar file",
        path: (f) => `/calls/${f.coordination.call.id}/invite.ics`,
        expect: signedIn(404, { coalitionOwner: 200, expertMatched: 200, secretariat: 200 }),
      },
    ],
  },

  // ── the learning exchange (issue 23) ──
  // Resources at each visibility level, published by expertY (verified; expertUnmatched is its member).
  // public: anyone, visitors too; network: verified members; trusted: members of trusted organisations
  // (expertMatched); secretariat: the 2FA-verified secretariat. The publisher always sees its own; nobody
  // else sees a draft; an unverified organisation's resource reaches only itself and the secretariat.
  { pattern: "/resources", cases: [{ name: "library", path: () => "/resources", expect: everyone(200) }] },
  {
    pattern: "/resources/mine",
    cases: [{ name: "our resources", path: () => "/resources/mine", expect: signedIn(200) }],
  },
  {
    pattern: "/resources/new",
    cases: [{ name: "form", path: () => "/resources/new", expect: signedIn(200) }],
  },
  {
    pattern: "/resources/links",
    cases: [
      { name: "GET goes to the library", path: () => "/resources/links", expect: everyone("redirect") },
    ],
  },
  {
    pattern: "/resources/:id",
    cases: [
      { name: "public", path: (f) => `/resources/${f.resources.resources.public.id}`, expect: everyone(200) },
      {
        name: "network",
        path: (f) => `/resources/${f.resources.resources.network.id}`,
        expect: { ...everyone(200), visitor: 404, guest: 404, unverified: 404, unvettedExpert: 404 },
      },
      {
        name: "trusted",
        path: (f) => `/resources/${f.resources.resources.trusted.id}`,
        expect: { ...everyone(404), expertMatched: 200, expertUnmatched: 200, secretariat: 200 },
      },
      {
        name: "secretariat",
        path: (f) => `/resources/${f.resources.resources.secretariat.id}`,
        expect: { ...everyone(404), expertUnmatched: 200, secretariat: 200 },
      },
      {
        name: "draft",
        path: (f) => `/resources/${f.resources.resources.draft.id}`,
        expect: { ...everyone(404), expertUnmatched: 200 },
      },
      {
        name: "unvetted publisher",
        path: (f) => `/resources/${f.resources.resources.unvetted.id}`,
        expect: { ...everyone(404), unverified: 200, secretariat: 200 },
      },
    ],
  },
  {
    pattern: "/resources/:id/edit",
    cases: [
      {
        name: "network resource",
        path: (f) => `/resources/${f.resources.resources.network.id}/edit`,
        expect: signedIn("deny", { expertUnmatched: 200 }),
      },
    ],
  },
  {
    pattern: "/resources/:id/documents",
    cases: [
      {
        name: "public resource",
        path: (f) => `/resources/${f.resources.resources.public.id}/documents`,
        expect: everyone(200),
      },
      {
        name: "trusted resource",
        path: (f) => `/resources/${f.resources.resources.trusted.id}/documents`,
        expect: { ...everyone(404), expertMatched: 200, expertUnmatched: 200, secretariat: 200 },
      },
    ],
  },
  {
    pattern: "/resources/:id/documents/:documentId",
    cases: [
      {
        name: "public resource's document",
        path: (f) =>
          `/resources/${f.resources.resources.public.id}/documents/${f.resources.documents.public.id}`,
        expect: everyone(200),
      },
      {
        name: "trusted resource's document",
        path: (f) =>
          `/resources/${f.resources.resources.trusted.id}/documents/${f.resources.documents.trusted.id}`,
        expect: { ...everyone(404), expertMatched: 200, expertUnmatched: 200, secretariat: 200 },
      },
      {
        name: "another resource's document",
        path: (f) =>
          `/resources/${f.resources.resources.public.id}/documents/${f.resources.documents.trusted.id}`,
        expect: everyone(404),
      },
    ],
  },
];

// ───────────── route enumeration ─────────────

type RouteNode = { path?: string; index?: boolean; file: string; children?: RouteNode[] };

/** Every addressable URL pattern of a route config: leaf routes and index routes, with full paths. */
export function flattenRoutes(nodes: RouteNode[], parent = ""): string[] {
  const out: string[] = [];
  for (const node of nodes) {
    const full = node.index
      ? parent
      : [parent, node.path ?? ""].filter(Boolean).join("/").replace(/\/+/g, "/");
    if (node.index) out.push(`/${full}`.replace(/\/$/, "") || "/");
    else if (node.children?.length) out.push(...flattenRoutes(node.children, full));
    else out.push(`/${full}`.replace(/\/$/, "") || "/");
  }
  return out;
}
