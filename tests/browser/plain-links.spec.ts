// The site navigation's and the boards' cards' links are plain anchors with one click handler per list
// (app/components/plain-links.ts, issue 18): with JavaScript a click navigates inside the app, as
// React Router's <Link> does (no new document), and the current page's link is marked.
import { expect, test } from "./support/fixtures";
import { signedInPage } from "./support/session";

test("navigation and board card links navigate inside the app and mark the current page", async ({
  browser,
}) => {
  const page = await signedInPage(browser, "ke@demo.puente.local");
  await page.goto("/");
  // A value on window survives client-side navigation only: a document load would drop it.
  await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
  const nav = page.getByTestId("nav-wide");
  await nav.getByRole("link", { name: "Needs", exact: true }).click();
  await expect(page).toHaveURL(/\/needs$/);
  await expect(nav.getByRole("link", { name: "Needs", exact: true })).toHaveAttribute("aria-current", "page");
  await expect(nav.getByRole("link", { name: "Home", exact: true })).not.toHaveAttribute("aria-current");
  const card = page.getByRole("list", { name: "Needs found" }).getByRole("link").first();
  const title = (await card.textContent())!;
  await card.click();
  await expect(page).toHaveURL(/\/needs\/[^/]+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(
    true,
  );
  await page.context().close();
});
