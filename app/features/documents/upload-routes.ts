// Kept apart (no imports) so the HTTP server can read it without loading the upload pipeline.
/**
 * The paths of routes that accept a document upload (multipart/form-data): the HTTP server allows their
 * bodies UPLOAD_MAX_FILE_MB plus headroom, every other body 1 MiB (app/utils/body-limit.server.ts). A
 * route that calls receiveDocument must be listed here, or uploads to it are refused with 413.
 */
export const uploadRoutePaths: readonly RegExp[] = [
  // A document form posts to the page itself, or to its `.data` URL when JavaScript submits it.
  /^\/needs\/[^/]+\/documents(?:\.data)?$/,
  /^\/engagements\/[^/]+\/documents(?:\.data)?$/,
  /^\/threads\/[^/]+(?:\.data)?$/,
  /^\/resources\/[^/]+\/documents(?:\.data)?$/,
];
