// Second step of `npm run build` (after `react-router build`): compiles the processes production runs
// into plain JavaScript that `node` starts without a TypeScript loader:
//   build/web.js             the web server (server.ts with the app's server build inside it)
//   build/worker.js          the worker (workers/index.ts)
//   build/search-reindex.js  `npm run search:reindex`
//   build/keys.js            `npm run keys:generate`, `npm run keys:rotate`
//   build/encrypt-existing.js `npm run data:encrypt` (encrypts confidential text written before issue 16)
//   build/mail-catcher.js    the local mail catcher of the quick start (a development tool: it needs the
//                            devDependencies smtp-server and mailparser, which production never installs)
//
// React, React Router and the packages that import them are bundled in, compiled for production:
// `process.env.NODE_ENV` is "production" inside the bundle, so React's development code is dropped, and
// `react-router` resolves to its production build (its package.json names only its development build,
// whatever NODE_ENV says: remix-run/react-router#14102). Bundling them keeps one copy of each in the
// process. Every other package stays an ordinary import from node_modules (native code, WASM, files read
// at run time). build/bundle-meta.json records what went in; tests/system/production-build.test.ts reads it.
import { build } from "esbuild";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));

/** Bundled: React and React Router, and every dependency that imports either. */
export const bundledPackages = [
  "react",
  "react-dom",
  "react-router",
  "@react-router/express",
  "@react-router/node",
  "react-i18next",
  "@conform-to/react",
  "@conform-to/zod",
];
const external = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter(
  (name) => !bundledPackages.includes(name),
);

const reactRouterProduction = {
  name: "react-router-production",
  setup(b) {
    const dist = path.join(root, "node_modules/react-router/dist/production");
    b.onResolve({ filter: /^react-router(\/dom)?$/ }, (args) => ({
      path: path.join(dist, args.path === "react-router" ? "index.mjs" : "dom-export.mjs"),
    }));
    // The app's server build, made by `react-router build` just before.
    b.onResolve({ filter: /^virtual:puente\/server-build$/ }, () => ({
      path: path.join(root, "build/server/index.js"),
    }));
  },
};

const result = await build({
  absWorkingDir: root,
  entryPoints: {
    web: "server.ts",
    worker: "workers/index.ts",
    "search-reindex": "scripts/search-reindex.ts",
    keys: "scripts/keys.ts",
    "encrypt-existing": "scripts/encrypt-existing.ts",
    "mail-catcher": "scripts/mail-catcher.ts",
  },
  outdir: "build",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  conditions: ["production"],
  define: { "process.env.NODE_ENV": '"production"', __PUENTE_COMPILED__: "true" },
  // Bundled CommonJS (React) calls require(); ESM output needs one made for it.
  banner: {
    js: 'import { createRequire as __puenteCreateRequire } from "node:module"; const require = __puenteCreateRequire(import.meta.url);',
  },
  external,
  plugins: [reactRouterProduction],
  sourcemap: "linked",
  legalComments: "none",
  metafile: true,
  logLevel: "warning",
  // Vite's server chunks keep bare `import "pkg"` lines for packages whose exports were all shaken out
  // (Conform, react-i18next); those packages declare no side effects, so dropping the lines is right.
  logOverride: { "ignored-bare-import": "silent" },
});

writeFileSync(path.join(root, "build/bundle-meta.json"), JSON.stringify(result.metafile));
