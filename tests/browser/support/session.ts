import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
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

/** A fresh browser context (own cookies), signed in as `email`; English interface unless told otherwise. */
export async function signedInPage(
  browser: Browser,
  email: string,
  options: { totpSecret?: string; locale?: string } = {},
) {
  const context = await browser.newContext({ locale: options.locale ?? "en-GB" });
  const page = await context.newPage();
  await signIn(page, email, options);
  return page;
}

export const signInSecretariat = (browser: Browser) => signedInPage(browser, SECRETARIAT);
