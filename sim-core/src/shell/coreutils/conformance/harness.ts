/**
 * Replays recorded cases (conformance/fixtures/<tool>.json, recorded from the real Debian 12
 * tools by conformance/record.mjs) against the simulator: stdout, stderr and the exit status
 * must be identical.
 */
import { describe, expect, test } from "vitest";
import { IS_A_DIRECTORY, NO_SUCH_FILE } from "../common.js";
import { coreutils } from "../index.js";
import type { FileData } from "../types.js";

export interface RecordedCase {
  argv: string[];
  stdin?: string;
  files?: Record<string, string>;
  /** Directories in the working directory (file operands that are directories). */
  dirs?: string[];
  /** Standard input is a directory (`< DIR`): reading it fails with EISDIR. */
  stdinDir?: boolean;
  stdout: string;
  stderr: string;
  status: number;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  status: number;
}

/**
 * Run a utility from the registry with files that exist only in `files` (a directory is
 * IS_A_DIRECTORY there), and standard input `stdin` (a ReadError when it cannot be read).
 */
export function runTool(
  argv: string[],
  stdin: FileData = "",
  files: Record<string, FileData> = {},
): RunResult {
  let stdout = "";
  let stderr = "";
  const cmd = coreutils[argv[0]];
  if (!cmd) throw new Error(`no command ${argv[0]}`);
  const status = cmd({
    argv,
    stdin,
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    readFile: (p) => (Object.hasOwn(files, p) ? files[p] : NO_SUCH_FILE),
  });
  return { stdout, stderr, status };
}

const label = (c: RecordedCase) => {
  const s = JSON.stringify(c.argv.slice(1));
  return s.length > 100 ? s.slice(0, 97) + "..." : s;
};

/** One test per recorded case. */
export function conformanceSuite(tool: string, cases: RecordedCase[]): void {
  describe(`${tool} matches Debian 12`, () => {
    cases.forEach((c, i) => {
      test(`#${i} ${label(c)}`, () => {
        const files: Record<string, FileData> = { ...c.files };
        for (const d of c.dirs ?? []) files[d] = IS_A_DIRECTORY;
        const got = runTool(c.argv, c.stdinDir ? IS_A_DIRECTORY : (c.stdin ?? ""), files);
        expect(got).toEqual({ stdout: c.stdout, stderr: c.stderr, status: c.status });
      });
    });
  });
}
