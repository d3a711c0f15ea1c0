import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);

export default defineConfig({
  testDir: "tests/browser",
  outputDir: "tests/artifacts/playwright",
  fullyParallel: false,
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: "test-results/playwright.json" }]],
  globalSetup: "./tests/browser/support/global-setup.ts",
  use: {
    baseURL: `http://localhost:${port}`,
    // A step that cannot act fails in half a minute instead of holding the run until the test's timeout.
    actionTimeout: 30_000,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
      ],
    },
  },
  projects: [
    { name: "js", use: { javaScriptEnabled: true } },
    // Members use Tor Browser at its safest setting: the journeys tagged @nojs run without JavaScript too.
    { name: "no-js", use: { javaScriptEnabled: false }, grep: /@nojs/ },
  ],
});
