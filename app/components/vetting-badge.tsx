// The vetting level of the organisation behind an offer (or a profile), on every card and page that
// shows one: "awaiting verification" for an unvetted organisation (seen only by its own members and the
// secretariat: policy.ts, offerAccess), "verified" or "trusted" otherwise.
import { useTranslation } from "~/i18n/use-translation";

export type VettingLevelName = "unverified" | "verified" | "trusted";

export function VettingBadge({ level }: { level: VettingLevelName }) {
  const { t } = useTranslation();
  return (
    <span className="badge" data-vetting={level}>
      {t(`org:vettingBadge.${level}`)}
    </span>
  );
}
