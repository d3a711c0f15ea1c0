// The legislation tracker's components others render (the country page shows the tracker).
export { DirectionBadge, StageBadge, TrackerSection, type TrackerItem } from "./components/tracker";
