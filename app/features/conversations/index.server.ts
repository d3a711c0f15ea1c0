// The conversations feature's public surface (what other features use). Routes and services/ are its own.
export { threadOfProposal, engagementThread, unreadTotal, inbox } from "./services/threads.server";
export { sendMessageNotifications } from "./services/notify.server";
