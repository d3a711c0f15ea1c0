import { describe, it } from "vitest";
import { legislationTable } from "./legislation";
import { expectTable } from "./table-check";

describe("legislation stage table", () => {
  it("allows exactly these moves and refuses every other (stage, action) pair", () => {
    expectTable(legislationTable, [
      "proposed --table_in_parliament--> in_parliament",
      "proposed --adopt--> adopted",
      "in_parliament --adopt--> adopted",
      "struck_down --adopt--> adopted",
      "proposed --bring_into_force--> in_force",
      "adopted --bring_into_force--> in_force",
      "challenged --bring_into_force--> in_force",
      "adopted --challenge--> challenged",
      "in_force --challenge--> challenged",
      "adopted --strike_down--> struck_down",
      "in_force --strike_down--> struck_down",
      "challenged --strike_down--> struck_down",
    ]);
  });
});
