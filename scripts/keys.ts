// Master keys for encryption at rest (ADR 0008).
//   npm run keys:generate   prints a new ENCRYPTION_KEYS entry (put it FIRST in the list to make it current)
//   npm run keys:rotate     re-wraps every data key under the current (first) master key, in batches;
//                           safe while the app runs, resumable, idempotent. Prints what still uses which key.
// Reads .env when there is one (variables already set in the environment win).
import { existsSync } from "node:fs";
import { generateMasterKeyEntry } from "~/utils/crypto/master-keys";

const command = process.argv[2];
if (command === "generate") {
  console.log(generateMasterKeyEntry());
  process.exit(0);
}
if (command !== "rotate") {
  console.error("usage: npm run keys:generate | npm run keys:rotate [-- --batch N]");
  process.exit(2);
}

if (existsSync(".env")) process.loadEnvFile(".env");
const { loadEnvOrExit, sharedEnvSchema } = await import("~/utils/env-schema");
const { createPrismaClient } = await import("~/utils/db.server");
const { rotateDataKeys, dataKeysByMasterKey } = await import("~/utils/crypto/rotate.server");

const env = loadEnvOrExit(sharedEnvSchema);
if (!env.ENCRYPTION_KEYS) {
  console.error("ENCRYPTION_KEYS is not set: nothing to rotate with (npm run keys:generate prints a key).");
  process.exit(1);
}
const batchArg = process.argv.indexOf("--batch");
const batchSize = batchArg > 0 ? Number(process.argv[batchArg + 1]) : 500;
const client = createPrismaClient(env.DATABASE_URL, { max: 2 });
const keys = env.ENCRYPTION_KEYS;
const started = Date.now();
try {
  console.log(`keys:rotate: re-wrapping data keys under master key "${keys.current.id}"…`);
  const result = await rotateDataKeys({
    keys,
    client,
    batchSize,
    onBatch: (p) => {
      if (p.batches % 10 === 0) console.log(`keys:rotate: ${p.rewrapped} re-wrapped so far`);
    },
  });
  console.log(
    `keys:rotate: ${result.rewrapped} data keys re-wrapped in ${result.batches} batches, ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  const byMaster = await dataKeysByMasterKey(client);
  for (const [id, count] of Object.entries(byMaster))
    console.log(`  master key "${id}": ${count} data keys${id === keys.current.id ? " (current)" : ""}`);
  const stuck = Object.entries(result.remaining);
  if (stuck.length) {
    for (const [id, count] of stuck)
      console.error(
        `keys:rotate: ${count} data keys are wrapped by master key "${id}", which ENCRYPTION_KEYS does not list: add it back (after the current key) and run again`,
      );
    process.exitCode = 1;
  } else {
    const unused = [...keys.byId.keys()].filter((id) => id !== keys.current.id);
    if (unused.length)
      console.log(
        `keys:rotate: no data key uses ${unused.map((id) => `"${id}"`).join(", ")} any more. Remove it from ENCRYPTION_KEYS on every process; destroy it once the backups taken before this rotation have expired.`,
      );
  }
} finally {
  await client.$disconnect();
}
