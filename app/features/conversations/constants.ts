// Shared by pages and services (no server code here).
/** The longest message, in characters. */
export const MESSAGE_MAX = 10_000;
