// The outreach feature's public surface for pages (components other features show).
export { PeerOfferNote } from "./components/peer-offer-note";
