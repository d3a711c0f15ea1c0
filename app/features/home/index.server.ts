// The home feature's public surface (server): the signed-in member's home, one section per role.
export { loadHome } from "./services/home.server";
export { secretariatDay } from "./services/secretariat.server";
export { coalitionHome } from "./services/coalition.server";
export { expertHome } from "./services/expert.server";
