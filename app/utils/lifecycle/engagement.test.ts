import { describe, it } from "vitest";
import { closeRequestTable, engagementTable } from "./engagement";
import { expectTable } from "./table-check";

describe("engagement lifecycle table", () => {
  it("allows exactly these moves and refuses every other (status, action) pair", () => {
    expectTable(engagementTable, ["active --close--> closed"]);
  });

  it("answers a close request once: confirmed, declined or withdrawn, only while pending", () => {
    expectTable(closeRequestTable, [
      "pending --confirm--> confirmed",
      "pending --decline--> declined",
      "pending --withdraw--> withdrawn",
    ]);
  });
});
