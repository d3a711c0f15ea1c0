import type { HeadersFunction } from "react-router";

/** Route `headers` export that passes Retry-After (from a rate-limited action or loader) to the document. */
export const retryAfterHeaders: HeadersFunction = ({ actionHeaders, loaderHeaders }) => {
  const headers = new Headers();
  const value = actionHeaders.get("Retry-After") ?? loaderHeaders.get("Retry-After");
  if (value) headers.set("Retry-After", value);
  return headers;
};
