// The engagements feature's public surface on the server: an engagement with the reader's access to it
// (documents and conversations pages build on it).
export { engagementWithAccess } from "./services/engagement-access.server";
