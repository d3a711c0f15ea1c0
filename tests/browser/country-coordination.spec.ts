// Country coordination, end to end in a browser against the production build: the secretariat schedules a
// call for Mexico, an invited coalition member sees the agenda (in their own time zone), the secretariat
// records an action that becomes a need draft for that coalition, and the need appears on the country page.
// Runs with and without JavaScript (@nojs): every step is a plain form.
import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { disconnectDb } from "~/utils/db.server";
import { createNeed, createOrganisation, createUser } from "../support/factories";
import { createTestSession, enableTotpFor } from "../support/sessions";
import { expect, expectAccessible, screenshot, test } from "./support/fixtures";

/** axe runs once per page, in the JavaScript project (the server-rendered markup is the same without it; under
 * no-js axe on the long time-zone list outruns the test timeout on our loaded machines). */
async function checkA11y(page: Page, label: string) {
  if (test.info().project.name === "js") await expectAccessible(page, label);
}

type World = {
  secretariatCookie: string;
  coalitionCookie: string;
  coalitionName: string;
  needTitle: string;
  tag: string;
};
let world: World;

test.beforeAll(async () => {
  process.env.DATABASE_URL = process.env.E2E_DATABASE_URL;
  const tag = randomBytes(3).toString("hex");
  const secretariat = await createOrganisation({
    kind: "SECRETARIAT",
    name: `E2E secretariat ${tag}`,
    countryCode: null,
  });
  const coalition = await createOrganisation({
    kind: "COALITION",
    name: `Coalición E2E ${tag}`,
    countryCode: "MX",
  });
  const secretariatUser = await createUser(
    { name: `Sec ${tag}`, timeZone: "Europe/Madrid" },
    { organisationId: secretariat.id, role: "admin" },
  );
  const coalitionUser = await createUser(
    { name: `Coal ${tag}`, timeZone: "America/Mexico_City" },
    { organisationId: coalition.id, role: "admin" },
  );
  await enableTotpFor(secretariatUser.id);
  const need = await createNeed({
    organisationId: coalition.id,
    createdById: coalitionUser.id,
    title: `Protest law review ${tag}`,
    countryCode: "MX",
  });
  world = {
    tag,
    coalitionName: coalition.name,
    needTitle: need.title,
    secretariatCookie: (await createTestSession(secretariatUser.id, { twoFactorVerified: true })).token,
    coalitionCookie: (await createTestSession(coalitionUser.id)).token,
  };
});

test.afterAll(async () => {
  await disconnectDb();
});

test.describe("country coordination @nojs", () => {
  test("schedule a call, see the agenda as an invitee, turn an action into a need, find it on the country page", async ({
    browser,
    baseURL,
  }) => {
    // A journey of many pages, like the others (journeys 1 and 3 have 180 s): the 60 s default ran
    // out on a loaded machine with nothing wrong.
    test.setTimeout(180_000);
    const host = new URL(baseURL!).hostname;
    const open = async (token: string) => {
      const context = await browser.newContext();
      await context.addCookies([
        { name: "__session", value: token, domain: host, path: "/", httpOnly: true, sameSite: "Lax" },
      ]);
      return context;
    };
    const secretariat = await (await open(world.secretariatCookie)).newPage();
    const coalition = await (await open(world.coalitionCookie)).newPage();
    const callTitle = `Mexico call ${world.tag}`;
    const actionTitle = `Legal opinion on the protest bill ${world.tag}`;

    // 1. The secretariat schedules the call.
    await secretariat.goto("/secretariat/calls/new");
    await secretariat.getByLabel("Country", { exact: true }).selectOption("MX");
    await secretariat.getByRole("button", { name: "Continue" }).click();
    await expect(secretariat.getByRole("heading", { level: 1 })).toHaveText("Schedule a call on Mexico");
    await secretariat.getByLabel("Title", { exact: true }).fill(callTitle);
    await secretariat.getByLabel("Date and time").fill("2027-02-10T10:00");
    await secretariat.getByLabel("Time zone").selectOption("America/Mexico_City");
    await secretariat.getByRole("checkbox", { name: new RegExp(world.coalitionName) }).check();
    await checkA11y(secretariat, "schedule a call");
    await secretariat.getByRole("button", { name: "Schedule and invite" }).click();
    await expect(secretariat.getByRole("heading", { level: 1 })).toHaveText(callTitle);
    await expect(secretariat.getByRole("status")).toContainText("The call was scheduled");
    const callUrl = new URL(secretariat.url()).pathname;
    expect(callUrl).toMatch(/^\/calls\/[^/]+$/);

    // 2. The invited coalition member sees the agenda, at their own time (Mexico City) and the reference time.
    await coalition.goto(callUrl);
    await expect(coalition.getByRole("heading", { level: 1 })).toHaveText(callTitle);
    await expect(coalition.getByRole("heading", { name: "Agenda" })).toBeVisible();
    await expect(coalition.getByRole("heading", { name: "Open needs" })).toBeVisible();
    await expect(coalition.getByRole("link", { name: world.needTitle })).toBeVisible();
    await expect(coalition.getByText("10:00 AM Central Standard Time").first()).toBeVisible();
    await expect(coalition.getByRole("link", { name: "Add to your calendar (.ics)" })).toBeVisible();
    await expect(coalition.getByRole("button", { name: "Record the action" })).toHaveCount(0);
    await checkA11y(coalition, "call page (invitee)");
    await screenshot(coalition, `call-invitee-${test.info().project.name}`);

    // 3. After the call, the secretariat records an action and turns it into a need draft for the coalition.
    await secretariat.reload();
    await secretariat.getByLabel("Kind", { exact: true }).selectOption("need");
    await secretariat.getByLabel("Title", { exact: true }).fill(actionTitle);
    await secretariat
      .getByLabel("Description", { exact: true })
      .fill("An opinion on the bill before the vote.");
    await secretariat.getByLabel("Category (for a need)").selectOption("legal");
    await secretariat.getByLabel("Owner organisation").selectOption({ label: world.coalitionName });
    await secretariat.getByLabel("Due date").fill("2027-03-01");
    await secretariat.getByRole("button", { name: "Record the action" }).click();
    await expect(secretariat.getByRole("status")).toContainText("The action was recorded");
    await expect(secretariat.getByText(actionTitle)).toBeVisible();
    await secretariat.getByRole("button", { name: "Turn into a need draft" }).click();
    await expect(secretariat.getByRole("status")).toContainText(
      "A need draft was prepared for the coalition",
    );
    await checkA11y(secretariat, "call page (secretariat)");

    // 4. The need appears on the country page for the coalition (it is their draft to complete and submit).
    await coalition.goto("/countries/MX");
    await expect(coalition.getByRole("heading", { level: 1 })).toHaveText("Mexico");
    const needsSection = coalition.getByRole("region", { name: /^Needs/ });
    await expect(needsSection.getByRole("link", { name: actionTitle })).toBeVisible();
    await expect(coalition.getByRole("heading", { name: "Response map" })).toBeVisible();
    await checkA11y(coalition, "country page");
    await screenshot(coalition, `country-page-${test.info().project.name}`);
    await coalition.getByRole("link", { name: actionTitle }).click();
    await expect(coalition.getByRole("heading", { level: 1 })).toHaveText(actionTitle);
  });
});
