// The documents feature's public surface: what needs, engagements and conversations call. Everything
// else under services/ is internal. See README.md.
export {
  receiveDocument,
  keepHeldAsEvidence,
  discardHeld,
  removeMetadataFromHeld,
  pipelineConfig,
  stripFailureMessageKey,
  type UploadResult,
  type Refusal,
  type RefusalCode,
  type StripFailure,
  type PipelineConfig,
} from "./services/pipeline.server";
export {
  listDocuments,
  describeDocument,
  readDocument,
  deleteDocument,
  deleteScopeDocuments,
  scopeUsage,
  sweepExpiredHeld,
  DocumentNotFoundError,
  type DocumentSummary,
  type MetadataReport,
  type ContentStore,
} from "./services/store.server";
export { documentDownload, safeFilename, contentDisposition } from "./services/download.server";
export { revealsOf, categoryOf, type MetadataField, type RevealCategory } from "./services/metadata.server";
export { DOCUMENT_KINDS, type DocumentKind } from "./services/file-types";
export { sweepUploadLeftovers } from "./services/scratch.server";

export { uploadRoutePaths } from "./upload-routes";
export { documentsAction, documentsPanel, isMultipart, uploadOutcomeRedirect } from "./services/panel.server";
