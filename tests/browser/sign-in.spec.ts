// The sign-in form, through the browser, for every role, with and without JavaScript (@nojs): email and
// password, then for the secretariat the second step (a TOTP code). The other journeys reuse one session
// per demo user made by this same form (support/session.ts), so this spec is where signing in is tested.
import { expect, test } from "./support/fixtures";
import { SECRETARIAT, signIn } from "./support/session";

const roles: Array<[role: string, email: string, homeTestId: string]> = [
  ["secretariat (two-step verification)", SECRETARIAT, "task-triage"],
  ["coalition member", "mx.2@demo.puente.local", "coalition-to-confirm"],
  ["expert admin", "ecnl@demo.puente.local", "expert-awaiting"],
  ["member of an organisation awaiting verification", "rs@demo.puente.local", "home-pending"],
];

test.describe("signing in @nojs", () => {
  for (const [role, email, homeTestId] of roles) {
    test(`a ${role} signs in through the form and reaches their home`, async ({ page, foreignRequests }) => {
      await page.goto("/");
      await expect(page.getByTestId(homeTestId)).toHaveCount(0);
      await signIn(page, email);
      await page.goto("/");
      await expect(page.getByTestId(homeTestId).first()).toBeVisible();
      expect(foreignRequests).toEqual([]);
    });
  }

  test("a page asked for before signing in is shown after it", async ({ page }) => {
    await page.goto("/needs/mine");
    await expect(page).toHaveURL(/\/login\?redirectTo=/);
    await signIn(page, "ke@demo.puente.local", { redirectTo: "/needs/mine" });
    // Without JavaScript the form's anchor to its error summary stays on the address: the path is what counts.
    await expect(page).toHaveURL(/\/needs\/mine(#[\w-]*)?$/);
  });
});
