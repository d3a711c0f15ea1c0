import { reactRouter } from "@react-router/dev/vite";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig, type Plugin } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

/**
 * The browser bundle gets React Router's production build: its package.json names only the development
 * one (remix-run/react-router#14102). The server build is left to scripts/build-server.mjs, which bundles
 * React Router into build/web.js the same way; the dev server and tests keep the development build.
 */
function reactRouterProductionBuild(): Plugin {
  return {
    name: "puente:react-router-production-build",
    apply: "build",
    enforce: "pre",
    applyToEnvironment: (environment) => environment.name === "client",
    async resolveId(source, importer, options) {
      if (source !== "react-router" && source !== "react-router/dom") return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (!resolved) return null;
      return {
        ...resolved,
        id: resolved.id.replace("/react-router/dist/development/", "/react-router/dist/production/"),
      };
    },
  };
}

/** Rollup warnings that say nothing about our code: misplaced annotations inside zod, empty server-only chunks. */
const quietWarnings = new Set(["INVALID_ANNOTATION", "EMPTY_BUNDLE"]);

export default defineConfig({
  plugins: [reactRouterProductionBuild(), tailwindcss(), reactRouter(), tsconfigPaths()],
  build: {
    assetsInlineLimit: 0,
    rollupOptions: {
      onwarn(warning, warn) {
        if (warning.code && quietWarnings.has(warning.code)) return;
        warn(warning);
      },
    },
  },
  server: { host: "127.0.0.1" },
});
