import { createContext, RouterContextProvider } from "react-router";

export type RequestInfo = { ip: string | null; nonce: string };

/** Per-request facts from the HTTP layer (client IP for audit and rate limits). */
export const requestInfoContext = createContext<RequestInfo>({ ip: null, nonce: "" });

export function createLoadContext(info: Partial<RequestInfo>) {
  const context = new RouterContextProvider();
  context.set(requestInfoContext, { ip: info.ip ?? null, nonce: info.nonce ?? "" });
  return context;
}
