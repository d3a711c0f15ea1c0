// Issue 21 in the browser, with the demo data: each role's home shows the counts the database holds
// (read back from the page and compared with the rows), passes axe and is photographed in en, es and fr
// (tests/artifacts/screenshots/home-<role>-<lng>.png); the confirmation pages of actions that lose
// something (with and without JavaScript: @nojs); and no main page scrolls sideways at 375 px, per role.
import type { Page } from "@playwright/test";
import { expect, screenshot, seriousViolations, test } from "./support/fixtures";
import { SECRETARIAT, useSessionOf } from "./support/session";
import { closeE2eDb, e2eDb } from "./support/world";

test.afterAll(closeE2eDb);

const COALITION = "mx.2@demo.puente.local";
const EXPERT = "ecnl@demo.puente.local";
const UNVERIFIED = "rs@demo.puente.local";

async function counts(page: Page, testIds: string[]) {
  const out: Record<string, number> = {};
  for (const id of testIds) out[id] = Number(await page.getByTestId(id).first().getAttribute("data-count"));
  return out;
}

function startOfTodayUtc() {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/** The home in each language: axe finds nothing serious, and a screenshot is kept. */
async function photographInEachLanguage(page: Page, role: string, email: string) {
  const db = e2eDb();
  const { locale } = await db.user.findFirstOrThrow({ where: { email }, select: { locale: true } });
  try {
    for (const lng of ["en", "es", "fr"]) {
      await page.goto("/");
      await page.locator("select[name=lng]:visible").selectOption(lng);
      await page.locator("form[action='/set-language'] button:visible").click();
      await expect(page.locator("html")).toHaveAttribute("lang", lng);
      await page.goto("/");
      expect(await seriousViolations(page), `${role} home (${lng})`).toEqual([]);
      await screenshot(page, `home-${role}-${lng}`);
    }
  } finally {
    // Other journeys expect the demo user's own language.
    await db.user.updateMany({ where: { email }, data: { locale } });
  }
}

test("the secretariat's home counts the day's work as the database does", async ({ page }) => {
  test.setTimeout(120_000);
  await useSessionOf(page, SECRETARIAT);
  const db = e2eDb();
  const ids = [
    "triage",
    "review",
    "stalled",
    "closeRequests",
    "pastWantedBy",
    "applications",
    "emailFailures",
  ].map((k) => `task-${k}`);
  // The worker runs beside the app (matching, expiry): read the page and the rows until they agree.
  await expect(async () => {
    await page.goto("/");
    const shown = await counts(page, ids);
    const [triage, review, stalled, closeRequests, pastWantedBy, applications, emails, digests] =
      await Promise.all([
        db.need.count({ where: { status: "submitted" } }),
        db.proposal.count({ where: { status: "proposed" } }),
        db.engagement.count({ where: { status: "active", stalledAt: { not: null } } }),
        // requests to close an engagement waiting for an answer (issue 21; the demo has one)
        db.engagementCloseRequest.count({ where: { status: "pending" } }),
        db.need.count({
          where: { status: { in: ["open", "matching"] }, wantedBy: { lt: startOfTodayUtc() } },
        }),
        db.membershipApplication.count({ where: { status: { in: ["pending", "questions"] } } }),
        db.emailMessage.count({ where: { status: "failed_permanent" } }),
        db.digestDelivery.count({ where: { status: "failed" } }),
      ]);
    expect(shown).toEqual({
      "task-triage": triage,
      "task-review": review,
      "task-stalled": stalled,
      "task-closeRequests": closeRequests,
      "task-pastWantedBy": pastWantedBy,
      "task-applications": applications,
      "task-emailFailures": emails + digests,
    });
    expect(closeRequests).toBeGreaterThan(0);
  }).toPass({ timeout: 30_000 });
  // Each count is a link to the page that works it.
  await page.getByTestId("task-triage").getByRole("link").click();
  await expect(page).toHaveURL(/\/secretariat\/triage$/);
  await photographInEachLanguage(page, "secretariat", SECRETARIAT);
});

test("a coalition's home counts what waits for it and its needs by stage", async ({ page }) => {
  test.setTimeout(120_000);
  await useSessionOf(page, COALITION);
  const db = e2eDb();
  const user = await db.user.findFirstOrThrow({ where: { email: COALITION }, select: { id: true } });
  const own = ["seed-org-mx"];
  await expect(async () => {
    await page.goto("/");
    const shown = await counts(page, ["coalition-to-confirm", "coalition-actions"]);
    const [toConfirm, actions, stages] = await Promise.all([
      db.proposal.count({ where: { status: "accepted", need: { organisationId: { in: own } } } }),
      db.callAction.count({
        where: {
          status: "open",
          OR: [{ ownerOrganisationId: { in: own } }, { ownerUserId: user.id }],
        },
      }),
      db.need.groupBy({ by: ["status"], where: { organisationId: { in: own } }, _count: { _all: true } }),
    ]);
    expect(shown).toEqual({ "coalition-to-confirm": toConfirm, "coalition-actions": actions });
    const stageItems = page.getByTestId("coalition-stages").locator("li");
    const shownStages: Record<string, number> = {};
    for (const li of await stageItems.all())
      shownStages[(await li.getAttribute("data-status"))!] = Number(await li.getAttribute("data-count"));
    expect(shownStages).toEqual(Object.fromEntries(stages.map((s) => [s.status, s._count._all])));
  }).toPass({ timeout: 30_000 });
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await photographInEachLanguage(page, "coalition", COALITION);
});

test("an expert's home counts proposals awaiting an answer and engagements under way", async ({ page }) => {
  test.setTimeout(120_000);
  await useSessionOf(page, EXPERT);
  const db = e2eDb();
  await expect(async () => {
    await page.goto("/");
    const shown = await counts(page, ["expert-awaiting", "expert-engagements"]);
    const [awaiting, engagements] = await Promise.all([
      db.proposal.count({ where: { status: "approved", expertOrganisationId: "seed-org-ecnl" } }),
      db.engagement.count({ where: { status: "active", expertOrganisationId: "seed-org-ecnl" } }),
    ]);
    expect(shown).toEqual({ "expert-awaiting": awaiting, "expert-engagements": engagements });
  }).toPass({ timeout: 30_000 });
  // The demo's dates are relative to the day it was seeded: every proposal awaiting an answer (this
  // expert's, and any other's) has its reply-by date ahead.
  const seeded = await db.proposal.findMany({
    where: { status: "approved", id: { startsWith: "seed-" } },
    select: { id: true, expiresAt: true },
  });
  expect(seeded.length).toBeGreaterThan(0);
  const now = Date.now();
  expect(seeded.filter((p) => !p.expiresAt || p.expiresAt.getTime() <= now).map((p) => p.id)).toEqual([]);
  await photographInEachLanguage(page, "expert", EXPERT);
});

test("an organisation awaiting verification is told so, and whom to contact @nojs", async ({ page }) => {
  test.setTimeout(120_000);
  await useSessionOf(page, UNVERIFIED);
  await page.goto("/");
  const pending = page.getByTestId("home-pending");
  await expect(pending).toBeVisible();
  await expect(pending.getByRole("link", { name: /@/ })).toHaveAttribute("href", /^mailto:/);
  await expect(page.getByTestId("home-coalition")).toHaveCount(0);
  if (test.info().project.name === "js") await photographInEachLanguage(page, "unverified", UNVERIFIED);
});

test("losing actions ask for confirmation first, and going back changes nothing @nojs", async ({ page }) => {
  test.setTimeout(120_000);
  const db = e2eDb();
  const project = test.info().project.name;
  await useSessionOf(page, COALITION);
  const need = await db.need.findFirstOrThrow({
    where: { organisationId: "seed-org-mx", status: { in: ["open", "matching", "needs_info"] } },
    select: { id: true, status: true },
  });
  await page.goto(`/needs/${need.id}`);
  // The first click only opens the confirmation page.
  await page.getByTestId("confirm-link-withdraw").click();
  await expect(page).toHaveURL(/confirm=withdraw/);
  const panel = page.getByTestId("confirm-panel-withdraw");
  await expect(panel).toBeVisible();
  await expect(panel.getByRole("button")).toBeVisible();
  expect((await db.need.findUniqueOrThrow({ where: { id: need.id } })).status).toBe(need.status);
  // axe runs as a script in the page: only where JavaScript is on.
  if (project === "js") expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, `confirm-withdraw-${project}`);
  await panel.getByRole("link").click();
  await expect(page.getByTestId("confirm-panel-withdraw")).toHaveCount(0);
  expect((await db.need.findUniqueOrThrow({ where: { id: need.id } })).status).toBe(need.status);

  // Closing an engagement: the outcome is chosen on the confirmation page.
  const engagement = await db.engagement.findFirstOrThrow({
    where: { coalitionOrganisationId: "seed-org-mx", status: "active" },
    select: { id: true },
  });
  await page.goto(`/engagements/${engagement.id}`);
  await expect(page.getByRole("radio")).toHaveCount(0);
  await page.getByTestId("confirm-link-close").click();
  const close = page.getByTestId("confirm-panel-close");
  await expect(close).toBeVisible();
  await expect(close.getByRole("radio").first()).toBeVisible();
  if (project === "js") await expect(close.getByRole("heading").first()).toBeFocused();
  expect((await db.engagement.findUniqueOrThrow({ where: { id: engagement.id } })).status).toBe("active");
  await screenshot(page, `confirm-close-${project}`);
});

async function measure(page: Page, role: string, paths: string[]) {
  const wide: string[] = [];
  for (const path of paths) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBeLessThan(400);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 375) wide.push(`${path}: ${width}px`);
  }
  expect(wide, `${role}: pages wider than 375 px`).toEqual([]);
}

test.describe("at 375 px", () => {
  test.use({ viewport: { width: 375, height: 812 } });

  test("no main page scrolls sideways, for any role", async ({ browser }) => {
    test.setTimeout(300_000);
    const db = e2eDb();
    const mxNeed = await db.need.findFirstOrThrow({
      where: { organisationId: "seed-org-mx", status: { in: ["open", "matching", "engaged"] } },
      select: { id: true },
    });
    const roles: Array<[string, string | null, string[]]> = [
      ["visitor", null, ["/", "/login", "/apply", "/forgot-password"]],
      [
        "coalition",
        COALITION,
        [
          "/",
          "/needs",
          "/needs/mine",
          "/needs/new",
          `/needs/${mxNeed.id}`,
          "/offers",
          "/offers/mine",
          "/proposals",
          "/engagements",
          "/inbox",
          "/countries",
          "/countries/MX",
          "/actions",
          "/settings",
          "/organisation",
        ],
      ],
      [
        "expert",
        EXPERT,
        [
          "/",
          "/needs",
          "/offers",
          "/offers/mine",
          "/offers/new",
          "/proposals",
          "/engagements",
          "/countries",
          "/inbox",
        ],
      ],
      ["unverified", UNVERIFIED, ["/", "/needs", "/needs/mine", "/organisation"]],
      [
        "secretariat",
        SECRETARIAT,
        [
          "/",
          "/needs",
          "/secretariat/triage",
          "/secretariat/review",
          "/secretariat/applications",
          "/secretariat/organisations",
          "/secretariat/calls",
          "/secretariat/insight",
          "/secretariat/audit",
          "/secretariat/operations",
          "/secretariat/email-failures",
          "/engagements",
          "/countries",
        ],
      ],
    ];
    for (const [role, email, paths] of roles) {
      const context = await browser.newContext({ viewport: { width: 375, height: 812 }, locale: "en-GB" });
      const page = await context.newPage();
      if (email) await useSessionOf(page, email);
      await measure(page, role, paths);
      if (role !== "visitor") {
        // The menu is folded behind a disclosure: one control before the first content.
        await page.goto("/");
        await expect(page.getByTestId("nav-narrow")).toBeVisible();
        await expect(page.getByTestId("nav-wide")).toBeHidden();
        await screenshot(page, `narrow-home-${role}`);
      }
      await context.close();
    }
  });
});
