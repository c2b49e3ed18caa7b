#!/usr/bin/env node
// Records what the REAL tools print (Debian 12: GNU grep 3.8, coreutils 9.1, sed 4.9,
// mawk 1.3.4, util-linux 2.38 column) for every case in ./cases/*.mjs, with LC_ALL=C, into
// ./fixtures/<tool>.json. The conformance test replays the fixtures against the simulator,
// so the real tools are only needed to (re-)record:
//
//   node sim-core/src/shell/coreutils/conformance/record.mjs            # all case files
//   node sim-core/src/shell/coreutils/conformance/record.mjs grep sed   # some
//
// Each case: { argv: ["grep", "-c", "x"], stdin?: string, files?: { "name": "content" } }.
// File operands are created in a scratch directory that is the working directory.
/* global process, Buffer, TextDecoder, console */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as prettier from "prettier";

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(join(here, "cases")).filter((f) => f.endsWith(".mjs"));
const dec = new TextDecoder("utf-8"); // same replacement rules as bytes.ts

for (const f of files) {
  const tool = f.replace(/\.mjs$/, "");
  if (wanted.length && !wanted.includes(tool)) continue;
  const { default: cases } = await import(join(here, "cases", f));
  const out = [];
  for (const c of cases) {
    const dir = mkdtempSync(join(tmpdir(), "coreutils-rec-"));
    for (const [name, content] of Object.entries(c.files ?? {})) {
      const p = join(dir, name);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, Buffer.from(content, "utf8"));
    }
    const [argv0, ...args] = c.argv;
    const r = spawnSync(argv0, args, {
      argv0,
      cwd: dir,
      input: Buffer.from(c.stdin ?? "", "utf8"),
      env: { LC_ALL: "C", PATH: "/usr/local/bin:/usr/bin:/bin" },
      maxBuffer: 64 * 1024 * 1024,
      timeout: 10000,
    });
    rmSync(dir, { recursive: true, force: true });
    if (r.error && r.error.code !== "EPIPE") throw r.error;
    const rec = { argv: c.argv };
    if (c.stdin !== undefined) rec.stdin = c.stdin;
    if (c.files) rec.files = c.files;
    rec.stdout = dec.decode(r.stdout);
    rec.stderr = dec.decode(r.stderr);
    rec.status = r.status;
    out.push(rec);
  }
  const file = join(here, "fixtures", `${tool}.json`);
  const options = (await prettier.resolveConfig(file)) ?? {};
  writeFileSync(file, await prettier.format(JSON.stringify(out), { ...options, filepath: file }));
  console.log(`${tool}: ${out.length} cases recorded`);
}
