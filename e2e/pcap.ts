/**
 * Reading downloaded pcap files with Debian's tshark (scripts/ensure-tshark.sh installs it when
 * missing). Tests that need it skip with a visible message when it cannot be installed.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Download } from "@playwright/test";

let checked: boolean | undefined;

/** Whether tshark runs here (installing it once if it is missing). */
export function haveTshark(): boolean {
  if (checked !== undefined) return checked;
  const ok = () => spawnSync("tshark", ["-v"], { stdio: "ignore" }).status === 0;
  if (!ok())
    spawnSync("bash", [join(import.meta.dirname, "../scripts/ensure-tshark.sh")], { stdio: "inherit" });
  checked = ok();
  if (!checked)
    console.warn("pcap checks SKIPPED: Debian's tshark is not installed and could not be installed");
  return checked;
}

export const TSHARK_MISSING = "tshark is not installed and could not be installed (scripts/ensure-tshark.sh)";

/** Saves a download to a temporary file. */
export async function saved(d: Download): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), "hopscope-e2e-")), d.suggestedFilename());
  await d.saveAs(file);
  return file;
}

/** tshark's fields, one row per frame (flannel's VXLAN on udp/8472 decoded as VXLAN). */
export function tshark(file: string, fields: string[], filter?: string): string[][] {
  const out = execFileSync(
    "tshark",
    [
      "-r",
      file,
      "-d",
      "udp.port==8472,vxlan",
      ...(filter ? ["-Y", filter] : []),
      "-T",
      "fields",
      "-E",
      "separator=|",
      ...fields.flatMap((f) => ["-e", f]),
    ],
    { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
  );
  return out
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => l.split("|"));
}

/** The frames of a classic pcap file (little- or big-endian, µs or ns), in file order. */
export function pcapFrames(file: string): Uint8Array[] {
  const b = readFileSync(file);
  const magic = b.readUInt32LE(0);
  const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  if (!le && b.readUInt32BE(0) !== 0xa1b2c3d4 && b.readUInt32BE(0) !== 0xa1b23c4d)
    throw new Error(`${file}: not a pcap file`);
  const u32 = (o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
  const out: Uint8Array[] = [];
  for (let o = 24; o + 16 <= b.length;) {
    const incl = u32(o + 8);
    out.push(new Uint8Array(b.subarray(o + 16, o + 16 + incl)));
    o += 16 + incl;
  }
  return out;
}
