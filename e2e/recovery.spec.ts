import { test, expect, type Page } from "@playwright/test";
import { openApp, run, termText, waitForTerm, idle, node } from "./helpers";

/**
 * The simulator's worker dies (killed, an exception, a hung command) or the tab is killed: the
 * app restarts the worker, rebuilds the lab from its script and loses nothing that was typed.
 * `window.__hopscope.crashWorker(how)` is the debug hook (e2e/README.md).
 */

const LAB = [
  "ip netns add RED",
  "ip link add br0 type bridge",
  "ip link add veth0 netns RED type veth peer name veth0-br",
  "ip link set veth0-br master br0",
  "ip -n RED addr add 10.1.0.2/24 dev veth0",
  "ip link set br0 up",
];

async function buildLab(page: Page): Promise<void> {
  for (const line of LAB) await run(page, line);
  await expect(node(page, "device:host:veth0-br")).toBeVisible();
  await idle(page);
}

/** The output of one command, alone on a cleared screen. */
async function outputOf(page: Page, line: string): Promise<string> {
  await run(page, "clear");
  await idle(page);
  await run(page, line);
  await idle(page);
  const text = await termText(page);
  const lines = text.trimEnd().split("\n");
  const at = lines.findIndex((l) => l.endsWith(`# ${line}`));
  expect(at, `${line} on the screen`).toBeGreaterThanOrEqual(0);
  return lines
    .slice(at + 1, -1)
    .map((l) => l.trimEnd())
    .join("\n");
}

const crash = (page: Page, how: "terminate" | "throw" | "hang") =>
  page.evaluate(
    (h) => (window as unknown as { __hopscope: { crashWorker(h: string): void } }).__hopscope.crashWorker(h),
    how,
  );

test("a killed worker is restarted and the lab rebuilt, with the line being typed kept", async ({ page }) => {
  await openApp(page);
  await buildLab(page);
  const before = await outputOf(page, "ip -br a");
  expect(before).toMatch(/veth0-br@if\d+/);
  // half a command in the editor when the worker dies (as an out-of-memory kill would)
  await page.keyboard.type("ip -n RED -br a");
  await crash(page, "terminate");
  await expect(page.getByTestId("toast").filter({ hasText: "simulator stopped" })).toBeVisible({
    timeout: 15_000,
  });
  await expect(page.getByTestId("toast").filter({ hasText: "did not answer" })).toBeVisible();
  await waitForTerm(page, "# the simulator restarted");
  // the typed text is still on the prompt line; finish it
  await waitForTerm(page, /# ip -n RED -br a\s*$/);
  await page.keyboard.type(" show dev veth0");
  await page.keyboard.press("Enter");
  await waitForTerm(page, /veth0@if\d+\s+\S+\s+10\.1\.0\.2\/24/);
  await idle(page);
  // the same world: same MACs, same ifindexes
  expect(await outputOf(page, "ip -br a")).toBe(before);
  await expect(node(page, "bridge:host:br0")).toBeVisible();
});

test("an exception outside any command restarts the simulator at once", async ({ page }) => {
  await openApp(page);
  await buildLab(page);
  await crash(page, "throw");
  await expect(page.getByTestId("toast").filter({ hasText: "it failed" })).toBeVisible();
  await waitForTerm(page, "# the simulator restarted");
  await run(page, "ip netns list", "RED");
});

test("a command that hangs is stopped, not recorded, and what was typed meanwhile runs", async ({ page }) => {
  await openApp(page);
  await buildLab(page);
  const before = await outputOf(page, "ip -br link");
  await crash(page, "hang");
  await run(page, "ip netns add HUNG");
  // typed while the command hangs: kept, and run once the lab is back
  await page.keyboard.type("ip netns list\n");
  await expect(page.getByTestId("toast").filter({ hasText: "did not answer" })).toBeVisible({
    timeout: 20_000,
  });
  await waitForTerm(page, "the simulator stopped while this command ran");
  await idle(page);
  const text = await termText(page);
  expect(text.slice(text.lastIndexOf("# ip netns list"))).toMatch(/# ip netns list\s*\n\s*RED/);
  expect(text.slice(text.lastIndexOf("# ip netns list"))).not.toContain("HUNG");
  expect(await outputOf(page, "ip -br link")).toBe(before);
  await expect(node(page, "netns:host:HUNG")).toHaveCount(0);
  // the hung command is not in the lab script
  await page.locator(".react-flow__pane").click({ position: { x: 5, y: 200 } });
  await expect(page.getByTestId("script")).toContainText("ip link set br0 up");
  await expect(page.getByTestId("script")).not.toContainText("HUNG");
});

test("a tab killed right after a command keeps the lab", async ({ page, context }) => {
  await openApp(page);
  await run(page, "ip netns add KEPT");
  await run(page, "ip link add kept0 type dummy");
  await idle(page);
  // no unload, no pagehide: the renderer dies
  const cdp = await context.newCDPSession(page);
  const crashed = new Promise((resolve) => page.once("crash", resolve));
  void cdp.send("Page.crash").catch(() => {});
  await crashed;
  const again = await context.newPage();
  await openApp(again);
  await waitForTerm(again, "Restored your lab");
  await expect(node(again, "netns:host:KEPT")).toBeVisible();
  await expect(node(again, "device:host:kept0")).toBeVisible();
});

/** Animation frames the page draws while `during` runs (a busy main thread draws few). */
async function framesDuring(
  page: Page,
  during: () => Promise<void>,
): Promise<{ fps: number; longest: number }> {
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
  await during();
  const frames = await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __run: boolean };
    w.__run = false;
    return w.__frames;
  });
  const dts = frames.slice(1).map((t, i) => t - frames[i]);
  return { fps: (dts.length * 1000) / (frames.at(-1)! - frames[0]), longest: Math.max(...dts) };
}

/** Drags the canvas's empty pane a little (a few moves: slow on a loaded machine); the view must move. */
async function pan(page: Page): Promise<void> {
  const viewport = () =>
    page.locator(".react-flow__viewport").evaluate((el) => (el as HTMLElement).style.transform);
  const box = (await page.locator(".react-flow__pane").boundingBox())!;
  const before = await viewport();
  await page.mouse.move(box.x + 8, box.y + box.height - 12);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) {
    await page.mouse.move(box.x + 8 + i * 15, box.y + box.height - 12 - i * 5);
    await page.waitForTimeout(16);
  }
  await page.mouse.up();
  expect(await viewport()).not.toBe(before);
}

test("a ping that never ends and a flood both stop at Ctrl-C, and the canvas pans while they run", async ({
  page,
}) => {
  await openApp(page);
  await buildLab(page);
  await run(page, "ip addr add 10.1.0.1/24 dev br0");
  await run(page, "ip link set veth0-br up");
  await run(page, "ip -n RED link set veth0 up");
  await idle(page);
  // no -c: one a second until interrupted
  await run(page, "ip netns exec RED ping 10.1.0.1", "icmp_seq=2");
  const slow = await framesDuring(page, () => pan(page));
  await page.locator('[data-testid="terminal"] .xterm').click();
  await page.keyboard.press("Control+C");
  await waitForTerm(page, /packets transmitted, \d+ received, 0% packet loss/);
  await idle(page);
  // a flood: as fast as the simulator goes, until interrupted
  await run(page, "clear");
  await idle(page);
  await run(page, "ip netns exec RED ping -f 10.1.0.1", /PING 10\.1\.0\.1/);
  await page.waitForTimeout(1000);
  const flood = await framesDuring(page, () => pan(page));
  await page.locator('[data-testid="terminal"] .xterm').click();
  const t0 = Date.now();
  await page.keyboard.press("Control+C");
  // (one may be in flight at the ^C: "0.0016% packet loss")
  await waitForTerm(page, /\d{3,} packets transmitted, \d{3,} received/);
  expect(Date.now() - t0, "Ctrl-C stops the flood at once").toBeLessThan(3000);
  await idle(page);
  // the page kept drawing: never a second without a frame (software rendering on a shared
  // machine, other builds running: the bound is loose; a main thread waiting on the worker fails it)
  for (const f of [slow, flood]) {
    expect(f.fps).toBeGreaterThan(8);
    expect(f.longest).toBeLessThan(1000);
  }
  await page.locator(".react-flow__pane").click({ position: { x: 5, y: 200 } });
  await expect(page.getByTestId("script")).toContainText(
    /timeout -s INT [\d.]+ ip netns exec RED ping -f 10\.1\.0\.1/,
  );
});

test("a bridge loop's broadcast storm shows on the bridge, and the lab goes on", async ({ page }) => {
  await openApp(page);
  for (const line of [
    "ip link add br0 type bridge",
    "ip link add a1 type veth peer name a2",
    "ip link set a1 master br0",
    "ip link set a2 master br0",
    "ip link set br0 up",
    "ip link set a1 up",
    "ip link set a2 up",
    "ip addr add 10.9.0.1/24 dev br0",
  ])
    await run(page, line);
  await expect(node(page, "bridge:host:br0")).toBeVisible();
  await idle(page);
  // the ARP request for 10.9.0.2 goes round the loop a1 → a2 → br0 → a1 …
  await run(page, "ping -c 3 10.9.0.2");
  // shown while the ping still runs (the canvas follows a running command)
  await expect(page.getByTestId("toast").filter({ hasText: "broadcast storm on br0" })).toBeVisible();
  const badge = node(page, "bridge:host:br0").getByTestId("storm");
  await expect(badge).toBeVisible();
  await waitForTerm(page, "3 packets transmitted, 0 received");
  await idle(page);
  await expect(badge).toContainText(/dropped/);
  await run(page, "ip -br link show a1", /a1@a2\s+UP/);
  await idle(page);
});
