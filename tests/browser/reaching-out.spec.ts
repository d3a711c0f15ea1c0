// Reaching out (issue 17), through the app's own forms, with and without JavaScript (@nojs):
// 1. an expert organisation volunteers a fresh offer for an open need ("We can help"), the secretariat
//    approves the volunteered proposal, and the expert sees it among its proposals;
// 2. a coalition asks for an offer for one of its open needs ("Ask this expert"), the secretariat approves
//    the requested proposal, and the expert accepts it;
// 3. an organisation applies to join (public form), the secretariat completes the checklist and approves,
//    and the invitation email arrives in the mail catcher.
// Each project (js, no-js) publishes its own offer and applies under its own name, so the runs do not meet.
import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { expect, expectAccessible, screenshot, test } from "./support/fixtures";
import { linkPath, waitForMail } from "./support/mail";
import { signedInPage, signInSecretariat } from "./support/session";
import { EXPERT_WITH_ROOM, publishLegalOffer } from "./support/steps";
import { closeE2eDb, e2eDb } from "./support/world";

test.afterAll(closeE2eDb);

const tagOf = () => `${test.info().project.name}-${randomBytes(3).toString("hex")}`;

/**
 * The offer just published, once the worker's match run for it has finished: from then on nothing else
 * proposes this offer in the background, so a pair we choose stays free.
 */
async function settledOffer(title: string) {
  const offer = await e2eDb().offer.findFirstOrThrow({ where: { title }, select: { id: true } });
  const deadline = Date.now() + 90_000;
  for (;;) {
    const run = await e2eDb().matchRun.findFirst({
      where: { offerId: offer.id, finishedAt: { not: null } },
      select: { id: true },
    });
    if (run) return offer.id;
    if (Date.now() > deadline) throw new Error(`no finished match run for offer ${offer.id}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Accepts the proposal on the expert's page (the two undertakings, then Accept). */
async function accept(expert: Page) {
  await expert
    .getByRole("checkbox", { name: "We confirm that we have no conflict of interest with this need." })
    .check();
  await expert
    .getByRole("checkbox", { name: /We undertake to keep the details and contacts confidential/ })
    .check();
  await expert.getByRole("button", { name: "Accept", exact: true }).click();
  await expect(
    expert.getByText("Thank you: you accepted. The details and contacts are now open to you."),
  ).toBeVisible();
}

test("an expert volunteers for a need; the secretariat approves it @nojs", async ({
  browser,
  foreignRequests,
}) => {
  test.setTimeout(240_000);
  const tag = tagOf();
  const offerTitle = `Emergency legal opinions ${tag}`;
  const expert = await signedInPage(browser, EXPERT_WITH_ROOM.email);
  await publishLegalOffer(expert, offerTitle);
  const offerId = await settledOffer(offerTitle);

  // An open legal need in Spanish or English, without a proposal for this offer; the help page says
  // whether the offer fits it (the matcher's own filters), so the first one where it fits is ours.
  const needs = await e2eDb().need.findMany({
    where: {
      status: { in: ["open", "matching"] },
      categoryId: "legal",
      languages: { hasSome: ["es", "en"] },
      proposals: { none: { offerId } },
    },
    orderBy: { id: "asc" },
    select: { id: true, title: true },
    take: 15,
  });
  let chosen: { id: string; title: string } | null = null;
  for (const need of needs) {
    const response = await expert.goto(`/needs/${need.id}/help`);
    if (!response?.ok()) continue;
    if (await expert.getByRole("radio", { name: offerTitle }).isEnabled()) {
      chosen = need;
      break;
    }
  }
  expect(chosen, "an open need this offer fits").not.toBeNull();
  const need = chosen!;
  await expect(expert.getByRole("heading", { level: 1, name: "We can help" })).toBeVisible();
  await expectAccessible(expert, "we can help (expert)");
  await screenshot(expert, `reach-volunteer-${test.info().project.name}`);
  await expert.getByRole("radio", { name: offerTitle }).check();
  await expert.getByRole("button", { name: "Offer our help" }).click();
  await expect(
    expert.getByText("Thank you: your offer of help is in the secretariat's review queue."),
  ).toBeVisible();
  const yours = expert.getByRole("region", { name: "Your organisation's proposals on this need" });
  await expect(yours.getByText(offerTitle)).toBeVisible();

  // The secretariat finds it in the review queue, marked as volunteered, and approves it.
  const sec = await signInSecretariat(browser);
  await sec.goto(`/secretariat/review?need=${need.id}&source=volunteered`);
  const row = sec.getByRole("row").filter({ hasText: offerTitle });
  await expect(row).toHaveCount(1);
  await expect(row.getByText("volunteered by the expert")).toBeVisible();
  await expectAccessible(sec, "review queue (volunteered)");
  await row.getByRole("button", { name: `Approve ${EXPERT_WITH_ROOM.name}`, exact: true }).click();
  await expect(sec.getByText("Proposal approved: the expert organisation has been told.")).toBeVisible();
  const proposal = await e2eDb().proposal.findUniqueOrThrow({
    where: { needId_offerId: { needId: need.id, offerId } },
    select: { status: true, source: true },
  });
  expect(proposal).toEqual({ status: "approved", source: "volunteered" });

  // The expert now finds it among its proposals.
  await expert.goto("/proposals");
  await expect(expert.getByRole("link", { name: need.title, exact: true }).first()).toBeVisible();
  expect(foreignRequests).toEqual([]);
});

test("a coalition asks for an offer; the secretariat approves; the expert accepts @nojs", async ({
  browser,
  foreignRequests,
}) => {
  test.setTimeout(240_000);
  const tag = tagOf();
  const offerTitle = `Legal strategy on foreign-agent laws ${tag}`;
  const expert = await signedInPage(browser, EXPERT_WITH_ROOM.email);
  await publishLegalOffer(expert, offerTitle, ["Foreign funding restrictions"]);
  const offerId = await settledOffer(offerTitle);

  // The Mexican coalition (Spanish interface) asks for it for one of its open needs the offer fits.
  const coalition = await signedInPage(browser, "mx@demo.puente.local");
  await coalition.goto(`/offers/${offerId}/ask`);
  await expect(coalition.getByRole("heading", { level: 1 })).toHaveText("Pedir a este experto");
  const fitting = coalition.locator('input[name="needId"]:not([disabled])');
  expect(await fitting.count(), "an open need of the coalition that the offer fits").toBeGreaterThan(0);
  const needId = (await fitting.first().getAttribute("value"))!;
  await fitting.first().check();
  await expectAccessible(coalition, "ask this expert (coalition, es)");
  await screenshot(coalition, `reach-ask-${test.info().project.name}`);
  await coalition.getByRole("button", { name: "Pedir esta oferta" }).click();
  await expect(
    coalition.getByText("Su solicitud está en la cola de revisión de la secretaría."),
  ).toBeVisible();
  const need = await e2eDb().need.findUniqueOrThrow({ where: { id: needId }, select: { title: true } });
  await expect(coalition.getByRole("link", { name: need.title, exact: true })).toBeVisible();

  // The secretariat approves the requested proposal.
  const sec = await signInSecretariat(browser);
  await sec.goto(`/secretariat/review?need=${needId}&source=requested`);
  const row = sec.getByRole("row").filter({ hasText: offerTitle });
  await expect(row).toHaveCount(1);
  await row.getByRole("button", { name: `Approve ${EXPERT_WITH_ROOM.name}`, exact: true }).click();
  await expect(sec.getByText("Proposal approved: the expert organisation has been told.")).toBeVisible();

  // The expert opens it from its proposals and accepts.
  const proposal = await e2eDb().proposal.findUniqueOrThrow({
    where: { needId_offerId: { needId, offerId } },
    select: { id: true, source: true },
  });
  expect(proposal.source).toBe("requested");
  await expert.goto("/proposals");
  await expect(expert.getByRole("link", { name: need.title, exact: true }).first()).toBeVisible();
  await expert.goto(`/proposals/${proposal.id}`);
  await expect(expert.getByRole("heading", { level: 1 })).toHaveText(need.title);
  await accept(expert);
  const after = await e2eDb().proposal.findUniqueOrThrow({
    where: { id: proposal.id },
    select: { status: true },
  });
  expect(after.status).toBe("accepted");
  expect(foreignRequests).toEqual([]);
});

test("an organisation applies; the secretariat approves; the invitation arrives @nojs", async ({
  browser,
  foreignRequests,
}) => {
  test.setTimeout(180_000);
  const tag = tagOf();
  const name = `Observatorio Cívico ${tag}`;
  const email = `apply-${tag}@example.org`;

  // The public form, signed out.
  const context = await browser.newContext({ locale: "en-GB" });
  const applicant = await context.newPage();
  await applicant.goto("/apply");
  await applicant.getByLabel("We are").selectOption("coalition");
  await applicant.getByLabel("Organisation name").fill(name);
  await applicant.getByLabel("Country", { exact: true }).selectOption("HN");
  await applicant
    .getByLabel("Mission")
    .fill("We coordinate Honduran civil-society organisations facing registration restrictions.");
  await applicant.getByLabel("References").fill("Known to the Guatemalan coalition since 2022.");
  await applicant.getByLabel("Contact person").fill("Ana");
  await applicant.getByLabel("Contact email").fill(email);
  await expectAccessible(applicant, "apply to join");
  await applicant.getByRole("button", { name: "Send the application" }).click();
  await expect(
    applicant.getByText("Thank you. The secretariat will read your application and write to you."),
  ).toBeVisible();
  await context.close();

  // The secretariat vets it: the checklist, then approval.
  const sec = await signInSecretariat(browser);
  await sec.goto("/secretariat/applications");
  await sec.getByRole("link", { name, exact: true }).click();
  await expect(sec.getByRole("heading", { level: 1 })).toContainText(name);
  await expectAccessible(sec, "application (secretariat)");
  for (const check of [
    "Mission fits the network",
    "References checked",
    "Risk to the applicant assessed",
    "No conflict of interest",
  ])
    await sec.getByRole("checkbox", { name: check }).check();
  await sec.getByRole("button", { name: "Save the checklist" }).click();
  await expect(sec.getByText("Checklist saved.")).toBeVisible();
  await sec.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(sec.getByText("Approved: the organisation exists and its contact is invited.")).toBeVisible();
  await screenshot(sec, `reach-application-approved-${test.info().project.name}`);

  // The invitation is in the mail catcher, with a link to accept it.
  const mail = await waitForMail(email, new RegExp(`invites you to join ${name}`));
  expect(linkPath(mail.links, /\/invitations?\//)).toMatch(/^\/invitations?\//);
  const org = await e2eDb().organisation.findFirstOrThrow({
    where: { name },
    select: { kind: true, vettingLevel: true, revetDueAt: true },
  });
  expect(org.kind).toBe("COALITION");
  expect(org.vettingLevel).toBe("verified");
  expect(org.revetDueAt).not.toBeNull();
  expect(foreignRequests).toEqual([]);
});
