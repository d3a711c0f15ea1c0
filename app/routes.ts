import { type RouteConfig, index, route } from "@react-router/dev/routes";

export default [
  index("features/landing/routes/index.tsx"),
  route("healthz", "features/system/routes/healthz.ts"),
  route("readyz", "features/system/routes/readyz.ts"),
  route("set-language", "features/system/routes/set-language.ts"),
  // trust layer: accounts, organisations, audit
  route("login", "features/auth/routes/login.tsx"),
  route("logout", "features/auth/routes/logout.ts"),
  route("settings", "features/account/routes/settings-layout.tsx", [
    index("features/account/routes/account.tsx"),
  ]),
] satisfies RouteConfig;
