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
    route("notifications", "features/digest/routes/notifications.tsx"),
  ]),
  // email and digests
  route("unsubscribe/:token", "features/digest/routes/unsubscribe.tsx"),
  route("dev/mailbox", "features/email/routes/dev-mailbox.tsx"),
  route("dev/mailbox/:id", "features/email/routes/dev-mailbox-message.tsx"),
  route("secretariat/email-failures", "features/email/routes/email-failures.tsx"),
] satisfies RouteConfig;
