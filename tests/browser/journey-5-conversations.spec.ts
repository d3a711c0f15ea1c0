// Journey 5 (issue 16): questions before accepting, then working inside the engagement. On a demo need
// in matching with a proposal the secretariat approved: the expert asks a question before answering; the
// coalition sees the unread count in the header, answers in the thread; the expert reads the answer and
// accepts; the coalition confirms; inside the engagement both exchange messages and a document (the
// uploader is told what was removed; the other side downloads it through the authorised route).
// Tagged @nojs: every step is a plain form (multipart uploads included); with JavaScript the upload
// shows its progress. Each project takes its own approved proposal, so the two runs do not meet.
import { randomBytes } from "node:crypto";
import { expect, expectAccessible, screenshot, test } from "./support/fixtures";
import { signedInPage } from "./support/session";
import { closeE2eDb, demoAdminFor, e2eDb } from "./support/world";

test.afterAll(closeE2eDb);

test("expert asks before accepting, coalition answers, expert accepts, both exchange messages and a document @nojs", async ({
  browser,
  foreignRequests,
}) => {
  test.setTimeout(480_000); // a loaded shared machine took 4 minutes for the whole journey
  const project = test.info().project.name;
  const tag = `${project}-${randomBytes(3).toString("hex")}`;
  // A seeded approved proposal on a need that is not anonymised, one per project, with no conversation
  // yet. Seeded only: proposals other journeys approve (reaching-out) have cuid ids that sort first and
  // would shift the choice; without a thread: a run of the other project may have asked on one already.
  const candidates = await e2eDb().proposal.findMany({
    where: {
      id: { startsWith: "seed-" },
      status: "approved",
      thread: { is: null },
      need: { anonymised: false, status: "matching" },
    },
    orderBy: { id: "asc" },
    select: {
      id: true,
      needId: true,
      expertOrganisation: { select: { name: true } },
      need: { select: { title: true, organisation: { select: { name: true } } } },
    },
  });
  const proposal = candidates[project === "js" ? 0 : 1];
  expect(proposal, "an approved proposal for this project").toBeTruthy();
  const expertLogin = demoAdminFor(proposal.expertOrganisation.name)!;
  const coalitionLogin = demoAdminFor(proposal.need.organisation.name)!;

  // 1. The expert asks a question before answering.
  const expert = await signedInPage(browser, expertLogin.email);
  await expert.goto(`/proposals/${proposal.id}`);
  await expert.locator(`a[href="/proposals/${proposal.id}/questions"]`).click();
  await expect(expert.locator("#question-body")).toBeVisible();
  await expectAccessible(expert, "questions before accepting (expert)");
  await expert.locator("#question-body").fill(`Which article worries you most? (${tag})`);
  await expert.locator("form button[type=submit]").last().click();
  await expect(expert).toHaveURL(/\/threads\/[^/?]+/);
  const threadPath = new URL(expert.url()).pathname;
  await expect(expert.getByText(`Which article worries you most? (${tag})`)).toBeVisible();
  await screenshot(expert, `journey5-question-${project}`);

  // 2. The coalition sees the unread count in the header, opens its inbox and answers in the thread.
  const coalition = await signedInPage(browser, coalitionLogin.email);
  await expect(coalition.getByTestId("inbox-link")).toContainText("1");
  await coalition.getByTestId("inbox-link").click();
  await expect(coalition.getByTestId("unread-count").first()).toBeVisible();
  await expectAccessible(coalition, "inbox (coalition)");
  await screenshot(coalition, `journey5-inbox-${project}`);
  await coalition.goto(threadPath);
  await expect(coalition.getByText(`Which article worries you most? (${tag})`)).toBeVisible();
  await coalition.locator("#message-body").fill(`Article 12, on foreign funding (${tag}).`);
  await coalition
    .locator("#message-body")
    .locator("xpath=ancestor::form")
    .locator("button[type=submit]")
    .click();
  await expect(coalition.getByText(`Article 12, on foreign funding (${tag}).`)).toBeVisible();
  await expectAccessible(coalition, "thread (coalition)");

  // 3. The expert reads the answer and accepts.
  await expert.goto(threadPath);
  await expect(expert.getByText(`Article 12, on foreign funding (${tag}).`)).toBeVisible();
  await expert.goto(`/proposals/${proposal.id}`);
  await expect(expert.getByTestId("proposal-thread")).toBeVisible();
  await expert.locator("#conflictConfirmed").check();
  await expert.locator("#confidentialityAccepted").check();
  await expert.locator("form:has(input[name=intent][value=accept]) button[type=submit]").click();
  await expect(expert.locator(`a[href="/needs/${proposal.needId}/documents"]`)).toBeVisible();

  // 4. The coalition confirms the expert: the engagement starts.
  await coalition.goto(`/needs/${proposal.needId}/experts`);
  await coalition
    .locator(
      `form:has(input[name=intent][value=confirm]):has(input[value="${proposal.id}"]) button[type=submit]`,
    )
    .click();
  await expect(coalition).toHaveURL(/\/engagements\/[^/?]+/);
  const engagementPath = new URL(coalition.url()).pathname;

  // 5. Inside the engagement: the coalition sends a message with a document; metadata is reported.
  await coalition.getByTestId("engagement-messages").click();
  await expect(coalition).toHaveURL(/\/threads\//);
  await coalition.locator("#message-body").fill(`Here is the draft law (${tag}).`);
  await coalition.locator("#message-file").setInputFiles({
    name: `draft-law-${tag}.txt`,
    mimeType: "text/plain",
    buffer: Buffer.from(`Article 12. Organisations receiving foreign funds shall register (${tag}).\n`),
  });
  await coalition
    .locator("#message-body")
    .locator("xpath=ancestor::form")
    .locator("button[type=submit]")
    .click();
  await expect(coalition.getByTestId("upload-report")).toBeVisible();
  await expect(coalition.getByText(`Here is the draft law (${tag}).`)).toBeVisible();
  await expectAccessible(coalition, "engagement thread after an upload (coalition)");
  await screenshot(coalition, `journey5-engagement-thread-${project}`);

  // 6. The expert reads it, downloads the document through the authorised route, and replies with one.
  await expert.goto(engagementPath);
  await expert.getByTestId("engagement-messages").click();
  await expect(expert.getByText(`Here is the draft law (${tag}).`)).toBeVisible();
  const link = expert.getByRole("link", { name: `draft-law-${tag}.txt` });
  const href = await link.getAttribute("href");
  expect(href).toMatch(/^\/threads\/[^/]+\/documents\/[^/]+$/);
  const download = await expert.request.get(href!);
  expect(download.status()).toBe(200);
  expect(download.headers()["content-disposition"]).toMatch(/^attachment;/);
  expect(download.headers()["x-content-type-options"]).toBe("nosniff");
  expect(await download.text()).toContain(`(${tag})`);
  await expert.locator("#message-body").fill(`Thanks, our memo is attached (${tag}).`);
  await expert.locator("#message-file").setInputFiles({
    name: `memo-${tag}.csv`,
    mimeType: "text/csv",
    buffer: Buffer.from(`article,risk\n12,high\n`),
  });
  await expert
    .locator("#message-body")
    .locator("xpath=ancestor::form")
    .locator("button[type=submit]")
    .click();
  await expect(expert.getByTestId("upload-report")).toBeVisible();
  await screenshot(expert, `journey5-engagement-thread-expert-${project}`);

  await coalition.reload();
  await expect(coalition.getByText(`Thanks, our memo is attached (${tag}).`)).toBeVisible();
  await expect(coalition.getByRole("link", { name: `memo-${tag}.csv` })).toBeVisible();
  // Phone width.
  await coalition.setViewportSize({ width: 375, height: 800 });
  await screenshot(coalition, `journey5-engagement-thread-375-${project}`);
  expect(foreignRequests).toEqual([]);
});
