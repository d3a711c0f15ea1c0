// A coalition's offer is a peer offer: said after the organisation's name, with what it shares, wherever
// an offer is listed (the board, the offer page, the review queue, both reach-out pages).
import { useTranslation } from "~/i18n/use-translation";

/** " · peer offer from a coalition (experience, strategy)" after an organisation's name, or nothing. */
export function PeerOfferNote({ peer, kinds }: { peer: boolean; kinds?: readonly string[] }) {
  const { t } = useTranslation();
  if (!peer) return null;
  return (
    <>
      {` · ${t("outreach:peerOffer")}`}
      {kinds?.length ? ` (${kinds.map((k) => t(`outreach:peerKinds.${k}`)).join(", ")})` : ""}
    </>
  );
}
