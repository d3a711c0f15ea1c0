// The documents feature's public surface for pages: the documents panel and the upload form that need,
// engagement and conversation pages embed.
export {
  DocumentsPanel,
  DownloadWarning,
  EvidenceMarker,
  HeldDecision,
  MetadataChoice,
  UploadReport,
  fileSize,
} from "./components/documents-panel";
export { DocumentsPage } from "./components/documents-page";
export { UploadForm } from "./components/upload-form";
