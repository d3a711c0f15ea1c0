// The process's master keys, from the validated environment (parsed once: a frozen getter).
import { parseEnv, sharedEnvSchema } from "../env-schema";
import type { MasterKeys } from "./master-keys";

const schema = sharedEnvSchema.pick({ NODE_ENV: true, ENCRYPTION_KEYS: true });
let cached: MasterKeys | undefined;

class MissingMasterKeyError extends Error {
  constructor() {
    super(
      "ENCRYPTION_KEYS is not set: run `npm run setup` (it writes one into .env) or `npm run keys:generate`",
    );
    this.name = "MissingMasterKeyError";
  }
}

export function masterKeys(): MasterKeys {
  if (cached) return cached;
  const keys = parseEnv(schema).ENCRYPTION_KEYS;
  if (!keys) throw new MissingMasterKeyError();
  cached = keys;
  return keys;
}
