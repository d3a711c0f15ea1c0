// The legislation tracker's components others render (the country page shows the tracker).
export { TrackerSection } from "./components/tracker";
