import fs from "node:fs";
import js from "@eslint/js";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import { flatConfigs as importXConfigs, importX } from "eslint-plugin-import-x";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

// The house rules (docs/conventions.md). A feature is a folder of app/features; its public surface is the
// files at its root (index.ts, index.server.ts, policy.ts, schemas.ts, jobs.server.ts, ...); files in its
// subfolders (routes/, services/, components/, core/, ...) are its internals, imported by that feature only.
// Shared code (app/utils, app/components, app/i18n) imports no feature.
const features = fs
  .readdirSync(new URL("./app/features", import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

const i18nRule = {
  name: "react-i18next",
  importNames: ["useTranslation"],
  message: "Use useTranslation from ~/i18n/use-translation (docs/decisions/0006).",
};
const internals = (own) => ({
  group: ["~/features/*/*/**", ...(own ? [`!~/features/${own}/**`] : [])],
  message:
    "Another feature's internals: import its public surface (a file at the feature's root, e.g. index.server.ts).",
});
// Relative imports stay inside their feature; anything else goes through ~/ (so the rule above sees it).
const leavesFeature = (depth) => ({
  group: [`${"../".repeat(depth)}**`],
  message:
    "A relative import that leaves the feature: use ~/features/<name>/<public file> or ~/utils, ~/components.",
});
const restricted = (...patterns) => ["error", { paths: [i18nRule], patterns }];

export default tseslint.config(
  {
    ignores: [
      "build/**",
      ".react-router/**",
      "app/generated/**",
      "node_modules/**",
      "var/**",
      "tests/artifacts/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx,js,mjs}"],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { "react-hooks": reactHooks, "import-x": importX },
    settings: {
      ...importXConfigs.typescript.settings,
      "import-x/resolver": undefined,
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "./tsconfig.json" })],
    },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": ["error", { allow: ["warn", "error"] }],
      "no-restricted-imports": restricted(internals(null)),
      // One environment: variables are declared in app/utils/env-schema.ts and read through env() or
      // setting(name) there, never from process.env.
      "no-restricted-properties": [
        "error",
        {
          object: "process",
          property: "env",
          message: "Declare the variable in app/utils/env-schema.ts; read it with env() or setting(name).",
        },
      ],
    },
  },
  {
    // The env module itself; entry points that name their process before the app loads; tools, seeds
    // and tests, which set up the environment of what they start.
    files: [
      "app/utils/env-schema.ts",
      "server.ts",
      "workers/index.ts",
      "scripts/**",
      "prisma/**",
      "tests/**",
      "**/*.test.{ts,tsx}",
      "*.config.ts",
      "*.config.js",
    ],
    rules: { "no-restricted-properties": "off" },
  },
  // No import cycles in the running code (tests and scripts may close a loop through what they exercise).
  {
    files: ["app/**/*.{ts,tsx}", "workers/**/*.ts", "server.ts"],
    ignores: ["**/*.test.{ts,tsx}"],
    rules: { "import-x/no-cycle": ["error", { ignoreExternal: true }] },
  },
  // Each feature may reach its own internals; relative paths never leave it.
  ...features.flatMap((feature) => [
    {
      files: [`app/features/${feature}/*.{ts,tsx}`],
      rules: { "no-restricted-imports": restricted(internals(feature), leavesFeature(1)) },
    },
    {
      files: [`app/features/${feature}/*/*.{ts,tsx}`],
      rules: { "no-restricted-imports": restricted(internals(feature), leavesFeature(2)) },
    },
    {
      files: [`app/features/${feature}/*/*/**/*.{ts,tsx}`],
      rules: { "no-restricted-imports": restricted(internals(feature), leavesFeature(3)) },
    },
  ]),
  // Shared code depends on no feature.
  {
    files: ["app/utils/**", "app/components/**", "app/i18n/**"],
    ignores: ["**/*.test.{ts,tsx}"],
    rules: {
      "no-restricted-imports": restricted({
        group: ["~/features/**", "../features/**", "../../features/**"],
        message: "Shared code imports no feature: move what both need into app/utils or app/components.",
      }),
    },
  },
  // TEMPORARY (issue 22): job handlers still live in workers/jobs and features still import defineJob from
  // workers/registry; helper `kit` is turning each job into one definition inside its feature (defineJob
  // moving to shared code). Remove this block when that lands: then no feature imports workers/.
  ...features.map((feature) => ({
    files: [`app/features/${feature}/jobs.server.ts`],
    rules: { "no-restricted-imports": restricted(internals(feature)) },
  })),
  {
    files: ["workers/jobs/**", "workers/sweeper.ts"],
    rules: { "no-restricted-imports": restricted() },
  },
  // Tests, benchmarks and seeds exercise internals on purpose.
  {
    files: ["tests/**", "scripts/**", "prisma/**", "**/*.test.{ts,tsx}"],
    rules: { "no-restricted-imports": restricted() },
  },
  {
    files: ["scripts/**", "prisma/**", "tests/**", "workers/**", "server.ts"],
    rules: { "no-console": "off" },
  },
  // Playwright fixtures call a parameter named `use`, which is not React's hook.
  { files: ["tests/browser/**"], rules: { "react-hooks/rules-of-hooks": "off" } },
);
