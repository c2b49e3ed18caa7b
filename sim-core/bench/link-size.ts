/**
 * Share-link sizes: every starter lab (public/labs) as the web app's Share button encodes it
 * (web/src/share/link.ts: the header, the script, DEFLATE with the format-2 dictionary, base64url),
 * as a full URL on a typical origin, with the budget the issue sets for the flannel lab.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { encodeLink, decodeLink, linkFor } from "../../web/src/share/link";
import { restore } from "../../web/src/engine/doc";

const labs = join(process.cwd(), "public/labs");
const ORIGIN = "https://hopscope.example.org/";
const BUDGET = 2000;
/** The 3-node flannel labs: by hand (flannel-vxlan) and as a Kubernetes cluster (k8s-flannel). */
const BUDGETED = new Set(["flannel-vxlan", "k8s-flannel"]);

interface Starter {
  id: string;
  title: string;
  description: string;
  file: string;
}

console.log(
  `\nshare links (format 2, ${ORIGIN}#lab=…; budget for the 3-node flannel labs: < ${BUDGET} characters)`,
);
for (const s of JSON.parse(readFileSync(join(labs, "index.json"), "utf8")) as Starter[]) {
  const script = readFileSync(join(labs, s.file), "utf8");
  const r = restore({ v: 1, script, seed: 1, title: s.title, description: s.description });
  if (!r.ok) throw new Error(`${s.id}: ${r.error}`);
  const t0 = performance.now();
  const payload = encodeLink(r.doc);
  const t1 = performance.now();
  const back = decodeLink(payload);
  const t2 = performance.now();
  if (!back.ok || back.doc.script !== script) throw new Error(`${s.id}: the link does not round-trip`);
  const url = linkFor(ORIGIN, r.doc);
  const over = BUDGETED.has(s.id) && url.length >= BUDGET ? "  OVER BUDGET" : "";
  console.log(
    `  ${s.id.padEnd(14)} ${String(script.length).padStart(5)} chars of script → link ${String(url.length).padStart(5)} chars (payload ${payload.length}), encode ${(t1 - t0).toFixed(1)} ms, decode ${(t2 - t1).toFixed(1)} ms${over}`,
  );
}
