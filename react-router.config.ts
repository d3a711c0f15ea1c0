import type { Config } from "@react-router/dev/config";

export default {
  ssr: true,
  future: {
    // Middleware is how CSRF checks and request context apply to every route in one place.
    v8_middleware: true,
    // The other v8 behaviours are decided, not left to a default (ADR 0001): each changes what the app
    // does (chunk layout, the Vite build's environments, the request loaders see, the `.data` URLs our
    // security tests request), so each is taken up on its own with its tests, not by a version bump.
    v8_splitRouteModules: false,
    v8_viteEnvironmentApi: false,
    v8_passThroughRequests: false,
    v8_trailingSlashAwareDataRequests: false,
  },
} satisfies Config;
