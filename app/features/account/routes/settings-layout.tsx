import { useTranslation } from "~/i18n/use-translation";
import { NavLink, Outlet } from "react-router";
import { requireUser } from "~/features/auth/index.server";
import type { Route } from "./+types/settings-layout";

export async function loader({ request }: Route.LoaderArgs) {
  await requireUser(request);
  return null;
}

export default function SettingsLayout() {
  const { t } = useTranslation();
  const links: Array<[string, string]> = [
    ["/settings", "account:nav.account"],
    ["/settings/time-zone", "account:nav.timeZone"],
    ["/settings/calendar", "coordination:feed.nav"],
    ["/settings/password", "account:nav.password"],
    ["/settings/two-factor", "account:nav.twoFactor"],
    ["/settings/sessions", "account:nav.sessions"],
    ["/settings/notifications", "digest:preferences.title"],
    ["/settings/data", "account:nav.data"],
  ];
  return (
    <div className="grid gap-6 md:grid-cols-[14rem_1fr]">
      <nav aria-label={t("account:nav.label")}>
        <ul className="space-y-2">
          {links.map(([to, key]) => (
            <li key={to}>
              <NavLink to={to} end>
                {t(key)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div>
        <Outlet />
      </div>
    </div>
  );
}
