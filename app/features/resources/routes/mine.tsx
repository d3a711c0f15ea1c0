// /resources/mine: the library, limited to the viewer's organisations, drafts included (the loader reads the path).
export { default, loader, meta } from "./list";
