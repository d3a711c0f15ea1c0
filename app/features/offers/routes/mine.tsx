// /offers/mine: the board, limited to the viewer's organisations (the loader reads the path).
export { default, loader, meta } from "./board";
