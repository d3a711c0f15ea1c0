import { describe, expect, it } from "vitest";
import { unsubscribeToken, verifyUnsubscribeToken } from "./unsubscribe-token.server";

describe("unsubscribe tokens", () => {
  it("round-trips and rejects forgeries", () => {
    const token = unsubscribeToken("cku1abc");
    expect(verifyUnsubscribeToken(token)).toBe("cku1abc");
    const [payload, sig] = token.split(".");
    const other = Buffer.from("digest-unsubscribe:someone-else").toString("base64url");
    expect(verifyUnsubscribeToken(`${other}.${sig}`)).toBeNull();
    expect(verifyUnsubscribeToken(`${payload}.${sig.slice(0, -2)}AA`)).toBeNull();
    expect(verifyUnsubscribeToken(`${payload}`)).toBeNull();
    expect(verifyUnsubscribeToken("")).toBeNull();
    expect(verifyUnsubscribeToken(`${payload}.${sig}.x`)).toBeNull();
  });
});
