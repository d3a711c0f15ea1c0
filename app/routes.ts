import { type RouteConfig, index, route } from "@react-router/dev/routes";

export default [
  index("features/landing/routes/index.tsx"),
  route("healthz", "features/system/routes/healthz.ts"),
  route("readyz", "features/system/routes/readyz.ts"),
  route("set-language", "features/system/routes/set-language.ts"),
] satisfies RouteConfig;
