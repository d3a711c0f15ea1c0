// Whether one candidate (an offer for "We can help", a need for "Ask this expert") fits, and why: the
// banded reasons when it fits, the refusals in plain words when it does not. Both pages show the same.
import type { ComponentProps } from "react";
import { MatchReasonList } from "~/features/matching";
import { useTranslation } from "~/i18n/use-translation";

type Props = {
  id: string;
  title: string;
  reasons: ComponentProps<typeof MatchReasonList>["reasons"];
  topicLabels: ComponentProps<typeof MatchReasonList>["topicLabels"];
  refusals: readonly string[];
  /** Where the refusal messages live: "refusals" (offers) or "askRefusals" (needs). */
  refusalKeys: "refusals" | "askRefusals";
};

export function FitVerdict({ id, title, reasons, topicLabels, refusals, refusalKeys }: Props) {
  const { t } = useTranslation();
  return (
    <div id={id}>
      {refusals.length === 0 ? (
        <>
          <p className="text-sm">{t("outreach:fits")}</p>
          <MatchReasonList
            reasons={reasons}
            topicLabels={topicLabels}
            label={t("outreach:reasonsFor", { title })}
          />
        </>
      ) : (
        <>
          <p className="text-sm">{t("outreach:doesNotFit")}</p>
          <ul className="list-disc pl-6 text-sm">
            {refusals.map((r) => (
              <li key={r}>{t(`outreach:${refusalKeys}.${r}`)}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
