// The documents feature's public surface: what needs, engagements and conversations call. Everything
// else under services/ is internal. See README.md.
export {
  receiveDocument,
  keepHeldAsEvidence,
  discardHeld,
  removeMetadataFromHeld,
  type UploadResult,
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
} from "./services/store.server";
export { documentDownload } from "./services/download.server";
export { revealsOf } from "./services/metadata.server";

export { documentsAction, documentsPanel, isMultipart, uploadOutcomeRedirect } from "./services/panel.server";
