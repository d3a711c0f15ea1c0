import { createContext, RouterContextProvider } from "react-router";
import { routeSlotContext, type RouteSlot } from "./metrics.server";

export type RequestInfo = { ip: string | null; nonce: string };

/**
 * Per-request facts from the HTTP layer (client IP for audit and rate limits). One key per process:
 * server.ts (from source) and the built server bundle (its own copy of this module) must share it, or
 * the app would never see the IP the HTTP layer set.
 */
const globalForContext = globalThis as unknown as {
  __puenteRequestInfo?: ReturnType<typeof createContext<RequestInfo>>;
};
export const requestInfoContext = (globalForContext.__puenteRequestInfo ??= createContext<RequestInfo>({
  ip: null,
  nonce: "",
}));

export function createLoadContext(info: Partial<RequestInfo> & { routeSlot?: RouteSlot }) {
  const context = new RouterContextProvider();
  context.set(requestInfoContext, { ip: info.ip ?? null, nonce: info.nonce ?? "" });
  if (info.routeSlot) context.set(routeSlotContext, info.routeSlot);
  return context;
}
