/**
 * The printer against the real tcpdump 4.99.3: testdata/golden.pcap (made by the simulator's own
 * tcpdump -w, see scripts/capture-golden.ts) printed under each flag set by Debian's tcpdump is
 * testdata/golden.json; ours must print the same bytes, through the whole command (-r from the
 * shell's filesystem).
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { World } from "../../src/kernel/world";
import { wireCodec } from "../../src/engine/codec";
import { Shell } from "../../src/shell/interp";
import { defaultCommands } from "../../src/shell/commands";
import { runCommand } from "../../src/lab/runner";
import { bytesToLatin1 } from "../../src/capture/latin1";
import { GOLDEN_FILTERS, GOLDEN_FLAGS } from "../../src/capture/testdata/flags";

const dir = join(dirname(fileURLToPath(import.meta.url)), "../../src/capture/testdata");
const { print: golden, filters } = JSON.parse(readFileSync(join(dir, "golden.json"), "utf8")) as {
  print: Record<string, string>;
  filters: Record<string, string>;
};
const pcap = readFileSync(join(dir, "golden.pcap"));

function shell(): Shell {
  const w = new World({ seed: 1 });
  w.codec = wireCodec;
  const m = w.machine("host");
  m.files.set("/tmp/g.pcap", bytesToLatin1(new Uint8Array(pcap)));
  return new Shell(w, m, defaultCommands(), false);
}

describe("tcpdump -r prints as tcpdump 4.99.3 does", () => {
  for (const flags of GOLDEN_FLAGS) {
    const key = flags.join(" ");
    it(key, () => {
      const sh = shell();
      const { output, status } = runCommand(sh, `tcpdump -r /tmp/g.pcap ${key} 2>/dev/null | cat`);
      expect(status).toBe(0);
      const want = golden[key].split("\n");
      const got = output.split("\n");
      for (let i = 0; i < Math.max(want.length, got.length); i++)
        expect(got[i], `line ${i + 1}`).toBe(want[i]);
    });
  }
});

describe("filter expressions select what libpcap's do", () => {
  for (const f of GOLDEN_FILTERS) {
    it(f, () => {
      const sh = shell();
      const quoted = `'${f.replace(/'/g, "'\\''")}'`;
      const want = filters[f];
      if (want.startsWith("error: ")) {
        const { output, status } = runCommand(
          sh,
          `tcpdump -r /tmp/g.pcap -n -t ${quoted} 2>&1 >/dev/null | grep -v '^reading'`,
        );
        expect(status).toBe(0);
        expect(output.trim()).toBe(want.slice(7));
        return;
      }
      const { output } = runCommand(sh, `tcpdump -r /tmp/g.pcap -n -t ${quoted} 2>/dev/null | cat`);
      expect(output).toBe(want);
    });
  }
});
