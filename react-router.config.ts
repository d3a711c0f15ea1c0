import type { Config } from "@react-router/dev/config";

export default {
  ssr: true,
  // Middleware is how CSRF checks and request context apply to every route in one place.
  future: { v8_middleware: true },
} satisfies Config;
