import { useTranslation } from "~/i18n/use-translation";
import { Link } from "react-router";
import { formatNumber } from "~/i18n/format";
import type { Locale } from "~/i18n/config";
import { useReaderZone, useRootData } from "~/root";
import { getViewer } from "~/features/auth/index.server";
import { loadHome } from "~/features/home/index.server";
import { Home } from "~/features/home";
import { db } from "~/utils/db.server";
import { getNetworkFigures } from "../services/network-figures.server";
import type { Route } from "./+types/index";

// Visitors get the marketing page; a signed-in member gets their home (issue 21), at the same address.
export async function loader({ request }: Route.LoaderArgs) {
  const signedIn = await getViewer(request);
  if (signedIn) {
    return {
      home: await loadHome(db(), signedIn.viewer, signedIn.memberships),
      userName: signedIn.user.name,
      figures: null,
    };
  }
  return { home: null, userName: null, figures: await getNetworkFigures() };
}

export default function LandingOrHome({ loaderData }: Route.ComponentProps) {
  const locale = useRootData()?.locale ?? "en";
  const zone = useReaderZone();
  if (loaderData.home)
    return <Home home={loaderData.home} userName={loaderData.userName ?? ""} locale={locale} zone={zone} />;
  return <Landing figures={loaderData.figures!} locale={locale} />;
}

function Landing({
  figures: f,
  locale,
}: {
  figures: Awaited<ReturnType<typeof getNetworkFigures>>;
  locale: Locale;
}) {
  const { t } = useTranslation();
  const items: Array<[string, number]> = [
    ["coalitions", f.coalitions],
    ["experts", f.experts],
    ["countries", f.countries],
    ["openNeeds", f.openNeeds],
    ["activeOffers", f.activeOffers],
    ["engagementsCompleted", f.engagementsCompleted],
  ];
  return (
    <div className="space-y-8">
      <section aria-labelledby="landing-title" className="max-w-3xl space-y-4">
        <h1 id="landing-title">{t("landing.title")}</h1>
        <p className="text-lg">{t("landing.intro")}</p>
        <p>{t("landing.membersOnly")}</p>
        <p>
          <Link to="/login" className="btn">
            {t("landing.signInCta")}
          </Link>
        </p>
      </section>
      <section aria-labelledby="figures-title">
        <h2 id="figures-title">{t("landing.figuresTitle")}</h2>
        <dl className="mt-4 grid grid-cols-2 gap-4 sm:grid-cols-3">
          {items.map(([key, value]) => (
            <div key={key} className="card">
              <dt className="text-sm text-[var(--color-muted)]">{t(`landing.${key}`)}</dt>
              <dd className="text-3xl font-bold">{formatNumber(value, locale)}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section aria-labelledby="impact-link-title" className="space-y-2">
        <h2 id="impact-link-title">{t("impact:landing.title")}</h2>
        <p>
          <Link to="/impact">{t("impact:landing.link")}</Link>
        </p>
      </section>
    </div>
  );
}
