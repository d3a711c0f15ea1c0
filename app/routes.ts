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
  // marketplace: needs, offers, triage
  route("needs", "features/needs/routes/board.tsx"),
  route("needs/mine", "features/needs/routes/mine.tsx"),
  route("needs/new", "features/needs/routes/new.tsx"),
  route("needs/:id", "features/needs/routes/detail.tsx"),
  route("needs/:id/edit", "features/needs/routes/edit.tsx"),
  route("offers", "features/offers/routes/board.tsx"),
  route("offers/mine", "features/offers/routes/mine.tsx"),
  route("offers/new", "features/offers/routes/new.tsx"),
  route("offers/:id", "features/offers/routes/detail.tsx"),
  route("offers/:id/edit", "features/offers/routes/edit.tsx"),
  route("secretariat/triage", "features/triage/routes/queue.tsx"),
] satisfies RouteConfig;
