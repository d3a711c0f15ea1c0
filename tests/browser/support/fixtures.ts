// Browser-test helpers: a page that records every request and fails on any host other than the app's own,
// and an axe-core check for serious or critical accessibility violations.
import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Page } from "@playwright/test";

/**
 * With JavaScript on, every goto/reload waits until React has hydrated the page (root.tsx sets
 * data-hydrated), so that each step runs against one known state of the page: the hydrated one, as for a
 * member on a fast link. slow-link.spec.ts covers the other case (choices made before hydration survive it).
 */
let gotoPatched = false;
async function patchGoto(page: Page) {
  if (gotoPatched) return;
  gotoPatched = true;
  const proto = Object.getPrototypeOf(page) as Page;
  for (const name of ["goto", "reload"] as const) {
    const original = proto[name] as (...args: unknown[]) => Promise<unknown>;
    (proto as unknown as Record<string, unknown>)[name] = async function (this: Page, ...args: unknown[]) {
      const response = await original.apply(this, args);
      if (base.info().project.use.javaScriptEnabled !== false) {
        await this.waitForFunction(() => document.documentElement.dataset.hydrated === "true", null, {
          timeout: 15_000,
        }).catch(() => {});
      }
      return response;
    };
  }
}

export const test = base.extend<{
  foreignRequests: string[];
  hydrationAware: void;
  ownContextsClosed: void;
}>({
  // The browser lives for the whole run (one worker), so a context a test opens itself (signedInPage,
  // a second user's window) stayed open to the end, its page still hydrated and running: 59 renderer
  // processes and ~10 GB of memory a third of the way through the suite, slowing every later test.
  // Whatever a test opened is closed after it. Set up before the built-in `context`, so torn down after
  // it: that one is closed (and its trace kept) by Playwright first.
  ownContextsClosed: [
    async ({ browser }, use) => {
      const before = new Set(browser.contexts());
      await use();
      await Promise.all(
        browser
          .contexts()
          .filter((c) => !before.has(c))
          .map((c) => c.close().catch(() => {})),
      );
    },
    { auto: true },
  ],
  hydrationAware: [
    async ({ page }, use) => {
      await patchGoto(page);
      await use();
    },
    { auto: true },
  ],
  foreignRequests: async ({ page, baseURL }, use) => {
    const own = new URL(baseURL!).host;
    const foreign: string[] = [];
    page.on("request", (request) => {
      const url = new URL(request.url());
      if (
        (url.protocol === "http:" || url.protocol === "https:" || url.protocol === "ws:") &&
        url.host !== own
      ) {
        foreign.push(request.url());
      }
    });
    await use(foreign);
    expect(foreign, "requests to other hosts").toEqual([]);
  },
});

export { expect };

/** Serious or critical axe violations on the page, one line each (rule, help, up to 3 targets). */
export async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  return serious.map(
    (v) =>
      `${v.id}: ${v.help} (${v.nodes
        .map((n) => n.target.join(" "))
        .slice(0, 3)
        .join(", ")})`,
  );
}

export async function expectAccessible(page: Page, label: string) {
  // axe runs inside the page: with JavaScript disabled it cannot, and the HTML is the same as with it.
  if (base.info().project.use.javaScriptEnabled === false) return;
  expect(await seriousViolations(page), `serious or critical axe violations on ${label}`).toEqual([]);
}

export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: `tests/artifacts/screenshots/${name}.png`, fullPage: true });
}
