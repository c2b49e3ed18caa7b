/**
 * Replays the recorded command-only labs (ipt-errors, ipt-render, ipt-save-restore, ipt-verbose) against the
 * library: every iptables / iptables-save / iptables-restore output and exit status must be
 * byte-identical to iptables 1.8.9 (nf_tables) on Debian 12.
 */
import { describe, expect, it } from "vitest";
import errors from "../../test/labs/ipt-errors.real.txt?raw";
import errors2 from "../../test/labs/ipt-errors2.real.txt?raw";
import renderLab from "../../test/labs/ipt-render.real.txt?raw";
import saveRestore from "../../test/labs/ipt-save-restore.real.txt?raw";
import verbose from "../../test/labs/ipt-verbose.real.txt?raw";
import type { Ip4 } from "../util/brand";
import type { CmdEnv } from "./types";
import { createNetfilter } from "./tables";
import { parseTranscript, runLine } from "./testing/transcript";

/** the oracle machine's /etc/hosts: 127.0.0.1 localhost, 127.0.1.1 host */
const env: CmdEnv = {
  resolveHost: (n) => (n === "localhost" ? [0x7f000001 as Ip4] : n === "host" ? [0x7f000101 as Ip4] : []),
  hostName: (ip) => (ip === 0x7f000001 ? "localhost" : ip === 0x7f000101 ? "host" : null),
  wallClock: () => 1795290452,
};

function replay(name: string, text: string): void {
  describe(name, () => {
    const nf = createNetfilter();
    const steps = parseTranscript(text);
    steps.forEach((s, i) => {
      it(`[${i + 1}] ${s.command}`, () => {
        const r = runLine(nf, s.command, env);
        expect(r.stdout + r.stderr).toBe(s.output);
        expect(r.exitCode).toBe(s.exit);
      });
    });
  });
}

replay("ipt-errors", errors);
replay("ipt-errors2", errors2);
replay("ipt-render", renderLab);
replay("ipt-save-restore", saveRestore);
replay("ipt-verbose", verbose);
