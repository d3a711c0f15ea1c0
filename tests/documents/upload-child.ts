// Run by killed-upload.test.ts as a separate process: starts uploading a large PDF (mat2 takes seconds
// to rebuild it) so that the test can kill this process halfway. Not a test file.
import { receiveDocument } from "~/features/documents/index.server";
import { scanLikePdf } from "../support/document-fixtures";
import { multipartRequest, testConfig } from "./support";

const base = process.argv[2];
const { request } = multipartRequest({
  name: "big.pdf",
  bytes: scanLikePdf(8 * 1024 * 1024, { author: "Ana" }),
});
console.log("uploading");
const result = await receiveDocument(request, {
  scope: "need:killed",
  actorId: null,
  config: testConfig(base),
});
console.log("finished", result.status);
process.exit(0);
