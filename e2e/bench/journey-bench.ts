/**
 * The packet-journey view's benchmark (not a test): builds if needed, serves the production build
 * with `vite preview`, drives Debian's Chromium and prints
 *   - the frame rate while the player animates flannel's pod-to-pod ping (an envelope crossing
 *     the nodes), with the frame-time p95 and the main thread's long tasks;
 *   - the event list with ~5,000 hops (90 pod-to-pod pings of a flood, all of one command's
 *     packets): time from the pick to the list on screen (the worker builds the rows, the page
 *     renders them), the time to re-render it on a filter change, long tasks, and the frame rate
 *     while scrolling it;
 *   - stepping through the 5,000 hops (next event): time per step;
 *   - in Node, without a browser: what recording journeys costs the simulator — a `ping -f` with
 *     journeys (and the device frame ring) on vs off, the memory they hold once the flood is over
 *     (bytes per hop), and that the recorder's bounds hold it (hops in all, journeys).
 *
 *   npm run bench:journeys
 *   HOPSCOPE_BENCH_RUNS=3        run each measurement 3 times (default 1), medians at the end
 *   HOPSCOPE_BENCH_BUILD=1       build first even when dist/ exists
 *   HOPSCOPE_BENCH_DIST=DIR      build into / serve DIR instead of dist/ (a build of one's own)
 *   HOPSCOPE_BENCH_ONLY=record   only some sections (playback, list, record; comma-separated)
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { loadavg } from "node:os";
import { readFileSync } from "node:fs";
import v8 from "node:v8";
import vm from "node:vm";
import { chromium, type Browser, type Page } from "@playwright/test";
import { Session } from "../../sim-core/src/api/session";

const ROOT = new URL("../..", import.meta.url).pathname;
const PORT = 4181;
const BASE = `http://localhost:${PORT}`;
const RUNS = Math.max(1, Number(process.env.HOPSCOPE_BENCH_RUNS ?? 1));
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
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");

const results = new Map<string, { values: number[]; unit: "ms" | "fps" | "n" }>();
function record(name: string, value: number, unit: "ms" | "fps" | "n"): void {
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

/** Frame times and long tasks from now on (window.__frames, window.__long). */
const WATCH = `(() => {
  const w = window;
  w.__frames = [];
  w.__long = [];
  w.__run = true;
  let last = performance.now();
  const tick = (t) => {
    w.__frames.push(t - last);
    last = t;
    if (w.__run) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  if (!w.__longObs) {
    w.__longObs = new PerformanceObserver((l) => {
      for (const e of l.getEntries()) w.__long.push(e.duration);
    });
    w.__longObs.observe({ type: "longtask" });
  }
})()`;

async function stopWatch(page: Page): Promise<{ frames: number[]; long: number[] }> {
  return page.evaluate(
    `(() => { window.__run = false; return { frames: window.__frames.slice(1), long: window.__long }; })()`,
  );
}

async function openFlannel(browser: Browser): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1600, height: 900 } });
  // tsx keeps function names with esbuild's __name(…): functions sent to the page need it there
  await ctx.addInitScript({ content: "globalThis.__name = (f) => f;" });
  const page = await ctx.newPage();
  await page.goto(`${BASE}/?lab=flannel-vxlan`);
  await page.locator(".app[data-ready=true]").waitFor();
  await page.locator(".canvas[data-layout=done]").waitFor();
  return page;
}

async function pickCommand(page: Page, text: string): Promise<void> {
  const sel = page.getByTestId("journey-command");
  await sel.waitFor();
  const v = await sel.locator("option", { hasText: text }).first().getAttribute("value");
  await sel.selectOption(v!);
  await page.getByTestId("event-list").getByTestId("hop").first().waitFor();
}

async function playback(browser: Browser): Promise<void> {
  const page = await openFlannel(browser);
  await page.getByTestId("journeys-toggle").click();
  await pickCommand(page, "pod-1 ping -c 1 -W 1 172.16.2.8");
  const total = Number((await page.getByTestId("journey-step").innerText()).split("/")[1]);
  await page.evaluate(WATCH);
  const t0 = Date.now();
  await page.getByRole("button", { name: "Play", exact: true }).click();
  // 12 s of the animation (about a third of it at 1×), or until it ends
  await page
    .getByRole("button", { name: "Play", exact: true })
    .waitFor({ timeout: 12_000 })
    .catch(() => {});
  const seconds = (Date.now() - t0) / 1000;
  const { frames, long } = await stopWatch(page);
  const step = Number((await page.getByTestId("journey-step").innerText()).split("/")[0]);
  const fps = frames.length / (frames.reduce((a, b) => a + b, 0) / 1000);
  console.log(
    `  flannel pod-to-pod ping, ${step} of ${total} events played in ${seconds.toFixed(1)} s: ${fps.toFixed(1)} fps, frame time p95 ${ms(pct(frames, 95))}, longest ${ms(Math.max(...frames))}, long tasks ${long.length}${long.length ? ` (longest ${ms(Math.max(...long))})` : ""}`,
  );
  record("playback: fps", fps, "fps");
  record("playback: frame time p95", pct(frames, 95), "ms");
  record("playback: long tasks", long.length, "n");
  await page.context().close();
}

async function bigList(browser: Browser): Promise<void> {
  const page = await openFlannel(browser);
  await page.getByTestId("tab:k8s-w1").click();
  await page.locator('[data-testid="terminal"] .xterm').click();
  await page.keyboard.type("ip netns exec pod-1 ping -f -c 90 172.16.2.8");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() =>
    /90 packets transmitted/.test(
      document.querySelector('[data-testid="terminal"] .xterm-rows')?.textContent ?? "",
    ),
  );
  await page.getByTestId("journeys-toggle").click();
  await pickCommand(page, "ping -f -c 90");
  // all the packets of the command at once
  await page.evaluate(WATCH);
  await page.evaluate(() => {
    const w = window as unknown as { __t0: number };
    w.__t0 = performance.now();
  });
  await page.getByTestId("journey-pick").selectOption("all");
  await page.waitForFunction(
    () => Number(document.querySelector('[data-testid="event-list"]')?.getAttribute("data-count")) > 1000,
  );
  const open = await page.evaluate(
    () =>
      new Promise<number>((resolve) =>
        requestAnimationFrame(() =>
          resolve(performance.now() - (window as unknown as { __t0: number }).__t0),
        ),
      ),
  );
  const rows = Number(await page.getByTestId("event-list").getAttribute("data-count"));
  const inDom = await page.getByTestId("hop").count();
  const { long } = await stopWatch(page);
  console.log(
    `  ${rows} hops (${inDom} rows in the DOM): pick → on screen ${ms(open)}, long tasks ${long.length}${long.length ? ` (longest ${ms(Math.max(...long))})` : ""}`,
  );
  record("5k hops: open (worker + render)", open, "ms");
  record("5k hops: long tasks while opening", long.length, "n");
  // re-render: filter to ARP and back (no worker involved)
  const filterTimes: number[] = [];
  for (const f of ["ARP", "", "ICMP", ""]) {
    const t = await page.evaluate(async (value) => {
      const sel = document.querySelector('[data-testid="journey-filter"]') as HTMLSelectElement;
      const t0 = performance.now();
      sel.value = value;
      sel.dispatchEvent(new Event("change", { bubbles: true }));
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      return performance.now() - t0;
    }, f);
    filterTimes.push(t);
  }
  console.log(
    `  filter change, re-render + frame: median ${ms(median(filterTimes))}, max ${ms(Math.max(...filterTimes))}`,
  );
  record("5k hops: filter re-render", median(filterTimes), "ms");
  // scrolling the list, 40 px a frame
  await page.evaluate(WATCH);
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const el = document.querySelector('[data-testid="event-list"]') as HTMLElement;
        let n = 0;
        const f = () => {
          el.scrollTop += 40;
          if (++n < 300) requestAnimationFrame(f);
          else resolve();
        };
        requestAnimationFrame(f);
      }),
  );
  const s = await stopWatch(page);
  const fps = s.frames.length / (s.frames.reduce((a, b) => a + b, 0) / 1000);
  console.log(
    `  scrolling the list: ${fps.toFixed(1)} fps, frame time p95 ${ms(pct(s.frames, 95))}, long tasks ${s.long.length}`,
  );
  record("5k hops: scroll fps", fps, "fps");
  // stepping: next event, 100 times (the list follows, the overlay redraws, the detail loads)
  await page.locator(".jp-head").click();
  const stepMs = await page.evaluate(async () => {
    const times: number[] = [];
    for (let i = 0; i < 100; i++) {
      const t0 = performance.now();
      window.dispatchEvent(new KeyboardEvent("keydown", { key: ".", bubbles: true }));
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    return times[50];
  });
  console.log(`  step to the next event (render + frame): median ${ms(stepMs)}`);
  record("5k hops: step", stepMs, "ms");
  await page.context().close();
}

// ------------------------------------------------------------------ recording, in sim-core

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;
const heap = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};
const mb = (b: number) => `${(b / 1e6).toFixed(1)} MB`;

const PAIR = [
  "ip netns add a",
  "ip netns add b",
  "ip link add va netns a type veth peer name vb netns b",
  "ip -n a addr add 10.9.0.1/24 dev va",
  "ip -n b addr add 10.9.0.2/24 dev vb",
  "ip -n a link set va up",
  "ip -n b link set vb up",
].join("\n");
const FLANNEL = readFileSync(`${ROOT}sim-core/test/fixtures/shared/flannel-vxlan.sh`, "utf8");

type Rec = "off" | "on" | "journeys only";

/** One flood in a fresh session: its time, and the memory the session holds afterwards. */
function flood(script: string, machine: string, cmd: string, rec: Rec) {
  const s = new Session({
    script,
    journeys: rec !== "off",
    deviceFrames: rec === "journeys only" ? 0 : undefined,
  });
  const h0 = heap();
  const t0 = performance.now();
  s.runSync(machine, cmd);
  const ms = performance.now() - t0;
  const held = heap() - h0;
  return {
    ms,
    held,
    hops: s.journeys?.size ?? 0,
    journeys: s.journeys?.journeys.size ?? 0,
    frames: s.deviceFrames().length,
    max: s.journeys?.maxEvents ?? 0,
  };
}

async function recording(): Promise<void> {
  const labs = [
    { name: "veth pair", script: PAIR, machine: "host", cmd: "ip netns exec a ping -f -c 2000 10.9.0.2" },
    {
      name: "flannel pod → pod",
      script: FLANNEL,
      machine: "k8s-w1",
      cmd: "ip netns exec pod-1 ping -f -c 1000 172.16.2.8",
    },
  ];
  for (const l of labs) {
    // the fastest of 3 (the machine may be busy), alternating so that both see the same load
    const best: Record<Rec, number> = { off: Infinity, on: Infinity, "journeys only": Infinity };
    for (let i = 0; i < 3; i++)
      for (const r of ["off", "on", "journeys only"] as Rec[])
        best[r] = Math.min(best[r], flood(l.script, l.machine, l.cmd, r).ms);
    console.log(
      `  ${l.name}, ${l.cmd.replace(/^ip netns exec \S+ /, "")}: off ${ms(best.off)}, journeys + frame ring ${ms(best.on)} (×${(best.on / best.off).toFixed(2)}), journeys only ${ms(best["journeys only"])} (×${(best["journeys only"] / best.off).toFixed(2)}) — fastest of 3`,
    );
    record(`record ${l.name}: off`, best.off, "ms");
    record(`record ${l.name}: on`, best.on, "ms");
  }
  // memory: what a flood leaves held, and the bounds (maxEvents hops, maxJourneys journeys)
  for (const l of [
    { name: "veth pair", script: PAIR, machine: "host", cmd: "ip netns exec a ping -f -c 5000 10.9.0.2" },
    {
      name: "flannel pod → pod",
      script: FLANNEL,
      machine: "k8s-w1",
      cmd: "ip netns exec pod-1 ping -f -c 5000 172.16.2.8",
    },
  ]) {
    const j = flood(l.script, l.machine, l.cmd, "journeys only");
    const all = flood(l.script, l.machine, l.cmd, "on");
    console.log(
      `  ${l.name}, ping -f -c 5000: journeys hold ${mb(j.held)} for ${j.hops} hops of ${j.journeys} journeys (${Math.round(j.held / j.hops)} B/hop; bound ${all.max} hops); with the frame ring (${all.frames} frames) ${mb(all.held)}`,
    );
    record(`memory ${l.name}: journeys (MB)`, Math.round(j.held / 1e5) / 10, "n");
    record(`memory ${l.name}: bytes per hop`, Math.round(j.held / j.hops), "n");
  }
}

const SECTIONS: [string, string, (b: Browser) => Promise<void>][] = [
  ["playback", "Animation: the player on flannel's pod-to-pod ping (1×)", playback],
  ["list", "Event list: ~5,000 hops of one command", bigList],
  ["record", "Recording journeys in sim-core (Node)", recording],
];
const ONLY = process.env.HOPSCOPE_BENCH_ONLY?.split(",");
const sections = SECTIONS.filter(([id]) => !ONLY || ONLY.includes(id));
const browserNeeded = sections.some(([id]) => id !== "record");

async function main(): Promise<void> {
  if (!browserNeeded) {
    for (let run = 1; run <= RUNS; run++)
      for (const [, title, fn] of sections) {
        console.log(`\n${title}${RUNS > 1 ? ` — run ${run}` : ""} (load average ${load()})`);
        await fn(undefined as unknown as Browser);
      }
    summary();
    return;
  }
  const dist = process.env.HOPSCOPE_BENCH_DIST ?? `${ROOT}dist`;
  if (!existsSync(`${dist}/index.html`) || process.env.HOPSCOPE_BENCH_BUILD) {
    console.log("building…");
    const b = spawnSync("npx", ["vite", "build", "--outDir", dist], { cwd: ROOT, stdio: "inherit" });
    if (b.status !== 0) process.exit(1);
  }
  const server = spawn("npx", ["vite", "preview", "--outDir", dist, "--port", String(PORT), "--strictPort"], {
    cwd: ROOT,
    stdio: "ignore",
    detached: true,
  });
  try {
    await waitForServer();
    const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ARGS });
    try {
      console.log(
        `Hopscope journey benchmark — Chromium ${browser.version()}, headless, software rendering (--disable-gpu), ${RUNS} run(s)`,
      );
      for (let run = 1; run <= RUNS; run++)
        for (const [, title, fn] of sections) {
          console.log(`\n${title}${RUNS > 1 ? ` — run ${run}` : ""} (load average ${load()})`);
          await fn(browser);
        }
    } finally {
      await browser.close();
    }
  } finally {
    if (server.pid) process.kill(-server.pid);
  }
  summary();
}

function summary(): void {
  console.log(`\nSummary${RUNS > 1 ? `: medians of ${RUNS} runs` : ""} (load average now ${load()})`);
  for (const [name, { values, unit }] of results) {
    const m = median(values);
    const v = unit === "fps" ? `${m.toFixed(1)} fps` : unit === "ms" ? ms(m) : String(m);
    console.log(
      `  ${name.padEnd(40)} ${v}${values.length > 1 ? `   (runs: ${values.map((x) => x.toFixed(1)).join(", ")})` : ""}`,
    );
  }
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
