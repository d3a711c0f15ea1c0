// Forms people can finish and words that read right (issue 21), with and without JavaScript: the error
// summary (every error at once, links to the fields, focus or anchor), the need form's Tab count, country
// filters by a name in the reader's language, and French country prepositions on the page.
import type { Page } from "@playwright/test";
import { expect, expectAccessible, screenshot, test } from "./support/fixtures";
import { signedInPage } from "./support/session";
import { closeE2eDb } from "./support/world";

test.afterAll(closeE2eDb);

const withJs = () => test.info().project.use.javaScriptEnabled !== false;

/** Tab presses from the focused element until `target` has the focus (at most `max`). */
async function tabsUntil(page: Page, target: ReturnType<Page["locator"]>, max = 120) {
  for (let presses = 0; presses <= max; presses++) {
    if (await target.evaluate((el) => el === document.activeElement)) return presses;
    await page.keyboard.press("Tab");
  }
  throw new Error(`not reached in ${max} Tab presses`);
}

test.describe("forms and words @nojs", () => {
  test("the need form lists every error at once in a summary linked to the fields", async ({ browser }) => {
    // With JavaScript too the server answers (the need form has no check in the browser): all six at once.
    const page = await signedInPage(browser, "ke@demo.puente.local");
    await page.goto("/needs/new");
    // Six problems in one attempt: two empty texts, no category, no country, no language, a bad effort.
    await page.getByLabel("Country", { exact: true }).selectOption("");
    const languages = page.getByRole("group", { name: "Working languages" });
    const checked = languages.getByRole("checkbox", { checked: true });
    while ((await checked.count()) > 0) await checked.first().uncheck();
    await page.getByText("More about the need (optional)").click();
    await page.getByLabel("Estimated effort (hours)").fill("0");
    await page.getByRole("button", { name: "Submit for triage" }).click();

    const summary = page.locator("#need-new-error-summary");
    await expect(summary.getByRole("heading", { name: "There is a problem" })).toBeVisible();
    const links = summary.getByRole("link");
    await expect(links).toHaveText([
      /^Title: /,
      /^Summary: /,
      /^Category: /,
      /^Country: /,
      /^Working languages: /,
      /^Estimated effort \(hours\): /,
    ]);
    if (withJs()) await expect(summary).toBeFocused();
    else expect(new URL(page.url()).hash).toBe("#need-new-error-summary");
    // the summary comes first in the form, and the optional part opened itself to show its error
    await expect(page.locator("#need-new > *").first()).toHaveId("need-new-error-summary");
    await expect(page.getByLabel("Estimated effort (hours)")).toBeVisible();

    // every link points at an element of the page, and following one puts the focus on its field
    for (const href of await links.evaluateAll((as) => as.map((a) => a.getAttribute("href")!))) {
      await expect(page.locator(href), href).toHaveCount(1);
    }
    await links.filter({ hasText: /^Summary: / }).click();
    await expect(page.getByLabel("Summary", { exact: true })).toBeFocused();
    await links.filter({ hasText: /^Estimated effort/ }).click();
    await expect(page.getByLabel("Estimated effort (hours)")).toBeFocused();

    await expectAccessible(page, "need form with errors");
    await screenshot(page, `need-form-errors-${test.info().project.name}`);
  });

  test("the need form takes far fewer than 43 Tab presses", async ({ browser }) => {
    // The tab order is the server's HTML, the same with and without JavaScript. With JavaScript the Tab
    // presses used to stall: every Tab out of a field made Conform submit the form to the server for a
    // "validate" intent (the need form has no check in the browser) and the answer pulled the focus back
    // to the error summary. The form is now checked on submit only (use-schema-form.ts), so no request
    // leaves the page while one moves through it.
    const posts: string[] = [];
    const page = await signedInPage(browser, "ke@demo.puente.local");
    page.on("request", (r) => {
      if (r.method() === "POST") posts.push(r.url());
    });
    await page.goto("/needs/new");
    const submit = page.getByRole("button", { name: "Submit for triage" });
    // from the first field to the submit button: every field a need must have, and a way to the others
    await page.getByLabel("Title").focus();
    const inForm = await tabsUntil(page, submit);
    // from the top of the page, header and navigation included
    await page.goto("/needs/new");
    await page.locator("body").focus();
    const fromTop = await tabsUntil(page, submit);
    test
      .info()
      .annotations.push({ type: "tab presses", description: `in form ${inForm}, from top ${fromTop}` });
    expect(inForm).toBeLessThanOrEqual(22);
    expect(fromTop).toBeLessThan(43);
    // moving through the form sends nothing
    expect(posts).toEqual([]);
  });

  test("country filters take a country's name in the reader's language", async ({ browser }) => {
    const fr = await signedInPage(browser, "sn@demo.puente.local");
    await fr.goto("/needs");
    await expect(fr.locator("html")).toHaveAttribute("lang", "fr");
    // a country with needs on the board, by its French name as the filter shows it ("Kenya (2)")
    const options = await fr
      .getByRole("combobox", { name: "Pays" })
      .locator("option")
      .evaluateAll((os) =>
        os.map((o) => ({ value: (o as HTMLOptionElement).value, label: o.textContent ?? "" })),
      );
    const withNeeds = options.find((o) => o.value && !/\(0\)$/.test(o.label));
    expect(withNeeds, "a country with needs").toBeTruthy();
    const name = withNeeds!.label.replace(/\s*\(\d+\)$/, "");
    await fr.goto(`/needs?country=${encodeURIComponent(name.toLowerCase())}`);
    await expect(fr.getByRole("combobox", { name: "Pays" })).toHaveValue(withNeeds!.value);
    const cards = fr.locator("main li.card");
    expect(await cards.count()).toBeGreaterThan(0);
    for (const card of await cards.all()) await expect(card).toContainText(name);
    // a French name with its accents, typed without them
    await fr.goto("/needs?country=Mexique");
    await expect(fr.getByRole("combobox", { name: "Pays" })).toHaveValue("MX");
    // an anonymised coalition in Mexico reads « au Mexique », never « en/au »
    await expect(fr.getByText("en/au")).toHaveCount(0);
    await expectAccessible(fr, "needs board filtered by a French country name");
    await screenshot(fr, `needs-country-by-name-fr-${test.info().project.name}`);

    const es = await signedInPage(browser, "mx@demo.puente.local");
    await es.goto("/needs?country=m%C3%A9xico");
    await expect(es.locator("html")).toHaveAttribute("lang", "es");
    await expect(es.getByRole("combobox", { name: "País" })).toHaveValue("MX");
  });
});
