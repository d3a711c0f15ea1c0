// Every secretariat page sits under this layout (app/routes.ts): its middleware requires a secretariat
// member with a second-factor-verified session before any of their loaders or actions runs, so a page
// added under it cannot forget the check. Pages still read the member through requireSecretariat, which
// answers from the same request's cached viewer.
import { Outlet } from "react-router";
import { requireSecretariat } from "../services/session.server";
import type { Route } from "./+types/secretariat-layout";

export const middleware: Route.MiddlewareFunction[] = [
  async ({ request }, next) => {
    await requireSecretariat(request);
    return next();
  },
];

export default function SecretariatLayout() {
  return <Outlet />;
}
