// The documents feature's public surface for pages (no server code): the panel and its pieces.
export {
  DocumentsPanel,
  EvidenceMarker,
  HeldDecision,
  MetadataChoice,
  UploadReport,
  fileSize,
} from "./components/documents-panel";
export { UploadForm } from "./components/upload-form";
