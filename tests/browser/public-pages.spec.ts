import { expect, expectAccessible, screenshot, test } from "./support/fixtures";

test.describe("public pages @nojs", () => {
  test("the landing page shows aggregate figures only, in the visitor's language, with no foreign requests", async ({
    page,
    foreignRequests,
  }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(
      "Help for civil society, from civil society",
    );
    await expect(page.getByRole("heading", { name: "The network in figures" })).toBeVisible();
    await expect(page.getByText("National coalitions", { exact: true })).toBeVisible();
    // No organisation name appears to a visitor.
    await expect(page.getByText("Alianza por el Espacio Cívico México")).toHaveCount(0);
    await expectAccessible(page, "landing");
    await screenshot(page, `landing-${test.info().project.name}`);
    expect(foreignRequests).toEqual([]);
  });

  test("the language switcher works without JavaScript", async ({ page }) => {
    await page.goto("/");
    await page.getByLabel("Language").filter({ visible: true }).selectOption("es");
    await page.getByRole("button", { name: "Change language" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(
      "Ayuda para la sociedad civil, desde la sociedad civil",
    );
    await expect(page.locator("html")).toHaveAttribute("lang", "es");
  });

  test("security headers are on every page", async ({ request }) => {
    for (const path of ["/", "/healthz", "/does-not-exist"]) {
      const res = await request.get(path);
      const h = res.headers();
      expect(h["x-content-type-options"], path).toBe("nosniff");
      expect(h["x-frame-options"], path).toBe("DENY");
      expect(h["referrer-policy"], path).toBe("same-origin");
      expect(h["permissions-policy"], path).toContain("camera=()");
    }
    const csp = (await request.get("/")).headers()["content-security-policy"];
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toContain("unsafe-inline");
  });
});
