import { useTranslation } from "~/i18n/use-translation";
import { useReaderZone } from "~/root";
import { countryName, formatDate, languageName } from "~/i18n/format";
import type { Locale } from "~/i18n/config";

export type ProfileData = {
  kind: "COALITION" | "EXPERT" | "SECRETARIAT";
  name: string;
  countryCode: string | null;
  coverageGlobal: boolean;
  coverageCountries: string[];
  coverageRegions: string[];
  languages: string[];
  description: string | null;
  website: string | null;
  vettingLevel: "unverified" | "verified" | "trusted";
  vettedAt: string | Date | null;
};

/** Read-only profile. User text is rendered as text (React escapes it); the website only if http(s). */
export function ProfileView({ org, locale }: { org: ProfileData; locale: Locale }) {
  const zone = useReaderZone();
  const { t } = useTranslation();
  const safeWebsite = org.website && /^https?:\/\//i.test(org.website) ? org.website : null;
  return (
    <dl className="grid gap-2 sm:grid-cols-[12rem_1fr]">
      <dt>{t("org:fields.kind")}</dt>
      <dd>{t(`org:kind.${org.kind}`)}</dd>
      <dt>{t("org:fields.vetting")}</dt>
      <dd>
        {t(`org:vetting.${org.vettingLevel}`)}
        {org.vettedAt ? ` (${formatDate(org.vettedAt, locale, "medium", zone)})` : null}
      </dd>
      {org.kind === "COALITION" ? (
        <>
          <dt>{t("org:fields.country")}</dt>
          <dd>{org.countryCode ? countryName(org.countryCode, locale) : "—"}</dd>
        </>
      ) : null}
      {org.kind === "EXPERT" ? (
        <>
          <dt>{t("org:fields.coverage")}</dt>
          <dd>
            {[
              org.coverageGlobal ? t("org:fields.global") : null,
              ...org.coverageRegions.map((r) => t(`org:regions.${r}`)),
              ...org.coverageCountries.map((c) => countryName(c, locale)),
            ]
              .filter(Boolean)
              .join(", ") || "—"}
          </dd>
        </>
      ) : null}
      <dt>{t("org:fields.languages")}</dt>
      <dd>{org.languages.map((l) => languageName(l, locale)).join(", ") || "—"}</dd>
      <dt>{t("org:fields.description")}</dt>
      <dd className="whitespace-pre-wrap">{org.description || "—"}</dd>
      <dt>{t("org:fields.website")}</dt>
      <dd>
        {safeWebsite ? (
          <a href={safeWebsite} rel="noopener noreferrer nofollow">
            {safeWebsite}
          </a>
        ) : (
          "—"
        )}
      </dd>
    </dl>
  );
}
