// Journey 1 (issue 8): the secretariat invites an expert organisation; its first administrator accepts the
// emailed invitation, sets a password, sets up two-step verification, completes the profile and publishes an
// offer; the secretariat verifies the organisation. Real forms, real email (the SMTP catcher), real worker.
import { randomBytes } from "node:crypto";
import { generate } from "otplib";
import { expect, expectAccessible, screenshot, test } from "./support/fixtures";
import { linkPath, waitForMail } from "./support/mail";
import { signInSecretariat } from "./support/session";

test("the secretariat invites an expert organisation, its admin onboards and publishes an offer, the secretariat verifies it", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const tag = randomBytes(3).toString("hex");
  const orgName = `Red de Abogadas E2E ${tag}`;
  const adminEmail = `admin-${tag}@expert.e2e.test`;
  const offerTitle = `Legal review of association laws ${tag}`;

  // 1. The secretariat invites the organisation.
  const sec = await signInSecretariat(browser);
  await sec.goto("/secretariat/organisations/new");
  await expect(sec.getByRole("heading", { level: 1 })).toHaveText("Invite a new organisation");
  await sec.getByLabel("Kind of organisation").selectOption({ label: "Expert organisation" });
  await sec.getByLabel("Name of the organisation").fill(orgName);
  await sec.getByLabel("Country (coalitions)").selectOption("");
  await sec.getByLabel("Email of its first administrator").fill(adminEmail);
  await expectAccessible(sec, "invite an organisation");
  await sec.getByRole("button", { name: "Send the invitation" }).click();
  await expect(sec.getByRole("heading", { level: 1 })).toHaveText(orgName);
  await expect(
    sec.getByText("The organisation was created and its first administrator invited."),
  ).toBeVisible();
  const vettingUrl = new URL(sec.url()).pathname;
  expect(vettingUrl).toMatch(/^\/secretariat\/organisations\/[^/]+$/);

  // 2. The invitation reaches the admin (through the worker and SMTP); they accept and choose a password.
  const mail = await waitForMail(adminEmail, /./, 45_000);
  const invitePath = linkPath(mail.links, /\/invitations\//);
  const adminContext = await browser.newContext({ locale: "en-GB" });
  const admin = await adminContext.newPage();
  await admin.goto(invitePath);
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText(`Join ${orgName} on Puente`);
  await admin.getByLabel("Your name").fill(`Ana Rivera ${tag}`);
  await admin.getByLabel("New password").fill("quiet river lantern 2026 orchard");
  await admin.getByLabel("Repeat the password").fill("quiet river lantern 2026 orchard");
  await expectAccessible(admin, "accept invitation");
  await admin.getByRole("button", { name: "Create my account and join" }).click();
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText(orgName);
  await expect(admin.getByText(`Welcome to ${orgName}.`)).toBeVisible();
  const profileUrl = new URL(admin.url()).pathname;

  // 3. Two-step verification: read the key shown for manual entry, answer with a code from it.
  await admin.goto("/settings/two-factor");
  await admin.getByRole("button", { name: "Set up two-step verification" }).click();
  await expect(
    admin.getByRole("img", { name: "QR code to add Puente to your authenticator app" }),
  ).toBeVisible();
  const secret = (await admin.locator("code").first().textContent())!.trim();
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  await expectAccessible(admin, "two-factor setup");
  await admin.getByLabel("Code from your authenticator app").fill(await generate({ secret }));
  await admin.getByRole("button", { name: "Turn on two-step verification" }).click();
  await expect(admin.getByRole("heading", { name: "Your recovery codes" })).toBeVisible();
  await screenshot(admin, `journey1-recovery-codes-${test.info().project.name}`);

  // 4. The admin completes the profile.
  await admin.goto(profileUrl);
  await admin.getByRole("checkbox", { name: "Worldwide" }).check();
  await admin.getByLabel("Working languages").selectOption(["en", "es"]);
  await admin
    .getByLabel("Description")
    .fill("Pro bono lawyers on freedom of association and foreign-funding laws.");
  await admin.getByLabel("Website").fill("https://example.org");
  await expectAccessible(admin, "organisation profile (admin)");
  await admin.getByRole("button", { name: "Save", exact: true }).click();
  await expect(admin.getByText("The profile was saved.")).toBeVisible();

  // 5. The admin publishes an offer.
  await admin.goto("/offers/new");
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText("Publish an offer");
  await admin.getByLabel("Title").fill(offerTitle);
  await admin
    .getByLabel("Description")
    .fill("Comparative analysis of draft laws on associations, with recommended amendments.");
  await admin.getByLabel("Language this text is written in").selectOption("en");
  await admin.getByRole("group", { name: "Categories" }).getByRole("checkbox", { name: "Legal" }).check();
  await admin.getByRole("checkbox", { name: "CSO registration and legal status" }).check();
  await admin.getByRole("checkbox", { name: "Global: we can help in any country" }).check();
  const languages = admin.getByRole("group", { name: "Working languages" });
  await languages.getByRole("checkbox", { name: "English", exact: true }).check();
  await languages.getByRole("checkbox", { name: "Spanish", exact: true }).check();
  await admin.getByLabel("Hours per month").fill("20");
  await admin.getByLabel("Maximum concurrent engagements").fill("2");
  await expectAccessible(admin, "new offer");
  await admin.getByRole("button", { name: "Save and activate" }).click();
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText(offerTitle);
  await expect(admin.getByText("Active", { exact: true }).first()).toBeVisible();
  await screenshot(admin, `journey1-offer-${test.info().project.name}`);

  // 6. The secretariat verifies the organisation.
  await sec.goto(vettingUrl);
  await sec.getByLabel("Vetting").selectOption("verified");
  await sec
    .getByLabel("Note (seen by the secretariat only)")
    .fill(`References checked with two members (${tag}).`);
  await expectAccessible(sec, "vetting");
  await sec.getByRole("button", { name: "Save", exact: true }).click();
  await expect(sec.getByText("The vetting decision was recorded.")).toBeVisible();
  await expect(sec.getByText(/Last vetted by/)).toBeVisible();
  await screenshot(sec, `journey1-vetted-${test.info().project.name}`);

  // The verified organisation's member now sees the notice gone from its profile.
  await admin.goto(profileUrl);
  await expect(admin.getByText(/has not verified this organisation yet/)).toHaveCount(0);
});
