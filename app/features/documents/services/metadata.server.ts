// Metadata through mat2 (the metadata anonymisation toolkit Tails ships): `mat2 --show` lists what a
// file carries, `mat2` writes a cleaned copy. It runs with TMPDIR in the upload's private scratch
// directory, so its own temporary files stay in memory too. Output is parsed, never logged.
import { execFile } from "node:child_process";
import { accessSync, constants } from "node:fs";
import path from "node:path";

export type MetadataField = { readonly part?: string; readonly name: string; readonly value: string };

export type Mat2Failure = "missing" | "unsupported" | "failed";
export type ShowResult = { ok: true; fields: MetadataField[] } | { ok: false; failure: Mat2Failure };
export type CleanResult = { ok: true; cleanedPath: string } | { ok: false; failure: Mat2Failure };

export type Mat2Options = { bin: string; scratchDir: string; timeoutMs?: number };

type Run = { code: number | null; stdout: string; missing: boolean; timedOut: boolean };

/**
 * mat2 parses hostile files (a small PNG can claim to be 30,000 × 30,000 pixels): it runs with its
 * address space limited, so such a file makes it fail (the upload is then held for a decision) instead
 * of exhausting the server's memory. A 10 MiB PDF needs under 100 MB.
 */
const MAT2_ADDRESS_SPACE = 2 * 1024 * 1024 * 1024;

/** The executable a command name resolves to on PATH (or the path itself), or null. */
function resolveCommand(bin: string): string | null {
  const candidates = bin.includes("/")
    ? [bin]
    : // eslint-disable-next-line no-restricted-properties -- the system's PATH, not a setting of ours
      (process.env.PATH ?? "/usr/bin:/bin").split(":").map((dir) => path.join(dir, bin));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

function run(options: Mat2Options, args: string[]): Promise<Run> {
  const bin = resolveCommand(options.bin);
  if (!bin) return Promise.resolve({ code: null, stdout: "", missing: true, timedOut: false });
  const prlimit = resolveCommand("prlimit");
  const [command, commandArgs] = prlimit
    ? [prlimit, [`--as=${MAT2_ADDRESS_SPACE}`, "--", bin, ...args]]
    : [bin, args];
  return new Promise((resolve) => {
    execFile(
      command,
      commandArgs,
      {
        cwd: options.scratchDir,
        timeout: options.timeoutMs ?? 120_000,
        killSignal: "SIGKILL",
        maxBuffer: 4 * 1024 * 1024,
        // The system's PATH and HOME for the child, not settings of ours (the child gets nothing else).
        /* eslint-disable no-restricted-properties */
        env: {
          PATH: process.env.PATH ?? "/usr/bin:/bin",
          HOME: process.env.HOME ?? options.scratchDir,
          TMPDIR: options.scratchDir,
          LANG: "C.UTF-8",
        },
        /* eslint-enable no-restricted-properties */
      },
      (error, stdout) => {
        const err = error as (NodeJS.ErrnoException & { code?: string | number; killed?: boolean }) | null;
        resolve({
          code: err ? (typeof err.code === "number" ? err.code : null) : 0,
          stdout: String(stdout ?? ""),
          missing: err?.code === "ENOENT" || err?.code === "EACCES",
          timedOut: Boolean(err?.killed),
        });
      },
    );
  });
}

/** Values that say nothing about anyone (PDF dates mat2 has already unset, the PDF version). */
function harmless(field: MetadataField) {
  return (
    field.value === "-1" || (field.part === undefined && field.name === "format" && /^PDF-/.test(field.value))
  );
}

/** Parses `mat2 --show` output: `[+] Metadata for <file>:`, nested `[++] Metadata for <member>:`, `key: value`. */
export function parseShowOutput(stdout: string): { fields: MetadataField[] } | { failure: Mat2Failure } {
  const fields: MetadataField[] = [];
  let part: string | undefined;
  for (const line of stdout.split("\n")) {
    if (/^\[-\].*(not supported|isn't supported)/.test(line)) return { failure: "unsupported" };
    if (line.startsWith("[-]")) return { failure: "failed" };
    const header = /^\[(\++)\] Metadata for (.*):$/.exec(line);
    if (header) {
      part = header[1].length > 1 ? header[2] : undefined;
      continue;
    }
    const entry = /^\s+(\S.*?): (.*)$/.exec(line);
    if (entry) {
      const field: MetadataField = {
        ...(part ? { part } : {}),
        name: entry[1].trim(),
        value: entry[2].trim(),
      };
      if (!harmless(field)) fields.push(field);
    }
  }
  return { fields };
}

export async function showMetadata(file: string, options: Mat2Options): Promise<ShowResult> {
  const result = await run(options, ["--show", file]);
  if (result.missing) return { ok: false, failure: "missing" };
  if (result.timedOut || result.code !== 0) return { ok: false, failure: "failed" };
  const parsed = parseShowOutput(result.stdout);
  return "failure" in parsed ? { ok: false, failure: parsed.failure } : { ok: true, fields: parsed.fields };
}

/** Writes `<name>.cleaned.<ext>` next to `file` (mat2's own naming). */
export async function removeMetadata(file: string, options: Mat2Options): Promise<CleanResult> {
  const result = await run(options, [file]);
  if (result.missing) return { ok: false, failure: "missing" };
  if (/format \(.*\) is not supported/.test(result.stdout)) return { ok: false, failure: "unsupported" };
  if (result.timedOut || result.code !== 0 || result.stdout.includes("[-]"))
    return { ok: false, failure: "failed" };
  const ext = path.extname(file);
  return { ok: true, cleanedPath: `${file.slice(0, file.length - ext.length)}.cleaned${ext}` };
}

// ───────────────────────────── what the metadata reveals, in plain words ─────────────────────────────

export type RevealCategory = "location" | "device" | "people" | "dates" | "history" | "software" | "other";

const CATEGORY_RULES: [RevealCategory, RegExp][] = [
  ["location", /gps|latitude|longitude|location|city|country|sublocation|province|altitude/i],
  [
    "people",
    /author|creator|artist|owner|lastmodifiedby|company|manager|copyright|by-line|byline|contributor|credit|initial-creator|publisher|user|name$/i,
  ],
  ["device", /make|model|serial|lens|camera|device|body|hostcomputer|printer|scanner/i],
  [
    "history",
    /revision|version|history|editing|template|track|comment|generator|documentid|instanceid|derived/i,
  ],
  ["dates", /date|time|created|modified/i],
  ["software", /software|application|producer|tool|appversion|encoder|app$/i],
];

export function categoryOf(field: MetadataField): RevealCategory {
  const name = field.name.replace(/^[a-z]+:/i, "");
  for (const [category, rule] of CATEGORY_RULES) if (rule.test(name)) return category;
  return "other";
}

/** Fields grouped by what they reveal, each category listed once, in a fixed order. */
export function revealsOf(
  fields: readonly MetadataField[],
): { category: RevealCategory; fields: MetadataField[] }[] {
  const order: RevealCategory[] = ["location", "people", "device", "dates", "history", "software", "other"];
  const groups = new Map<RevealCategory, MetadataField[]>();
  for (const field of fields) {
    const category = categoryOf(field);
    groups.set(category, [...(groups.get(category) ?? []), field]);
  }
  return order.filter((c) => groups.has(c)).map((category) => ({ category, fields: groups.get(category)! }));
}
