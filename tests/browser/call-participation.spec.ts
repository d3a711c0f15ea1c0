// Calls people can join (issue 20), end to end in a browser against the production build, its worker and
// the SMTP catcher, with and without JavaScript (@nojs): the secretariat schedules a call with a meeting
// link and invites a guest; an invitee proposes an agenda item, which the secretariat shares with guests;
// the guest opens the call from their email; an invitee answers from the RSVP link in their email; the
// coalition turns its action into a need draft. Screenshots at 375 px and on a desktop, in en, es and fr.
import { randomBytes } from "node:crypto";
import type { Browser, Page } from "@playwright/test";
import { db, disconnectDb } from "~/utils/db.server";
import { createOrganisation, createUser } from "../support/factories";
import { createTestSession, enableTotpFor } from "../support/sessions";
import { expect, expectAccessible, screenshot, test } from "./support/fixtures";
import { linkPath, waitForMail } from "./support/mail";

type World = {
  tag: string;
  secretariatToken: string;
  coalitionToken: string;
  coalitionUserId: string;
  coalitionEmail: string;
  coalitionName: string;
};
let world: World;

test.beforeAll(async () => {
  process.env.DATABASE_URL = process.env.E2E_DATABASE_URL;
  const tag = randomBytes(3).toString("hex");
  const secretariat = await createOrganisation({
    kind: "SECRETARIAT",
    name: `Secretariat ${tag}`,
    countryCode: null,
  });
  const coalition = await createOrganisation({ kind: "COALITION", name: `Red MX ${tag}`, countryCode: "MX" });
  const secretariatUser = await createUser(
    { name: `Sec ${tag}`, timeZone: "Africa/Dakar", timeZoneConfirmedAt: new Date() },
    { organisationId: secretariat.id, role: "admin" },
  );
  const coalitionUser = await createUser(
    {
      name: `Lucía ${tag}`,
      email: `lucia-${tag}@example.org`,
      timeZone: "America/Mexico_City",
      timeZoneConfirmedAt: new Date(),
    },
    { organisationId: coalition.id, role: "admin" },
  );
  await enableTotpFor(secretariatUser.id);
  world = {
    tag,
    coalitionName: coalition.name,
    coalitionUserId: coalitionUser.id,
    coalitionEmail: coalitionUser.email,
    secretariatToken: (await createTestSession(secretariatUser.id, { twoFactorVerified: true })).token,
    coalitionToken: (await createTestSession(coalitionUser.id)).token,
  };
});

test.afterAll(async () => {
  await disconnectDb();
});

async function pageFor(browser: Browser, baseURL: string, token?: string) {
  const context = await browser.newContext();
  if (token)
    await context.addCookies([
      {
        name: "__session",
        value: token,
        domain: new URL(baseURL).hostname,
        path: "/",
        httpOnly: true,
        sameSite: "Lax",
      },
    ]);
  return context.newPage();
}

/** A page in three languages and two widths, for people to look at. */
async function shots(page: Page, name: string, setLanguage: (lng: "en" | "es" | "fr") => Promise<void>) {
  const project = test.info().project.name;
  for (const lng of ["en", "es", "fr"] as const) {
    await setLanguage(lng);
    for (const [width, label] of [
      [375, "375"],
      [1280, "desktop"],
    ] as const) {
      await page.setViewportSize({ width, height: 900 });
      await page.reload();
      await screenshot(page, `${name}-${lng}-${label}-${project}`);
    }
  }
  await setLanguage("en");
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.reload();
}

test.describe("calls people can join @nojs", () => {
  test("schedule with a guest, share an invitee's agenda item, the guest opens the call, RSVP from the email, action to need", async ({
    browser,
    baseURL,
  }) => {
    // A journey of many pages, like the others (journeys 1 and 3 have 180 s): the 60 s default ran
    // out on a loaded machine with nothing wrong.
    test.setTimeout(180_000);
    const project = test.info().project.name;
    const title = `Protest law call ${world.tag} ${project}`;
    const guestEmail = `guest-${world.tag}-${project}@un.example`;
    const secretariat = await pageFor(browser, baseURL!, world.secretariatToken);
    const coalition = await pageFor(browser, baseURL!, world.coalitionToken);

    // 1. The secretariat schedules the call (10:00 in Mexico City) with a meeting link.
    await secretariat.goto("/secretariat/calls/new?country=MX");
    await secretariat.getByLabel("Title", { exact: true }).fill(title);
    await secretariat.getByLabel("Date and time").fill("2027-09-15T10:00");
    await secretariat.getByLabel("Time zone", { exact: true }).selectOption("America/Mexico_City");
    await secretariat.getByLabel("Meeting link").fill("https://meet.example.org/protest-law");
    await secretariat.getByRole("checkbox", { name: new RegExp(world.coalitionName) }).check();
    await secretariat.getByRole("button", { name: "Schedule and invite" }).click();
    await expect(secretariat.getByRole("heading", { level: 1 })).toHaveText(title);
    const callPath = new URL(secretariat.url()).pathname;
    // The secretariat reads it in its own zone (Dakar: 16:00), named.
    await expect(secretariat.getByText(/4:00\s?PM Greenwich Mean Time/).first()).toBeVisible();

    // 2. …and invites a guest from outside the network.
    await secretariat.getByLabel("Name", { exact: true }).fill("Ana Officer");
    await secretariat.getByLabel("Email", { exact: true }).fill(guestEmail);
    await secretariat.getByLabel("Affiliation").fill("OHCHR");
    await secretariat.getByLabel("Their time zone").selectOption("Europe/Zurich");
    await secretariat.getByRole("button", { name: "Invite the guest" }).click();
    await expect(secretariat.getByRole("status").first()).toContainText("The guest was invited by email.");
    await expectAccessible(secretariat, "call page (organiser)");

    // 3. An invitee proposes an agenda item; the secretariat shares it with guests.
    await coalition.goto(callPath);
    await expect(coalition.getByText(/10:00\s?AM Central Standard Time/).first()).toBeVisible();
    await coalition.getByLabel("Item", { exact: true }).fill(`Article 12 of the bill ${world.tag}`);
    await coalition.getByRole("button", { name: "Propose the item" }).click();
    await expect(coalition.getByRole("status").first()).toContainText("Your agenda item was added.");
    await expectAccessible(coalition, "call page (invitee)");
    await secretariat.reload();
    await secretariat.getByRole("button", { name: "Share with guests" }).first().click();
    await expect(secretariat.getByRole("status").first()).toContainText("shared with the call's guests");

    // 4. The guest opens the call from their email: the shared item, their own time (Zurich), nothing else.
    const invitation = await waitForMail(guestEmail, new RegExp(`Invitation: ${title}`));
    const guestPath = linkPath(invitation.links, /\/guest\//);
    const guest = await pageFor(browser, baseURL!);
    await guest.goto(guestPath);
    await expect(guest.getByRole("heading", { level: 1 })).toHaveText(title);
    await expect(guest.getByText(`Article 12 of the bill ${world.tag}`)).toBeVisible();
    await expect(guest.getByText(/6:00\s?PM Central European Summer Time/).first()).toBeVisible();
    await expect(guest.getByRole("link", { name: "https://meet.example.org/protest-law" })).toBeVisible();
    await expectAccessible(guest, "guest page");
    await guest.getByRole("button", { name: "Yes, I will take part" }).click();
    await expect(guest.getByText("Your answer: yes.")).toBeVisible();
    // No other page opens for them.
    await guest.goto(callPath);
    await expect(guest).toHaveURL(/\/login\?redirectTo=/);
    await guest.goto(guestPath);
    await shots(guest, "guest-call", async (lng) => {
      await guest
        .context()
        .addCookies([{ name: "lng", value: lng, domain: new URL(baseURL!).hostname, path: "/" }]);
    });

    // 5. The invitee answers from the RSVP link in their email, without signing in.
    const member = await waitForMail(world.coalitionEmail, new RegExp(`Invitation: ${title}`));
    expect(member.text).toMatch(/10:00\s?AM Central Standard Time/);
    const rsvp = await pageFor(browser, baseURL!);
    await rsvp.goto(linkPath(member.links, /\/rsvp\/.*answer=yes/));
    await expect(rsvp.getByRole("radio", { name: "Yes, I will take part" })).toBeChecked();
    await rsvp.getByRole("button", { name: "Confirm my answer" }).click();
    await expect(rsvp.getByRole("status").first()).toContainText("Your answer (yes) was recorded.");
    await secretariat.reload();
    await expect(secretariat.getByText("Yes: 2 · Maybe: 0 · No: 0 · No answer: 0")).toBeVisible();

    // 6. The secretariat records an action for the coalition; the coalition turns it into a need draft.
    const actionTitle = `Legal opinion ${world.tag} ${project}`;
    await secretariat.getByLabel("Kind", { exact: true }).selectOption("need");
    await secretariat.getByLabel("Title", { exact: true }).fill(actionTitle);
    await secretariat.getByLabel("Category (for a need)").selectOption("legal");
    await secretariat.getByLabel("Owner organisation").selectOption({ label: world.coalitionName });
    await secretariat.getByLabel("Due date").fill("2027-10-01");
    await secretariat.getByRole("button", { name: "Record the action" }).click();
    await expect(secretariat.getByRole("status").first()).toContainText("The action was recorded");
    await coalition.goto("/actions");
    await expect(coalition.getByRole("heading", { level: 1 })).toHaveText("My actions");
    const item = coalition.getByRole("listitem").filter({ hasText: actionTitle });
    await expectAccessible(coalition, "my actions");
    await item.getByRole("button", { name: "Turn into a need draft" }).click();
    await expect(coalition).toHaveURL(/\/needs\/[^/]+\/edit$/);
    await expect(coalition.getByLabel("Title", { exact: true })).toHaveValue(actionTitle);

    // Screenshots of the invitee's call page in three languages, 375 px and desktop.
    await coalition.goto(callPath);
    await shots(coalition, "call-invitee", async (lng) => {
      await db().user.update({ where: { id: world.coalitionUserId }, data: { locale: lng } });
    });
  });

  test("time-zone settings: a searchable list that works without JavaScript", async ({
    browser,
    baseURL,
  }) => {
    const page = await pageFor(browser, baseURL!, world.coalitionToken);
    await page.goto("/settings/time-zone");
    await page.getByLabel("Find your time zone").fill("Senegal");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page.getByText("1 time zone matches.")).toBeVisible();
    await page.getByLabel("Time zone", { exact: true }).selectOption("Africa/Dakar");
    await page.getByRole("button", { name: "Save my time zone" }).click();
    await expect(page.getByRole("status").first()).toContainText("Your time zone was saved.");
    await expect(page.getByText(/Greenwich Mean Time \(Africa\/Dakar\)/)).toBeVisible();
    await expectAccessible(page, "time-zone settings");
    await shots(page, "time-zone-settings", async (lng) => {
      await db().user.update({ where: { id: world.coalitionUserId }, data: { locale: lng } });
    });
    await db().user.update({
      where: { id: world.coalitionUserId },
      data: { timeZone: "America/Mexico_City" },
    });
  });
});
