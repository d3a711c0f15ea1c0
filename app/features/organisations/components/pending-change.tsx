// A change of an organisation's name or coverage waiting for the secretariat's approval: shown to the
// organisation's admins (who asked) and to the secretariat (who decides), nowhere else.
import { useTranslation } from "~/i18n/use-translation";
import { countryName } from "~/i18n/format";
import type { Locale } from "~/i18n/config";

export type PendingChangeView = {
  name: string | null;
  coverage: { global: boolean; countries: string[]; regions: string[] } | null;
};

export function PendingChange({ pending, locale }: { pending: PendingChangeView; locale: Locale }) {
  const { t } = useTranslation();
  return (
    <section className="card space-y-2" aria-labelledby="pending-change-title">
      <h2 id="pending-change-title">{t("org:change.title")}</h2>
      <p>{t("org:change.explain")}</p>
      <dl className="grid gap-x-6 gap-y-1 sm:grid-cols-[auto_1fr]">
        {pending.name !== null ? (
          <>
            <dt className="font-semibold">{t("org:fields.name")}</dt>
            <dd>{pending.name}</dd>
          </>
        ) : null}
        {pending.coverage ? (
          <>
            <dt className="font-semibold">{t("org:fields.coverage")}</dt>
            <dd>
              {[
                ...(pending.coverage.global ? [t("org:fields.global")] : []),
                ...pending.coverage.regions.map((r) => t(`org:regions.${r}`)),
                ...pending.coverage.countries.map((c) => countryName(c, locale)),
              ].join(", ") || "—"}
            </dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}
