/**
 * The web app's benchmark (not a test): builds if needed, serves the production build with
 * `vite preview`, drives Debian's Chromium and prints
 *   - JS shipped (gzip), split into main thread, simulator worker and lazily loaded chunks;
 *   - time to interactive on localhost (first prompt in the terminal, accepting keys);
 *   - command → output latency in the browser on the flannel lab (Enter to output in the DOM);
 *   - long tasks on the main thread during a 100-command paste;
 *   - frame rate while panning a lab of 500 devices.
 * Run: npm run bench:web   (HOPSCOPE_BENCH_QUICK=1 for fewer samples)
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { chromium, type Browser, type Page } from "@playwright/test";
import { deflateSync, strToU8 } from "fflate";
import { bigLab, pasteLab } from "./labs";

const ROOT = new URL("../..", import.meta.url).pathname;
const PORT = 4180;
const BASE = `http://localhost:${PORT}`;
const QUICK = !!process.env.HOPSCOPE_BENCH_QUICK;
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
const ms = (x: number) => `${x.toFixed(1)} ms`;
const kb = (x: number) => `${(x / 1024).toFixed(1)} KB`;

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

// ---------------------------------------------------------------------------------------------

async function jsShipped(browser: Browser): Promise<void> {
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  const seen = new Map<string, number>();
  page.on("response", async (r) => {
    const url = r.url();
    if (!url.endsWith(".js")) return;
    try {
      seen.set(url.slice(url.lastIndexOf("/") + 1), gzipSync(await r.body(), { level: 9 }).length);
    } catch {
      // worker scripts' bodies are not always available; sized from disk below
    }
  });
  await page.goto(BASE);
  await ready(page);
  await page.waitForTimeout(500);
  const atStart = new Map(seen);
  // what a lab with a drawing pulls in later (ELK, in its worker)
  await page.goto(`${BASE}/?lab=flannel-vxlan`);
  await ready(page);
  await page.locator('[data-testid="switch:fabric:vbox0"]').waitFor();
  await page.getByTestId("share").click();
  await page.waitForTimeout(500);
  // reopening a lab reuses its stored layout: no layout engine to fetch
  const before = new Set(seen.keys());
  seen.clear();
  await page.reload();
  await ready(page);
  await page.locator('[data-testid="switch:fabric:vbox0"]').waitFor();
  await page.waitForTimeout(500);
  const elkOnReload = [...seen.keys()].some((f) => f.startsWith("elk"));
  void before;
  await ctx.close();
  // sizes from the build for anything the page did not report a body for
  const { readdirSync, readFileSync } = await import("node:fs");
  const files = readdirSync(`${ROOT}dist/assets`).filter((f) => f.endsWith(".js"));
  const size = (f: string) => gzipSync(readFileSync(`${ROOT}dist/assets/${f}`), { level: 9 }).length;
  const group = (f: string) =>
    f.startsWith("sim.worker")
      ? "simulator worker"
      : f.startsWith("elk")
        ? "ELK (lazy, own worker)"
        : f.startsWith("index") || f.startsWith("root")
          ? "main thread"
          : "lazy chunks";
  const loadedAtStart = files.filter(
    (f) => atStart.has(f) || f.startsWith("sim.worker") || f.startsWith("index") || f.startsWith("root"),
  );
  const totals = new Map<string, number>();
  for (const f of files) totals.set(group(f), (totals.get(group(f)) ?? 0) + size(f));
  console.log("\nJS shipped (gzip -9)");
  for (const [g, n] of totals) console.log(`  ${g.padEnd(26)} ${kb(n)}`);
  const startTotal = loadedAtStart.reduce((n, f) => n + size(f), 0);
  console.log(`  loaded at start of an empty lab: ${kb(startTotal)}  (${loadedAtStart.join(", ")})`);
  console.log(`  ELK fetched when reloading a laid-out lab: ${elkOnReload ? "yes" : "no (layout cache)"}`);
}

async function timeToInteractive(browser: Browser): Promise<void> {
  const runs = QUICK ? 3 : 7;
  const tti: number[] = [];
  const fcp: number[] = [];
  for (let i = 0; i < runs; i++) {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
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
    await page.goto(BASE);
    await page.waitForFunction(() => (window as unknown as { __tti?: number }).__tti !== undefined);
    tti.push(await page.evaluate(() => (window as unknown as { __tti: number }).__tti));
    fcp.push(
      await page.evaluate(() => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN),
    );
    // and it answers a key: type a command, see its output
    await page.locator('[data-testid="terminal"] .xterm').click();
    await page.keyboard.type("hostname\n");
    await page
      .waitForFunction(
        () =>
          /\nhost\s*\n/.test(
            (document.querySelector('[data-testid="terminal"] .xterm-rows') as HTMLElement).innerText,
          ),
        null,
        { timeout: 5000 },
      )
      .catch(async (e) => {
        console.error(await page.locator('[data-testid="terminal"] .xterm-rows').innerText());
        throw e;
      });
    await ctx.close();
  }
  console.log(`\nTime to interactive (first prompt, keys accepted), ${runs} cold loads on localhost`);
  console.log(
    `  median ${ms(pct(tti, 50))}, worst ${ms(Math.max(...tti))}; first contentful paint median ${ms(pct(fcp, 50))}`,
  );
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
      __w?: number;
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
    await page.evaluate((m) => ((window as unknown as { __mark: string }).__mark = m), mark);
    await page.keyboard.press("Enter");
    await page.waitForFunction((k) => (window as unknown as { __lat: unknown[] }).__lat.length > k, i);
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
    `\nCommand → output latency, flannel lab, ${n} commands (Enter keydown → the command's whole output in the terminal DOM)`,
  );
  console.log(`  p50 ${ms(pct(lat, 50))}, p95 ${ms(pct(lat, 95))}, max ${ms(Math.max(...lat))}`);
  console.log(
    `  of which Enter → output events back from the worker: p50 ${ms(pct(rt, 50))}, p95 ${ms(pct(rt, 95))}`,
  );
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
  console.log(`\nLong tasks during a 100-command paste (24 namespaces on a bridge; ${wall} ms wall time)`);
  console.log(
    `  ${long.length} long tasks (> 50 ms by definition), longest ${long.length ? ms(Math.max(...long)) : "—"}; ${over50.length} over 50 ms`,
  );
  await ctx.close();
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
  );
  await page.waitForFunction(
    () => document.querySelector(".canvas")?.getAttribute("data-layout") === "done",
    null,
    { timeout: 120_000 },
  );
  const laidOut = Date.now() - t0;
  const devices = 5 * (1 + 2 * 50);
  const pane = (await page.locator(".react-flow__pane").boundingBox())!;
  const measure = async (label: string) => {
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
    const cx = pane.x + pane.width / 2;
    const cy = pane.y + pane.height / 2 + 40;
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    const steps = QUICK ? 60 : 180;
    for (let i = 0; i < steps; i++) {
      const a = (i / steps) * Math.PI * 4;
      await page.mouse.move(cx + Math.cos(a) * 220, cy + Math.sin(a) * 120);
      await page.waitForTimeout(16);
    }
    await page.mouse.up();
    const frames = await page.evaluate(() => {
      const w = window as unknown as { __frames: number[]; __run: boolean };
      w.__run = false;
      return w.__frames;
    });
    const dts = frames.slice(1).map((t, i) => t - frames[i]);
    const seconds = (frames.at(-1)! - frames[0]) / 1000;
    const rendered = await page.evaluate(() => document.querySelectorAll(".react-flow__node").length);
    console.log(
      `  ${label} (${rendered} nodes in the DOM): ${(dts.length / seconds).toFixed(1)} fps, frame time p95 ${ms(pct(dts, 95))}, longest ${ms(Math.max(...dts))}`,
    );
  };
  console.log(
    `\nPanning a lab of ${devices} interface/bridge nodes (5 machines × 50 namespaces; laid out in ${laidOut} ms after load)`,
  );
  await page.locator(".react-flow__controls-fitview").click();
  await page.waitForTimeout(300);
  await measure("whole lab in view (fit)");
  // zoom in to a working zoom level
  for (let i = 0; i < 4; i++) await page.locator(".react-flow__controls-zoomin").click();
  await page.waitForTimeout(300);
  await measure("zoomed in (readable labels)");
  await ctx.close();
}

async function main(): Promise<void> {
  if (!existsSync(`${ROOT}dist/index.html`) || process.env.HOPSCOPE_BENCH_BUILD) {
    console.log("building…");
    const b = spawnSync("npm", ["run", "-s", "build"], { cwd: ROOT, stdio: "inherit" });
    if (b.status !== 0) process.exit(1);
  }
  const server = spawn("npx", ["vite", "preview", "--port", String(PORT), "--strictPort"], {
    cwd: ROOT,
    stdio: "ignore",
    detached: true,
  });
  try {
    await waitForServer();
    const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ARGS });
    try {
      console.log(
        `Hopscope web benchmark — Chromium ${browser.version()}, headless, software rendering (--disable-gpu)`,
      );
      await jsShipped(browser);
      await timeToInteractive(browser);
      await latency(browser);
      await pasteLongTasks(browser);
      await panFps(browser);
    } finally {
      await browser.close();
    }
  } finally {
    if (server.pid) process.kill(-server.pid);
  }
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
