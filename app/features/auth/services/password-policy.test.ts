import { describe, expect, it } from "vitest";
import { passwordProblem } from "./password-policy.server";

describe("password policy", () => {
  it("wants 12 characters or more", () => {
    expect(passwordProblem("short")).toBe("tooShort");
    expect(passwordProblem("ñ".repeat(11))).toBe("tooShort");
    expect(passwordProblem("x".repeat(201))).toBe("tooLong");
  });

  it("refuses common passwords, padded or doubled, and trivial repetitions", () => {
    expect(passwordProblem("1q2w3e4r5t6y")).toBe("common");
    expect(passwordProblem("Password1234")).toBe("common");
    expect(passwordProblem("!!dragon2024!!")).toBe("common");
    expect(passwordProblem("qwertyqwerty")).toBe("common");
    expect(passwordProblem("aaaaaaaaaaaaaaa")).toBe("common");
  });

  it("refuses the user's own name or email", () => {
    expect(passwordProblem("maria.lopez-2026!", ["maria.lopez@example.org"])).toBe("personal");
  });

  it("accepts a passphrase", () => {
    expect(passwordProblem("correct horse battery staple")).toBeNull();
    expect(passwordProblem("puente entre coaliciones 7")).toBeNull();
  });
});
