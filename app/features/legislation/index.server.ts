// The legislation tracker's server surface: the country page reads a country's tracker and the follow
// state, and changes it; the insight dashboard reads texts by direction and stage.
export {
  countryTracker,
  isFollowing,
  legislationByDirection,
  setFollowing,
} from "./services/legislation.server";
