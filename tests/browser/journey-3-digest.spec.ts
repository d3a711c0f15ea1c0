// Journey 3 (issue 8): a weekly digest reaches an expert in the mail catcher, and its one-click unsubscribe
// link works. A Kenyan coalition posts a legal need and the secretariat opens it (through the forms); then the
// weekly digest run for the current ISO week is triggered the way the worker's cron does it — a `digest.run`
// outbox row written with the app's own `enqueue` (the relay hands it to BullMQ; the worker builds the flow
// and sends). The expert (Centre for Enabling Law, weekly digests) receives it; the link unsubscribes.
import { randomBytes } from "node:crypto";
import { isoWeekStart, isoWeek, periodKey } from "~/features/digest/services/period";
import { enqueue } from "~/utils/outbox.server";
import { expect, expectAccessible, screenshot, test } from "./support/fixtures";
import { linkPath, waitForMail } from "./support/mail";
import { signedInPage, signInSecretariat } from "./support/session";
import { closeE2eDb, e2eDb } from "./support/world";

test.afterAll(closeE2eDb);

const EXPERT = "ecnl@demo.puente.local";

test("a weekly digest reaches an expert and its unsubscribe link works", async ({
  browser,
  foreignRequests,
}) => {
  test.setTimeout(180_000);
  const tag = randomBytes(3).toString("hex");
  const title = `Review of the Public Benefit Organisations regulations ${tag}`;
  const details = `CONFIDENTIAL ${tag}: the draft regulations were leaked to us by a ministry official.`;

  // A new open need that fits the expert's offers (legal, Kenya, English).
  const coalition = await signedInPage(browser, "ke@demo.puente.local");
  await coalition.goto("/needs/new");
  await coalition.getByLabel("Title").fill(title);
  await coalition
    .getByLabel("Summary")
    .fill("Comparative review of the draft regulations against standards on freedom of association.");
  await coalition.getByLabel("Details").fill(details);
  await coalition.getByLabel("Outcome wanted").fill("A legal analysis for the parliamentary committee.");
  await coalition.getByLabel("Language this text is written in").selectOption("en");
  await coalition.getByLabel("Category").selectOption("legal");
  await coalition.getByLabel("Country", { exact: true }).selectOption("KE");
  await coalition
    .getByRole("group", { name: "Working languages" })
    .getByRole("checkbox", { name: "English", exact: true })
    .check();
  // the optional fields wait behind a disclosure
  await coalition.getByText("More about the need (optional)").click();
  await coalition.getByRole("checkbox", { name: "CSO registration and legal status" }).check();
  await coalition.getByLabel("Urgency").selectOption("normal");
  await coalition
    .getByLabel("Wanted by")
    .fill(new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10));
  await coalition.getByRole("button", { name: "Submit for triage" }).click();
  await expect(coalition.getByRole("heading", { level: 1 })).toHaveText(title);
  const needPath = new URL(coalition.url()).pathname;
  const sec = await signInSecretariat(browser);
  await sec.goto(needPath);
  await sec.getByRole("button", { name: "Open the need" }).click();
  await expect(sec.getByText("The triage decision was recorded.")).toBeVisible();

  // Trigger the weekly run for the current ISO week, as the cron schedule would for a finished week.
  const { year, week } = isoWeek(new Date());
  const period = periodKey("weekly", isoWeekStart(year, week));
  await e2eDb().$transaction((tx) => enqueue(tx, "digest.run", { frequency: "weekly", period }));

  // The digest arrives: it names the need and links back, without the confidential details.
  const mail = await waitForMail(EXPERT, /new this week/, 60_000);
  expect(mail.text).toContain(title);
  expect(mail.text).not.toContain(details);
  expect(`${mail.text}${mail.html}`).not.toContain(`CONFIDENTIAL ${tag}`);
  const unsubscribePath = linkPath(mail.links, /\/unsubscribe\//);

  // The production build has no mailbox page (it would hand reset links to anyone: issue 15).
  const visitor = await (await browser.newContext({ locale: "en-GB" })).newPage();
  expect((await visitor.goto("/dev/mailbox"))?.status()).toBe(404);

  // One click (a confirmation form that works without JavaScript) unsubscribes, without signing in.
  await visitor.goto(unsubscribePath);
  await expect(visitor.getByRole("heading", { level: 1 })).toHaveText("Unsubscribe");
  await expect(
    visitor.getByText("Stop receiving Puente digests and urgent alerts at this address?"),
  ).toBeVisible();
  await expectAccessible(visitor, "unsubscribe");
  await visitor.getByRole("button", { name: "Unsubscribe" }).click();
  await expect(visitor.getByRole("status")).toHaveText(/You will no longer receive digests or urgent alerts/);
  await screenshot(visitor, `journey3-unsubscribed-${test.info().project.name}`);

  // The expert's settings now say "Off".
  const expert = await signedInPage(browser, EXPERT);
  await expert.goto("/settings/notifications");
  await expect(expert.getByRole("radio", { name: "Off" })).toBeChecked();
  await expectAccessible(expert, "notification settings");
  expect(foreignRequests).toEqual([]);
});
