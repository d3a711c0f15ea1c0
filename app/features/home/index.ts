// The home feature's public surface (components): the signed-in member's home page.
export { Home } from "./components/home";
