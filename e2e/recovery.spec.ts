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
