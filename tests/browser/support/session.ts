import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
// Signing in through the real forms (no session rows inserted behind the app's back): email and password,
// then, for accounts with two-step verification, a TOTP code computed with otplib from the account's secret.
// The server refuses a time step it has already accepted (replay protection) and accepts codes up to one
// step ahead, so each code is generated for a step later than the last one this process used.
import { expect, type Browser, type Page } from "@playwright/test";
import { generate } from "otplib";
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from "../../../prisma/seed-data";

export { DEMO_PASSWORD, DEMO_TOTP_SECRET };
export const SECRETARIAT = "sec@demo.puente.local";

// Kept in a file, not in memory: Playwright starts a new worker process after a failed test, and a
// code the server already accepted would be refused as a replay.
const stepsFile = "tests/artifacts/.totp-steps.json";
const lastStepBySecret = {
  get(secret: string): number | undefined {
    try {
      return (JSON.parse(readFileSync(stepsFile, "utf8")) as Record<string, number>)[secret];
    } catch {
      return undefined;
    }
  },
  set(secret: string, step: number) {
    let all: Record<string, number> = {};
    try {
      all = JSON.parse(readFileSync(stepsFile, "utf8")) as Record<string, number>;
    } catch {
      // first code of the run
    }
    all[secret] = step;
    mkdirSync(dirname(stepsFile), { recursive: true });
    writeFileSync(stepsFile, JSON.stringify(all));
  },
};

/** A 6-digit code for a time step not used before by this process (waits for the next step if needed). */
export async function totpCode(secret = DEMO_TOTP_SECRET): Promise<string> {
  for (;;) {
    const now = Math.floor(Date.now() / 1000);
    const current = Math.floor(now / 30);
    const last = lastStepBySecret.get(secret) ?? -1;
    // The server accepts the current step and the next one (epochTolerance 30 s).
    const step = Math.max(current, last + 1);
    if (step <= current + 1 && step * 30 - now < 25) {
      lastStepBySecret.set(secret, step);
      return generate({ secret, epoch: Math.max(now, step * 30) });
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** Signs in on the login page (the page must not already be signed in). Handles the 2FA challenge. */
export async function signIn(
  page: Page,
  email: string,
  options: { password?: string; totpSecret?: string; redirectTo?: string } = {},
) {
  await page.goto(
    options.redirectTo ? `/login?redirectTo=${encodeURIComponent(options.redirectTo)}` : "/login",
  );
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(options.password ?? DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/login(\?|$)/);
  if (new URL(page.url()).pathname === "/login/two-factor") {
    await page
      .getByLabel("Code from your authenticator app")
      .fill(await totpCode(options.totpSecret ?? DEMO_TOTP_SECRET));
    await page.getByRole("button", { name: "Verify" }).click();
    await expect(page).not.toHaveURL(/\/login\//);
  }
}

// One sign-in per demo user and run: the first page that needs a user signs in through the form above, and
// the session it got (Playwright's storageState: its cookies) is kept here for every later page of that
// user. Each UI sign-in is an argon2 check and, for the secretariat, a wait for an unused TOTP step; the
// sign-in form itself is tested in sign-in.spec.ts (every role, with and without JavaScript, 2FA) and by
// keyboard in journey-2-keyboard.spec.ts. Global setup empties the folder (each run has a new database).
// No journey signs a demo user out or changes its password: one that did would revoke the shared session,
// so it must sign in with `signIn` on a context of its own instead.
export const SESSIONS_DIR = "tests/artifacts/.sessions";

/** The storageState file of a signed-in session of `email`, signing in through the form if there is none. */
export async function sessionStateOf(browser: Browser, email: string, options: { totpSecret?: string } = {}) {
  const file = `${SESSIONS_DIR}/${email}.json`;
  if (!existsSync(file)) {
    const context = await browser.newContext({ locale: "en-GB" });
    try {
      await signIn(await context.newPage(), email, options);
      mkdirSync(SESSIONS_DIR, { recursive: true });
      await context.storageState({ path: file });
    } finally {
      await context.close();
    }
  }
  return file;
}

/** A fresh browser context (own cookies) signed in as `email`, on the home page; English unless told otherwise. */
export async function signedInPage(
  browser: Browser,
  email: string,
  options: { totpSecret?: string; locale?: string } = {},
) {
  const storageState = await sessionStateOf(browser, email, options);
  const context = await browser.newContext({ locale: options.locale ?? "en-GB", storageState });
  const page = await context.newPage();
  // Where signing in lands, as journeys expect (e.g. the header's unread count before any navigation).
  await page.goto("/");
  return page;
}

/** Signs `page`'s context in as `email` with the run's session of that user (see sessionStateOf). */
export async function useSessionOf(page: Page, email: string) {
  const browser = page.context().browser();
  if (!browser) throw new Error("useSessionOf needs a page of a browser's context");
  const state = JSON.parse(readFileSync(await sessionStateOf(browser, email), "utf8")) as {
    cookies: Parameters<ReturnType<Page["context"]>["addCookies"]>[0];
  };
  await page.context().addCookies(state.cookies);
}

export const signInSecretariat = (browser: Browser) => signedInPage(browser, SECRETARIAT);
