// The resources feature's public surface for pages: the "linked resources" panel that need, engagement
// and call pages embed (its data comes from `resourceLinksView` in index.server.ts).
export { ResourceLinksPanel } from "./components/resource-links-panel";
