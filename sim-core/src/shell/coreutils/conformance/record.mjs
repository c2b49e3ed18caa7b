#!/usr/bin/env node
// Records what the REAL tools print (Debian 12: GNU grep 3.8, coreutils 9.1, sed 4.9,
// mawk 1.3.4, util-linux 2.38 column) for every case in ./cases/*.mjs, with LC_ALL=C, into
// ./fixtures/<tool>.json. The conformance test replays the fixtures against the simulator,
// so the real tools are only needed to (re-)record:
//
//   node sim-core/src/shell/coreutils/conformance/record.mjs            # all case files
//   node sim-core/src/shell/coreutils/conformance/record.mjs grep sed   # some
//
// Each case: { argv: ["grep", "-c", "x"], stdin?: string, files?: { "name": "content" },
// dirs?: ["name"], stdinDir?: true }. File operands (and directories) are created in a scratch
// directory that is the working directory; with stdinDir, standard input is that directory
// opened for reading (`< DIR`), so reads from it fail with EISDIR.
/* global process, Buffer, TextDecoder, console */
import { spawnSync } from "node:child_process";
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  writeFileSync,
  mkdirSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as prettier from "prettier";

const here = dirname(fileURLToPath(import.meta.url));
// a tmpfs, as /run and /tmp of a simulated machine are: a directory read there fails with EISDIR
// (on ext4, tac's lseek to a directory's end makes it fail with EINVAL instead)
const scratch = existsSync("/dev/shm") ? "/dev/shm" : tmpdir();
const wanted = process.argv.slice(2);
const files = readdirSync(join(here, "cases")).filter((f) => f.endsWith(".mjs"));
const dec = new TextDecoder("utf-8"); // same replacement rules as bytes.ts

for (const f of files) {
  const tool = f.replace(/\.mjs$/, "");
  if (wanted.length && !wanted.includes(tool)) continue;
  const { default: cases } = await import(join(here, "cases", f));
  const out = [];
  for (const c of cases) {
    const dir = mkdtempSync(join(scratch, "coreutils-rec-"));
    for (const [name, content] of Object.entries(c.files ?? {})) {
      const p = join(dir, name);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, Buffer.from(content, "utf8"));
    }
    for (const name of c.dirs ?? []) mkdirSync(join(dir, name), { recursive: true });
    const stdinFd = c.stdinDir ? openSync(dir, "r") : null;
    const [argv0, ...args] = c.argv;
    const r = spawnSync(argv0, args, {
      argv0,
      cwd: dir,
      ...(stdinFd !== null
        ? { stdio: [stdinFd, "pipe", "pipe"] }
        : { input: Buffer.from(c.stdin ?? "", "utf8") }),
      env: { LC_ALL: "C", PATH: "/usr/local/bin:/usr/bin:/bin" },
      maxBuffer: 64 * 1024 * 1024,
      timeout: 10000,
    });
    if (stdinFd !== null) closeSync(stdinFd);
    rmSync(dir, { recursive: true, force: true });
    if (r.error && r.error.code !== "EPIPE") throw r.error;
    const rec = { argv: c.argv };
    if (c.stdinDir) rec.stdinDir = true;
    else if (c.stdin !== undefined) rec.stdin = c.stdin;
    if (c.files) rec.files = c.files;
    if (c.dirs) rec.dirs = c.dirs;
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
