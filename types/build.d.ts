// Names that exist only in the compiled processes (scripts/build-server.mjs).

/** `true` in code compiled by `npm run build`; undefined when run from source (tsx, Vite). */
declare const __PUENTE_COMPILED__: true | undefined;

/** The app's server build (build/server/index.js), bundled into build/web.js. */
declare module "virtual:puente/server-build";
