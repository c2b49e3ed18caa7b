/**
 * Replays recorded cases (conformance/fixtures/<tool>.json, recorded from the real Debian 12
 * tools by conformance/record.mjs) against the simulator: stdout, stderr and the exit status
 * must be identical.
 */
import { describe, expect, test } from "vitest";
import { coreutils } from "../index.js";

export interface RecordedCase {
  argv: string[];
  stdin?: string;
  files?: Record<string, string>;
  stdout: string;
  stderr: string;
  status: number;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  status: number;
}

/** Run a utility from the registry with files that exist only in `files`. */
export function runTool(argv: string[], stdin = "", files: Record<string, string> = {}): RunResult {
  let stdout = "";
  let stderr = "";
  const cmd = coreutils[argv[0]];
  if (!cmd) throw new Error(`no command ${argv[0]}`);
  const status = cmd({
    argv,
    stdin,
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    readFile: (p) => files[p],
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
        const got = runTool(c.argv, c.stdin ?? "", c.files ?? {});
        expect(got).toEqual({ stdout: c.stdout, stderr: c.stderr, status: c.status });
      });
    });
  });
}
