import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

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
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": ["error", { allow: ["warn", "error"] }],
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "react-i18next",
              importNames: ["useTranslation"],
              message: "Use useTranslation from ~/i18n/use-translation (docs/decisions/0006).",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["scripts/**", "prisma/**", "tests/**", "workers/**", "server.ts"],
    rules: { "no-console": "off" },
  },
  // Playwright fixtures call a parameter named `use`, which is not React's hook.
  { files: ["tests/browser/**"], rules: { "react-hooks/rules-of-hooks": "off" } },
);
