// Module resolution hooks for the production web process (registered by server.ts).
// React Router's package.json sends Node to its development build whatever NODE_ENV says
// (remix-run/react-router#14102), so a production server would run its development-only checks and
// warnings on every request. It ships its production build next to it, with the same entry files.
// Every import of it goes through here, so the process still holds a single copy.
const development = "/node_modules/react-router/dist/development/";
const production = "/node_modules/react-router/dist/production/";

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  return resolved.url.includes(development)
    ? { ...resolved, url: resolved.url.replace(development, production) }
    : resolved;
}
