import tsconfigPaths from "vite-tsconfig-paths";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["app/**/*.test.{ts,tsx}", "workers/**/*.test.ts", "scripts/**/*.test.ts"],
          setupFiles: ["tests/setup/console.ts"],
          environment: "node",
          // A guard against hangs, not a speed check: the matching property tests take a second or two
          // alone and several times that on a loaded two-core machine (Vitest's default is 5 s).
          testTimeout: 30_000,
          // The same as the integration project's: Vitest runs projects of one group side by side only
          // when their worker counts agree.
          maxWorkers: 2,
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/**/*.test.ts"],
          exclude: ["tests/browser/**"],
          globalSetup: ["tests/setup/global-setup.ts"],
          setupFiles: ["tests/setup/console.ts", "tests/setup/per-file.ts"],
          environment: "node",
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: "forks",
          // The production build (tests/support/app.ts) is imported by Node itself, not through Vitest's
          // module runner: about a second less per file that sends requests (no transform of the 1.7 MB
          // bundle, no copy over IPC). Each file still runs in a process of its own, so nothing is shared.
          server: { deps: { external: [/\/build\/server\//] } },
          // Vitest's default on two cores is one file at a time (cores - 1), and these files mostly wait
          // (PostgreSQL, Redis, SMTP, child processes): two at a time keep both cores busy. Each file has
          // its own database and Redis prefix (tests/setup/per-file.ts), so files never meet.
          maxWorkers: 2,
        },
      },
    ],
  },
});
