/**
 * Regenerates the printer's golden files: runs testdata/golden-lab.sh in the simulator, saves the
 * pcap its tcpdump -w wrote, then prints it with the real tcpdump (Debian's 4.99.3) under each flag
 * set of print.test.ts. Needs /usr/bin/tcpdump. `npx tsx sim-core/scripts/capture-golden.ts`
 */
import { readFileSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runLab } from "../src/lab/runner";
import { latin1ToBytes } from "../src/capture/latin1";
import { GOLDEN_FLAGS, GOLDEN_FILTERS } from "../src/capture/testdata/flags";
import { spawnSync } from "node:child_process";

const dir = join(dirname(fileURLToPath(import.meta.url)), "../src/capture/testdata");
const { world } = runLab(readFileSync(join(dir, "golden-lab.sh"), "utf8"));
const data = world.machines.get("h")!.files.get("/tmp/h.pcap")!;
const pcap = join(dir, "golden.pcap");
writeFileSync(pcap, latin1ToBytes(data));
const out: Record<string, string> = {};
for (const flags of GOLDEN_FLAGS) {
  out[flags.join(" ")] = execFileSync("tcpdump", ["-r", pcap, ...flags], {
    encoding: "latin1",
    stdio: ["ignore", "pipe", "ignore"],
  });
}
const filters: Record<string, string> = {};
for (const f of GOLDEN_FILTERS) {
  const r = spawnSync("tcpdump", ["-r", pcap, "-n", "-t", f], { encoding: "latin1" });
  filters[f] =
    r.status === 0
      ? r.stdout
      : `error: ${r.stderr
          .split("\n")
          .filter((l) => l.startsWith("tcpdump:"))
          .join("\n")}`;
}
writeFileSync(join(dir, "golden.json"), JSON.stringify({ print: out, filters }, null, 1) + "\n");
console.log(`${Object.keys(out).length} flag sets, ${data.length} bytes of pcap`);
