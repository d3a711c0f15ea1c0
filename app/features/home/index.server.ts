// The home feature's public surface (server): the signed-in member's home, one section per role.
export { loadHome, type HomeData, type HomeMembership } from "./services/home.server";
export { secretariatDay, needsPastWantedBy, type SecretariatTask } from "./services/secretariat.server";
export { coalitionHome } from "./services/coalition.server";
export { expertHome } from "./services/expert.server";
