// Issue 23 in a browser against the production build, with and without JavaScript (@nojs): a member
// follows Mexico from its country page, the secretariat records a bill and then its adoption, and the
// follower gets the alert email (worker → SMTP catcher); a visitor opens the public impact report from the
// landing page and reads its charts (inline SVG with captions) and table, JavaScript off.
import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { disconnectDb } from "~/utils/db.server";
import { createOrganisation, createUser } from "../support/factories";
import { createTestSession, enableTotpFor } from "../support/sessions";
import { expect, expectAccessible, screenshot, test } from "./support/fixtures";
import { waitForMail } from "./support/mail";

async function checkA11y(page: Page, label: string) {
  if (test.info().project.name === "js") await expectAccessible(page, label);
}

type World = { secretariatCookie: string; followerCookie: string; followerEmail: string; tag: string };
let world: World;

test.beforeAll(async () => {
  process.env.DATABASE_URL = process.env.E2E_DATABASE_URL;
  const tag = randomBytes(3).toString("hex");
  const secretariat = await createOrganisation({
    kind: "SECRETARIAT",
    name: `E2E sec ${tag}`,
    countryCode: null,
  });
  const coalition = await createOrganisation({
    kind: "COALITION",
    name: `Coalición ley ${tag}`,
    countryCode: "MX",
  });
  const secretariatUser = await createUser(
    { name: `Sec ${tag}` },
    { organisationId: secretariat.id, role: "admin" },
  );
  const follower = await createUser(
    { name: `Follower ${tag}`, email: `follower-${tag}@example.org`, locale: "en" },
    { organisationId: coalition.id, role: "admin" },
  );
  await enableTotpFor(secretariatUser.id);
  world = {
    tag,
    followerEmail: follower.email,
    secretariatCookie: (await createTestSession(secretariatUser.id, { twoFactorVerified: true })).token,
    followerCookie: (await createTestSession(follower.id)).token,
  };
});

test.afterAll(async () => {
  await disconnectDb();
});

test.describe("legislation tracker @nojs", () => {
  test("a member follows Mexico, the secretariat records a bill's adoption, the follower gets the alert", async ({
    browser,
    baseURL,
  }) => {
    const host = new URL(baseURL!).hostname;
    const open = async (token: string) => {
      const context = await browser.newContext();
      await context.addCookies([
        { name: "__session", value: token, domain: host, path: "/", httpOnly: true, sameSite: "Lax" },
      ]);
      return context.newPage();
    };
    const project = test.info().project.name;
    const title = `Foreign agents bill ${world.tag} ${project}`;
    const follower = await open(world.followerCookie);
    const secretariat = await open(world.secretariatCookie);

    // 1. The member follows Mexico from its country page (a plain form).
    await follower.goto("/countries/MX");
    const tracker = follower.getByRole("region", { name: /^Legislation/ });
    await expect(tracker).toBeVisible();
    const followButton = tracker.getByRole("button", { name: /Follow this country|Stop following/ });
    if ((await followButton.textContent())?.includes("Follow this country")) {
      await followButton.click();
      await expect(follower.getByRole("status")).toContainText("You now follow this country.");
    }
    await expect(follower.getByRole("button", { name: "Stop following" })).toBeVisible();

    // 2. The secretariat records the bill (in parliament), then its adoption.
    await secretariat.goto("/countries/MX");
    await secretariat.getByRole("link", { name: "Record a bill, law or decree" }).click();
    await expect(secretariat.getByRole("heading", { level: 1 })).toHaveText("Record a bill, law or decree");
    await expect(secretariat.getByLabel("Country", { exact: true })).toHaveValue("MX");
    // Sent with no title, the form answers with its error summary (in the browser, or from the server
    // without JavaScript), each problem a link to its field, and keeps what was chosen.
    await secretariat.getByRole("button", { name: "Record", exact: true }).click();
    const summary = secretariat.locator("#legislation-error-summary");
    await expect(summary).toBeVisible();
    await expect(summary.locator('a[href="#legislation-title"]')).toBeVisible();
    await expect(secretariat.getByLabel("Country", { exact: true })).toHaveValue("MX");
    await secretariat.getByLabel("Kind of text").selectOption("bill");
    await secretariat.getByLabel("Title", { exact: true }).fill(title);
    await secretariat
      .getByLabel(/^Summary/)
      .fill("Organisations with foreign funding must register as foreign agents.");
    await secretariat.getByLabel("Effect on civic space").selectOption("closing");
    await secretariat.getByLabel("Stage now").selectOption("in_parliament");
    await checkA11y(secretariat, "record a bill");
    await secretariat.getByRole("button", { name: "Record", exact: true }).click();
    await expect(secretariat.getByRole("heading", { level: 1 })).toHaveText(title);
    await expect(secretariat.getByRole("status")).toContainText("The text is recorded");

    await secretariat.getByLabel("What happened").selectOption("adopt");
    await secretariat.getByRole("button", { name: "Record the stage" }).click();
    await expect(secretariat.getByRole("status")).toContainText("Stage recorded");
    const history = secretariat.getByRole("region", { name: "History" });
    await expect(history).toContainText("In parliament → Adopted");
    await checkA11y(secretariat, "legislation page (secretariat)");
    await screenshot(secretariat, `legislation-secretariat-${project}`);

    // 3. The follower gets the alert (through the outbox, the worker and SMTP) and its link opens the bill.
    const mail = await waitForMail(world.followerEmail, new RegExp(`${title} — Adopted`), 60_000);
    expect(mail.text.replace(/\s+/g, " ")).toContain("moved from In parliament to Adopted");
    const link = mail.links.find((l) => l.includes("/legislation/"))!;
    await follower.goto(new URL(link).pathname);
    await expect(follower.getByRole("heading", { level: 1 })).toHaveText(title);
    await expect(follower.getByText("Adopted").first()).toBeVisible();
    // A member reads; only the secretariat records.
    await expect(follower.getByRole("button", { name: "Record the stage" })).toHaveCount(0);
    await checkA11y(follower, "legislation page (member)");

    // The country page lists it.
    await follower.goto("/countries/MX");
    await expect(
      follower.getByRole("region", { name: /^Legislation/ }).getByRole("link", { name: title }),
    ).toBeVisible();
  });
});

test.describe("public impact report @nojs", () => {
  test("a visitor opens it from the landing page and reads the charts and the table", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("link", { name: /impact report/ }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("What the network achieved");
    const charts = page.locator("figure svg[role=img]");
    await expect(charts).toHaveCount(3);
    await expect(page.locator("figure svg title").first()).toContainText("Engagements started, by Region");
    await expect(page.locator("figcaption").first()).toHaveText("The same figures are in the table below.");
    await expect(page.getByRole("table")).toBeVisible();
    await expect(page.getByRole("rowheader", { name: "Total" })).toBeVisible();
    // Group by country: still no small count shown as a number below 5 (the page explains "<5").
    await page.getByLabel("Group by").selectOption("country");
    await page.getByRole("button", { name: "Show" }).click();
    await expect(page.getByRole("heading", { name: "Figures by Country" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Download as CSV" })).toHaveAttribute(
      "href",
      /\/impact\/export\.csv\?/,
    );
    await checkA11y(page, "public impact report");
    await screenshot(page, `impact-public-${test.info().project.name}`);
  });
});
