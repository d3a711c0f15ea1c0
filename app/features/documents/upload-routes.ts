// Kept apart (no imports) so the HTTP server can read it without loading the upload pipeline.
/**
 * The paths of routes that accept a document upload (multipart/form-data): the HTTP server allows their
 * bodies UPLOAD_MAX_FILE_MB plus headroom, every other body 1 MiB (app/utils/body-limit.server.ts). A
 * route that calls receiveDocument must be listed here, or uploads to it are refused with 413.
 */
export const uploadRoutePaths: readonly RegExp[] = [
  /^\/needs\/[^/]+\/documents$/, // a need's documents (the coalition)
  /^\/engagements\/[^/]+\/documents$/, // an engagement's documents (both sides, the secretariat)
  /^\/threads\/[^/]+$/, // a message with an attachment
];
