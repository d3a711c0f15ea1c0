// Every main page, in every role (visitor, coalition member, expert member, secretariat): axe-core finds no
// serious or critical violation, the page makes no request to any other host (the `foreignRequests` fixture
// records every request of the page and fails on another host), it answers without an error, and a
// screenshot is saved (tests/artifacts/screenshots/a11y-<role>-<page>.png). Each role's pages are checked in
// one test and every failure is collected, so one run reports them all.
import type { Page } from "@playwright/test";
import { expect, screenshot, seriousViolations, test } from "./support/fixtures";
import { SECRETARIAT, useSessionOf } from "./support/session";
import { closeE2eDb, e2eDb } from "./support/world";

test.afterAll(closeE2eDb);

async function checkPages(
  page: Page,
  role: string,
  paths: Array<[string, string]>,
  expectedStatus = (_: string) => 200,
) {
  const problems: string[] = [];
  for (const [name, path] of paths) {
    const response = await page.goto(path);
    const status = response?.status() ?? 0;
    if (status !== expectedStatus(path)) problems.push(`${path}: HTTP ${status}`);
    for (const violation of await seriousViolations(page)) problems.push(`${path}: ${violation}`);
    await screenshot(page, `a11y-${role}-${name}`);
  }
  expect(problems, `${role}: pages with problems`).toEqual([]);
}

async function ids() {
  const db = e2eDb();
  const mxNeed = await db.need.findFirstOrThrow({
    where: { organisationId: "seed-org-mx", status: { in: ["open", "matching", "engaged"] } },
    select: { id: true },
  });
  const mxEngagement = await db.engagement.findFirstOrThrow({
    where: { coalitionOrganisationId: "seed-org-mx" },
    select: { id: true },
  });
  const ecnlOffer = await db.offer.findFirstOrThrow({
    where: { organisationId: "seed-org-ecnl", status: "active" },
    select: { id: true },
  });
  const ecnlProposal = await db.proposal.findFirst({
    where: { expertOrganisationId: "seed-org-ecnl", status: { in: ["approved", "accepted", "confirmed"] } },
    select: { id: true },
  });
  const ecnlEngagement = await db.engagement.findFirstOrThrow({
    where: { expertOrganisationId: "seed-org-ecnl" },
    select: { id: true },
  });
  const call = await db.coordinationCall.findFirst({ select: { id: true } });
  return {
    mxNeed: mxNeed.id,
    mxEngagement: mxEngagement.id,
    ecnlOffer: ecnlOffer.id,
    ecnlProposal: ecnlProposal?.id,
    ecnlEngagement: ecnlEngagement.id,
    call: call?.id as string | undefined,
  };
}

test("visitor pages are accessible and load nothing from elsewhere", async ({ page, foreignRequests }) => {
  await page.context().setExtraHTTPHeaders({ "Accept-Language": "en" });
  await checkPages(
    page,
    "visitor",
    [
      ["landing", "/"],
      ["login", "/login"],
      ["forgot-password", "/forgot-password"],
      ["invalid-invitation", "/invitations/not-a-real-token"],
      ["not-found", "/no-such-page"],
    ],
    (path) => (path.startsWith("/invitations/") ? 410 : path === "/no-such-page" ? 404 : 200),
  );
  expect(foreignRequests).toEqual([]);
});

test("coalition member pages are accessible and load nothing from elsewhere", async ({
  page,
  foreignRequests,
}) => {
  test.setTimeout(240_000);
  const id = await ids();
  await useSessionOf(page, "mx.2@demo.puente.local");
  await checkPages(page, "coalition", [
    ["needs", "/needs"],
    ["needs-mine", "/needs/mine"],
    ["need-new", "/needs/new"],
    ["need", `/needs/${id.mxNeed}`],
    ["need-edit", `/needs/${id.mxNeed}/edit`],
    ["need-experts", `/needs/${id.mxNeed}/experts`],
    ["offers", "/offers"],
    ["offer", `/offers/${id.ecnlOffer}`],
    ["engagements", "/engagements"],
    ["engagement", `/engagements/${id.mxEngagement}`],
    ["countries", "/countries"],
    ["country", "/countries/MX"],
    ["organisation", "/organisations/seed-org-mx"],
    ["members", "/organisations/seed-org-mx/members"],
    ["settings", "/settings"],
    ["settings-password", "/settings/password"],
    ["settings-sessions", "/settings/sessions"],
    ["settings-two-factor", "/settings/two-factor"],
    ["settings-data", "/settings/data"],
    ["settings-notifications", "/settings/notifications"],
  ]);
  expect(foreignRequests).toEqual([]);
});

test("expert member pages are accessible and load nothing from elsewhere", async ({
  page,
  foreignRequests,
}) => {
  test.setTimeout(240_000);
  const id = await ids();
  await useSessionOf(page, "ecnl@demo.puente.local");
  await checkPages(page, "expert", [
    ["needs", "/needs"],
    ["offers", "/offers"],
    ["offers-mine", "/offers/mine"],
    ["offer-new", "/offers/new"],
    ["offer", `/offers/${id.ecnlOffer}`],
    ["offer-edit", `/offers/${id.ecnlOffer}/edit`],
    ["proposals", "/proposals"],
    ...(id.ecnlProposal ? ([["proposal", `/proposals/${id.ecnlProposal}`]] as Array<[string, string]>) : []),
    ["engagements", "/engagements"],
    ["engagement", `/engagements/${id.ecnlEngagement}`],
    ["countries", "/countries"],
    ["organisation", "/organisations/seed-org-ecnl"],
    ["settings-notifications", "/settings/notifications"],
  ]);
  expect(foreignRequests).toEqual([]);
});

test("secretariat pages are accessible and load nothing from elsewhere", async ({
  page,
  foreignRequests,
}) => {
  test.setTimeout(300_000);
  const id = await ids();
  await useSessionOf(page, SECRETARIAT);
  await checkPages(page, "secretariat", [
    ["organisations", "/secretariat/organisations"],
    ["organisation-new", "/secretariat/organisations/new"],
    ["organisation-vetting", "/secretariat/organisations/seed-org-rs"],
    ["triage", "/secretariat/triage"],
    ["review", "/secretariat/review"],
    ["need", `/needs/${id.mxNeed}`],
    ["engagements", "/engagements"],
    ["engagement", `/engagements/${id.mxEngagement}`],
    ["insight", "/secretariat/insight"],
    ["audit", "/secretariat/audit"],
    ["email-failures", "/secretariat/email-failures"],
    ["operations", "/secretariat/operations"],
    ["operations-failed", "/secretariat/operations/email"],
    ["calls", "/secretariat/calls"],
    ["call-new", "/secretariat/calls/new"],
    ...(id.call ? ([["call", `/calls/${id.call}`]] as Array<[string, string]>) : []),
    ["countries", "/countries"],
    ["country", "/countries/MX"],
    ["country-rating", "/secretariat/countries/MX/rating"],
  ]);
  expect(foreignRequests).toEqual([]);
});
