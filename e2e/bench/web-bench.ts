/**
 * The web app's benchmark (not a test): builds if needed, serves the production build with
 * `vite preview`, drives Debian's Chromium and prints
 *   - JS shipped (gzip): what the page fetches before it is interactive, what it prefetches
 *     right after (without any input), what loads only on demand;
 *   - time to interactive on localhost (first prompt in the terminal, accepting keys);
 *   - command → output latency in the browser on the flannel lab (Enter keydown to the command's
 *     whole output in the terminal's DOM), with the part spent getting the worker's answer;
 *   - long tasks on the main thread during a 100-command paste;
 *   - frame rate while panning a lab of 500 devices: the whole lab in view, at the minimum zoom,
 *     and zoomed in.
 * The machine is shared: every measurement can run several times (the load average is printed
 * with each run) and the summary gives medians.
 *
 *   npm run bench:web
 *   HOPSCOPE_BENCH_RUNS=3        run each measurement 3 times (default 1), medians at the end
 *   HOPSCOPE_BENCH_ONLY=pan,js   only these: js, tti, latency, paste, pan
 *   HOPSCOPE_BENCH_QUICK=1       fewer samples
 *   HOPSCOPE_BENCH_BUILD=1       build first even when dist/ exists
 *   HOPSCOPE_BENCH_RAFWAIT=1     latency: wait for the output with waitForFunction (rAF polling)
 *   HOPSCOPE_BENCH_FASTENTER=1   latency: press Enter a few ms after the last typed key, while that
 *                                key's frame may still be pending (faster than anyone types: Chrome
 *                                then draws that frame before it delivers the worker's answer)
 *   HOPSCOPE_BENCH_DIST=DIR      serve and size this build instead of dist/ (before/after runs)
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { gzipSync } from "node:zlib";
import { chromium, type Browser, type Page } from "@playwright/test";
import { deflateSync, strToU8 } from "fflate";
import { bigLab, pasteLab } from "./labs";

const ROOT = new URL("../..", import.meta.url).pathname;
const PORT = Number(process.env.HOPSCOPE_BENCH_PORT ?? 4180);
const BASE = `http://localhost:${PORT}`;
const QUICK = !!process.env.HOPSCOPE_BENCH_QUICK;
const RUNS = Math.max(1, Number(process.env.HOPSCOPE_BENCH_RUNS ?? 1));
const RAFWAIT = !!process.env.HOPSCOPE_BENCH_RAFWAIT;
const FASTENTER = !!process.env.HOPSCOPE_BENCH_FASTENTER;
const ONLY = new Set((process.env.HOPSCOPE_BENCH_ONLY ?? "js,tti,latency,paste,pan").split(","));
const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}
const median = (xs: number[]) => pct(xs, 50);
const ms = (x: number) => `${x.toFixed(1)} ms`;
const kb = (x: number) => `${(x / 1024).toFixed(1)} KB`;
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");

/** Results by name, one value per run: the summary prints their medians. */
const results = new Map<string, { values: number[]; unit: "ms" | "KB" | "fps" | "n" }>();
function record(name: string, value: number, unit: "ms" | "KB" | "fps" | "n"): void {
  const r = results.get(name) ?? { values: [], unit };
  r.values.push(value);
  results.set(name, r);
}

async function waitForServer(): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(BASE)).ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("vite preview did not start");
}

/**
 * tsx compiles this file with esbuild's keepNames, which wraps inner functions in `__name(…)`;
 * functions sent to the page need that helper there too.
 */
async function newContext(browser: Browser, opts: Parameters<Browser["newContext"]>[0] = {}) {
  const ctx = await browser.newContext(opts);
  await ctx.addInitScript({ content: "globalThis.__name = (f) => f;" });
  return ctx;
}

async function ready(page: Page): Promise<void> {
  await page.locator(".app[data-ready=true]").waitFor();
  await page.waitForFunction(() =>
    /root@\S+:~#/.test(document.querySelector('[data-testid="terminal"] .xterm-rows')?.textContent ?? ""),
  );
}

/** Marks the moment the terminal first shows a prompt and has its input: `window.__tti`. */
async function watchInteractive(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __tti?: number };
    const check = () => {
      const rows = document.querySelector('[data-testid="terminal"] .xterm-rows');
      const ta = document.querySelector('[data-testid="terminal"] textarea');
      if (
        rows &&
        ta &&
        /root@\S+:~#/.test(rows.textContent ?? "") &&
        document.querySelector(".app[data-ready=true]")
      ) {
        w.__tti = performance.now();
        return;
      }
      requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
}

// ---------------------------------------------------------------------------------------------

const DIST_DIR = process.env.HOPSCOPE_BENCH_DIST ?? `${ROOT}dist`;
const DIST = `${DIST_DIR}/assets`;
const gz = new Map<string, number>();
function gzSize(file: string): number {
  let n = gz.get(file);
  if (n === undefined) {
    n = gzipSync(readFileSync(`${DIST}/${file}`), { level: 9 }).length;
    gz.set(file, n);
  }
  return n;
}

/**
 * Which JavaScript files the page and its workers fetched, and when (absolute ms since the epoch),
 * from the Resource Timing entries of the page and of each worker.
 */
async function fetchedScripts(page: Page): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  const add = (entries: { name: string; at: number }[]) => {
    for (const e of entries) {
      const file = e.name.slice(e.name.lastIndexOf("/") + 1).split("?")[0];
      if (!file.endsWith(".js")) continue;
      if (!seen.has(file) || seen.get(file)! > e.at) seen.set(file, e.at);
    }
  };
  const list = () =>
    performance
      .getEntriesByType("resource")
      .map((e) => ({ name: e.name, at: performance.timeOrigin + e.startTime }));
  add(await page.evaluate(list));
  for (const w of page.workers()) add(await w.evaluate(list).catch(() => []));
  return seen;
}

async function jsShipped(browser: Browser): Promise<void> {
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  await watchInteractive(page);
  // the worker's own script is requested by the page (new Worker): seen here, not in its entries
  const workerScripts = new Map<string, number>();
  page.on("request", (r) => {
    const url = r.url();
    if (url.endsWith(".js")) {
      const file = url.slice(url.lastIndexOf("/") + 1);
      if (!workerScripts.has(file)) workerScripts.set(file, Date.now());
    }
  });
  await page.goto(BASE);
  await ready(page);
  await page.waitForFunction(() => (window as unknown as { __tti?: number }).__tti !== undefined);
  const tti = await page.evaluate(
    () => performance.timeOrigin + (window as unknown as { __tti: number }).__tti,
  );
  // what comes in on its own after that (prefetch, the canvas), with no input
  await page.waitForTimeout(3000);
  const fetched = await fetchedScripts(page);
  for (const [f, at] of workerScripts) if (!fetched.has(f)) fetched.set(f, at);
  await ctx.close();
  const files = readdirSync(DIST).filter((f) => f.endsWith(".js"));
  const before = files.filter((f) => fetched.has(f) && fetched.get(f)! <= tti);
  const after = files.filter((f) => fetched.has(f) && fetched.get(f)! > tti);
  const onDemand = files.filter((f) => !fetched.has(f));
  const sum = (fs: string[]) => fs.reduce((n, f) => n + gzSize(f), 0);
  const list = (fs: string[]) => fs.map((f) => `${f} ${kb(gzSize(f))}`).join(", ");
  console.log(`  fetched before the first prompt answers keys: ${kb(sum(before))}  (${list(before)})`);
  console.log(`  prefetched after that, without input (3 s):   ${kb(sum(after))}  (${list(after)})`);
  console.log(`  on demand only:                               ${kb(sum(onDemand))}  (${list(onDemand)})`);
  record("JS before interactive (gzip)", sum(before) / 1024, "KB");
  record("JS prefetched after interactive (gzip)", sum(after) / 1024, "KB");
}

async function timeToInteractive(browser: Browser): Promise<void> {
  const runs = QUICK ? 3 : 7;
  const tti: number[] = [];
  const fcp: number[] = [];
  for (let i = 0; i < runs; i++) {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await watchInteractive(page);
    await page.goto(BASE);
    await page.waitForFunction(() => (window as unknown as { __tti?: number }).__tti !== undefined);
    tti.push(await page.evaluate(() => (window as unknown as { __tti: number }).__tti));
    fcp.push(
      await page.evaluate(() => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN),
    );
    // and it answers a key: type a command, see its output
    await page.locator('[data-testid="terminal"] .xterm').click();
    await page.keyboard.type("hostname\n");
    await page.waitForFunction(
      () =>
        /\nhost\s*\n/.test(
          (document.querySelector('[data-testid="terminal"] .xterm-rows') as HTMLElement).innerText,
        ),
      null,
      { timeout: 5000 },
    );
    await ctx.close();
  }
  console.log(
    `  ${runs} cold loads: median ${ms(median(tti))}, worst ${ms(Math.max(...tti))}; first contentful paint median ${ms(median(fcp))}`,
  );
  record("time to interactive (median of cold loads)", median(tti), "ms");
}

async function latency(browser: Browser): Promise<void> {
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  await page.goto(`${BASE}/?lab=flannel-vxlan`);
  await ready(page);
  await page.locator('[data-testid="switch:fabric:vbox0"]').waitFor();
  await page.locator('[data-testid="terminal"] .xterm').click();
  await page.evaluate(() => {
    const w = window as unknown as {
      __lat: { written: number; dom: number }[];
      __mark?: string;
      __t0?: number;
      __done?: () => void;
    };
    w.__lat = [];
    const rows = document.querySelector('[data-testid="terminal"] .xterm-rows')!;
    document.addEventListener(
      "keydown",
      (e) => {
        if (e.key === "Enter") w.__t0 = performance.now();
      },
      true,
    );
    new MutationObserver(() => {
      if (w.__mark && w.__t0 !== undefined && rows.textContent!.includes(w.__mark)) {
        const t0 = w.__t0;
        const ev = performance.getEntriesByName("hopscope:events").filter((e) => e.startTime >= t0);
        w.__lat.push({ written: ev.length ? ev[0].startTime - t0 : NaN, dom: performance.now() - t0 });
        w.__mark = undefined;
        performance.clearMarks();
        w.__done?.();
      }
    }).observe(rows, { subtree: true, childList: true, characterData: true });
  });
  const commands = [
    "ip -br addr",
    "ip route",
    "ip neigh show dev flannel.1",
    "bridge fdb show dev flannel.1",
    "ip -br link",
    "iptables -t nat -S",
    "cat /proc/sys/net/ipv4/ip_forward",
    "ip route get 172.16.1.7",
    "ip -d link show flannel.1",
    "sysctl net.ipv4.ip_forward",
  ];
  const n = QUICK ? 30 : 100;
  for (let i = 0; i < n; i++) {
    const mark = `M${1000 + i}M`;
    const cmd = `${commands[i % commands.length]}; echo M${1000 + i}'M'`;
    await page.keyboard.type(cmd, { delay: 0 });
    // as a person does, Enter once the typed line is on the screen: its last key's frame is drawn
    // (two animation frames; none is pending when Enter goes down), then at a random moment of the
    // next frame interval (a person's key is not in step with the display)
    if (!FASTENTER)
      await page.evaluate(
        (wait) =>
          new Promise<void>((r) =>
            requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, wait))),
          ),
        Math.random() * 16.7,
      );
    await page.evaluate((m) => ((window as unknown as { __mark: string }).__mark = m), mark);
    // wait for the output without polling on animation frames (the harness's own frame requests
    // right after the key); HOPSCOPE_BENCH_RAFWAIT=1 polls as Playwright's waitForFunction does
    const shown = RAFWAIT
      ? undefined
      : page.evaluate(
          () =>
            new Promise<void>((resolve) => {
              const w = window as unknown as { __mark?: string; __done?: () => void };
              if (!w.__mark) resolve();
              else w.__done = resolve;
            }),
        );
    await page.keyboard.press("Enter");
    if (shown) await shown;
    else await page.waitForFunction((k) => (window as unknown as { __lat: unknown[] }).__lat.length > k, i);
    await page.waitForFunction(() =>
      /#\s*$/.test(
        (document.querySelector('[data-testid="terminal"] .xterm-rows') as HTMLElement).innerText.trimEnd() +
          " ",
      ),
    );
  }
  const all = await page.evaluate(
    () => (window as unknown as { __lat: { written: number; dom: number }[] }).__lat,
  );
  const lat = all.map((x) => x.dom);
  const rt = all.map((x) => x.written).filter((x) => !Number.isNaN(x));
  console.log(
    `  ${n} commands (Enter keydown → the command's whole output in the terminal DOM): p50 ${ms(pct(lat, 50))}, p95 ${ms(pct(lat, 95))}, max ${ms(Math.max(...lat))}`,
  );
  console.log(
    `  of which Enter → the worker's answer handled: p50 ${ms(pct(rt, 50))}, p95 ${ms(pct(rt, 95))}`,
  );
  record("latency p50", pct(lat, 50), "ms");
  record("latency p95", pct(lat, 95), "ms");
  record("latency: worker's answer handled, p95", pct(rt, 95), "ms");
  await ctx.close();
}

async function pasteLongTasks(browser: Browser): Promise<void> {
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  await page.goto(BASE);
  await ready(page);
  await page.evaluate(() => {
    const w = window as unknown as { __long: number[] };
    w.__long = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__long.push(e.duration);
    }).observe({ type: "longtask" });
  });
  await page.locator('[data-testid="terminal"] .xterm').click();
  const text = pasteLab().join("\n") + "\n";
  const t0 = Date.now();
  await page.evaluate((t) => {
    const ta = document.querySelector('[data-testid="terminal"] textarea') as HTMLTextAreaElement;
    const dt = new DataTransfer();
    dt.setData("text/plain", t);
    ta.dispatchEvent(new ClipboardEvent("paste", { clipboardData: dt, bubbles: true, cancelable: true }));
  }, text);
  await page.waitForFunction(
    () =>
      (document.querySelector('[data-testid="terminal"] .xterm-rows') as HTMLElement).innerText.includes(
        "PASTE-42-DONE",
      ),
    null,
    { timeout: 60_000 },
  );
  const wall = Date.now() - t0;
  await page.locator('[data-testid="device:host:v24"]').waitFor();
  await page.waitForTimeout(1000); // the last layouts land
  const long = await page.evaluate(() => (window as unknown as { __long: number[] }).__long);
  const over50 = long.filter((d) => d > 50);
  console.log(
    `  100-command paste (24 namespaces on a bridge; ${wall} ms wall time): ${long.length} long tasks, longest ${long.length ? ms(Math.max(...long)) : "—"}; ${over50.length} over 50 ms`,
  );
  record("paste: longest task", long.length ? Math.max(...long) : 0, "ms");
}

async function panFps(browser: Browser): Promise<void> {
  const ctx = await newContext(browser, { viewport: { width: 1280, height: 720 } });
  const page = await ctx.newPage();
  const doc = { v: 1, script: bigLab(), seed: 1, title: "500 devices", layout: { positions: {} } };
  const b64 = Buffer.from(deflateSync(strToU8(JSON.stringify(doc)), { level: 9 }))
    .toString("base64")
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
  const t0 = Date.now();
  await page.goto(`${BASE}/#lab=${b64}`);
  await ready(page);
  await page.waitForFunction(
    () => document.querySelectorAll(".react-flow__node-device, .react-flow__node-bridge").length > 0,
    null,
    { timeout: 120_000 },
  );
  await page.waitForFunction(
    () => document.querySelector(".canvas")?.getAttribute("data-layout") === "done",
    null,
    { timeout: 120_000 },
  );
  const laidOut = Date.now() - t0;
  const devices = 5 * (1 + 2 * 50);
  const viewport = () =>
    page.evaluate(() => {
      const m = /translate\(([-\d.]+)px, ([-\d.]+)px\) scale\(([\d.]+)\)/.exec(
        (document.querySelector(".react-flow__viewport") as HTMLElement).style.transform,
      );
      return m ? { x: +m[1], y: +m[2], zoom: +m[3] } : { x: 0, y: 0, zoom: NaN };
    });
  const measure = async (label: string, key: string) => {
    // a point of the empty pane to drag from (dragging a node would move the node)
    const at = await page.evaluate(() => {
      const pane = document.querySelector(".react-flow__pane")!.getBoundingClientRect();
      for (let fy = 0.5; fy < 0.95; fy += 0.05)
        for (const fx of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8]) {
          const x = pane.left + pane.width * fx;
          const y = pane.top + pane.height * fy;
          if (document.elementFromPoint(x, y)?.classList.contains("react-flow__pane")) return { x, y };
        }
      return { x: pane.left + 8, y: pane.top + pane.height / 2 };
    });
    await page.evaluate(() => {
      const w = window as unknown as { __frames: number[]; __run: boolean };
      w.__frames = [];
      w.__run = true;
      const tick = (t: number) => {
        w.__frames.push(t);
        if (w.__run) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const v0 = await viewport();
    await page.mouse.move(at.x, at.y);
    await page.mouse.down();
    const steps = QUICK ? 60 : 180;
    for (let i = 0; i < steps; i++) {
      const a = (i / steps) * Math.PI * 4;
      await page.mouse.move(at.x + Math.cos(a) * 220 - 220, at.y + Math.sin(a) * 120);
      await page.waitForTimeout(16);
    }
    await page.mouse.up();
    const frames = await page.evaluate(() => {
      const w = window as unknown as { __frames: number[]; __run: boolean };
      w.__run = false;
      return w.__frames;
    });
    const v1 = await viewport();
    const dts = frames.slice(1).map((t, i) => t - frames[i]);
    const seconds = (frames.at(-1)! - frames[0]) / 1000;
    const rendered = await page.evaluate(() => document.querySelectorAll(".react-flow__node").length);
    const fps = dts.length / seconds;
    const panned = v0.x !== v1.x || v0.y !== v1.y;
    console.log(
      `  ${label}, zoom ${v0.zoom.toFixed(2)} (${rendered} nodes in the DOM): ${fps.toFixed(1)} fps, frame time p95 ${ms(pct(dts, 95))}, longest ${ms(Math.max(...dts))}${panned ? "" : "  [the view did not move: not a pan]"}`,
    );
    record(`pan ${key}: fps`, fps, "fps");
    record(`pan ${key}: frame p95`, pct(dts, 95), "ms");
  };
  console.log(
    `  ${devices} interface/bridge nodes (5 machines × 50 namespaces; laid out in ${laidOut} ms after load)`,
  );
  await page.locator(".react-flow__controls-fitview").click();
  await page.waitForTimeout(300);
  await measure("whole lab in view (fit)", "fit");
  // the minimum zoom: wheel out until the zoom stops changing
  const pane = (await page.locator(".react-flow__pane").boundingBox())!;
  await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height / 2);
  for (let i = 0, last = NaN; i < 40; i++) {
    await page.mouse.wheel(0, 600);
    await page.waitForTimeout(60);
    const z = (await viewport()).zoom;
    if (z === last) break;
    last = z;
  }
  await page.waitForTimeout(300);
  await measure("minimum zoom", "min zoom");
  await page.locator(".react-flow__controls-fitview").click();
  await page.waitForTimeout(300);
  for (let i = 0; i < 4; i++) await page.locator(".react-flow__controls-zoomin").click();
  await page.waitForTimeout(300);
  await measure("zoomed in (readable labels)", "zoomed in");
  await ctx.close();
}

const SECTIONS: [string, string, (b: Browser) => Promise<void>][] = [
  ["js", "JS shipped (gzip -9)", jsShipped],
  ["tti", "Time to interactive (first prompt, keys accepted), localhost", timeToInteractive],
  ["latency", "Command → output latency, flannel lab", latency],
  ["paste", "Long tasks during a 100-command paste", pasteLongTasks],
  ["pan", "Panning a lab of 500 devices", panFps],
];

async function main(): Promise<void> {
  if (
    !process.env.HOPSCOPE_BENCH_DIST &&
    (!existsSync(`${ROOT}dist/index.html`) || process.env.HOPSCOPE_BENCH_BUILD)
  ) {
    console.log("building…");
    const b = spawnSync("npm", ["run", "-s", "build"], { cwd: ROOT, stdio: "inherit" });
    if (b.status !== 0) process.exit(1);
  }
  const server = spawn(
    "npx",
    ["vite", "preview", "--port", String(PORT), "--strictPort", "--outDir", DIST_DIR],
    {
      cwd: ROOT,
      stdio: "ignore",
      detached: true,
    },
  );
  try {
    await waitForServer();
    const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ARGS });
    try {
      console.log(
        `Hopscope web benchmark — ${DIST_DIR}, Chromium ${browser.version()}, headless, software rendering (--disable-gpu), ${RUNS} run(s)`,
      );
      for (let run = 1; run <= RUNS; run++)
        for (const [key, title, fn] of SECTIONS) {
          if (!ONLY.has(key)) continue;
          console.log(`\n${title}${RUNS > 1 ? ` — run ${run}` : ""} (load average ${load()})`);
          await fn(browser);
        }
    } finally {
      await browser.close();
    }
  } finally {
    if (server.pid) process.kill(-server.pid);
  }
  console.log(`\nSummary${RUNS > 1 ? `: medians of ${RUNS} runs` : ""} (load average now ${load()})`);
  for (const [name, { values, unit }] of results) {
    const m = median(values);
    const v =
      unit === "KB"
        ? `${m.toFixed(1)} KB`
        : unit === "fps"
          ? `${m.toFixed(1)} fps`
          : unit === "ms"
            ? ms(m)
            : String(m);
    console.log(
      `  ${name.padEnd(44)} ${v}${values.length > 1 ? `   (runs: ${values.map((x) => x.toFixed(1)).join(", ")})` : ""}`,
    );
  }
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
