// On a slow link a member may fill a form before the JavaScript arrives; hydration must not undo what
// they chose. Scripts are held back here so the page sits un-hydrated while the choices are made.
import { expect, test } from "./support/fixtures";
import { signedInPage } from "./support/session";

test("choices made before the page hydrates survive hydration", async ({ browser }) => {
  const page = await signedInPage(browser, "ke@demo.puente.local");
  await page.route("**/assets/*.js", async (route) => {
    await new Promise((r) => setTimeout(r, 2_000));
    await route.continue();
  });
  const hydrated = () =>
    page.waitForFunction(() => document.documentElement.dataset.hydrated === "true", null, {
      timeout: 20_000,
    });
  // Frame.goto is not the fixtures' hydration-waiting Page.goto: these steps must run before hydration.
  await page.mainFrame().goto("/needs/new", { waitUntil: "domcontentloaded" });
  expect(await page.evaluate(() => document.documentElement.dataset.hydrated)).toBeUndefined();
  await page.getByLabel("Urgency").selectOption("critical");
  await page.getByLabel("Visibility").selectOption("secretariat");
  await page.getByLabel("Title", { exact: true }).fill("Typed before the scripts arrived");
  await hydrated();
  await expect(page.getByLabel("Urgency")).toHaveValue("critical");
  await expect(page.getByLabel("Visibility")).toHaveValue("secretariat");
  await expect(page.getByLabel("Title", { exact: true })).toHaveValue("Typed before the scripts arrived");

  await page.mainFrame().goto("/needs?urgency=high", { waitUntil: "domcontentloaded" });
  await page.getByLabel("Urgency").selectOption("low");
  await hydrated();
  await expect(page.getByLabel("Urgency")).toHaveValue("low");
  await page.context().close();
});
