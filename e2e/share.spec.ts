/**
 * Share links, hostile links, export and import, in real Chromium. The .sh export also runs on
 * the real kernel through the oracle (../shared/oracle/real-linux) where root and namespaces are
 * available; elsewhere that test is skipped and says why.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test, expect } from "@playwright/test";
import { deflateSync, strToU8 } from "fflate";
import { openApp, paste, run, node, waitForTerm, idle, termText } from "./helpers";
import { outputOf, topology, shareUrl, local } from "./share-helpers";
import { DICT_V2 } from "../web/src/share/dict";
import { toB64url } from "../web/src/share/link";
import { runLab } from "../sim-core/src/lab/runner";
import { compareTranscripts, describeMismatches } from "../sim-core/src/lab/compare";

test.use({ viewport: { width: 1400, height: 1050 } });

/** A tall terminal: whole command outputs stay on screen (xterm's DOM rows are the visible ones). */
const tallTerminal = () => localStorage.setItem("hopscope:termHeight", "0.62");
test.beforeEach(async ({ context }) => {
  await context.addInitScript(tallTerminal);
});

const LAB = `ip netns add RED
ip link add veth-host type veth peer name veth-red netns RED
ip addr add 10.9.0.1/24 dev veth-host
ip link set veth-host up
ip -n RED addr add 10.9.0.2/24 dev veth-red
ip -n RED link set veth-red up
ip -n RED link set lo up
ip link add br0 type bridge
ip link set br0 up
ping -c 1 -W 1 10.9.0.2
`;

test("a shared link opens the identical lab in a fresh browser: topology, layout, ip a", async ({
  page,
  browser,
}) => {
  await openApp(page);
  await paste(page, LAB);
  await waitForTerm(page, "1 packets transmitted, 1 received");
  await expect(node(page, "device:host:veth-red")).toContainText("10.9.0.2/24");
  // drag a node: the layout is part of the lab
  const red = node(page, "netns:host:RED");
  const box = (await red.boundingBox())!;
  await page.mouse.move(box.x + 30, box.y + 10);
  await page.mouse.down();
  await page.mouse.move(box.x + 150, box.y + 70, { steps: 8 });
  await page.mouse.up();
  const transform = () => node(page, "netns:host:RED").evaluate((el) => (el as HTMLElement).style.transform);
  const moved = await transform();
  const ipA = await outputOf(page, "ip a");
  expect(ipA).toContain("veth-host@if2");
  const before = await topology(page);

  const url = await shareUrl(page);
  expect(new URL(url).hash).toMatch(/^#lab=2\.[A-Za-z0-9_-]+$/);

  const other = await browser.newContext({ viewport: { width: 1400, height: 1050 } });
  await other.addInitScript(tallTerminal);
  const p2 = await other.newPage();
  await openApp(p2, local(url));
  await expect(node(p2, "device:host:veth-red")).toContainText("10.9.0.2/24");
  expect(await topology(p2)).toEqual(before);
  await expect
    .poll(() => node(p2, "netns:host:RED").evaluate((el) => (el as HTMLElement).style.transform))
    .toBe(moved);
  // the same world: same MAC addresses, same counters, same output
  expect(await outputOf(p2, "ip a")).toBe(ipA);
  expect(new URL(p2.url()).hash).toBe("");
  await other.close();
});

test("the Docker and Kubernetes starter labs load, and the cluster's link fits the budget and reopens it", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  // docker run -p: docker0 with the container's veth on it, and the client's tab
  await openApp(page, "/?lab=docker-run");
  await expect(node(page, "bridge:host:docker0")).toBeVisible();
  await expect(page.getByTestId("tab:client")).toBeVisible();
  await expect(
    page.locator('[data-testid="link:host:docker0"], [data-kind="bridge-port"]').first(),
  ).toBeAttached();
  // the network modes: one container namespace (pause's), nginx and the sidecar inside it
  await openApp(page, "/?lab=docker-modes");
  await expect(node(page, "bridge:host:docker0")).toBeVisible();
  await expect(page.locator('[data-testid^="netns:host:ns:"]')).toHaveCount(1);
  // the three-node cluster with flannel: three machines, VXLAN tunnels between them
  await openApp(page, "/?lab=k8s-flannel");
  for (const m of ["k8s-m", "k8s-w1", "k8s-w2"]) await expect(node(page, `machine:${m}:${m}`)).toBeVisible();
  await expect(page.locator('[data-kind="vxlan"]').first()).toBeAttached();
  const before = await topology(page);
  // pods: one namespace on each worker (flannel's own pod uses the node's namespace)
  expect(before.nodes.filter((n) => /^netns:k8s-w[12]:ns:/.test(n))).toHaveLength(2);
  const url = await shareUrl(page);
  expect(url.length, "the 3-node flannel cluster's link").toBeLessThan(2000);
  const other = await browser.newContext({ viewport: { width: 1400, height: 1050 } });
  const p2 = await other.newPage();
  await openApp(p2, local(url));
  await expect(node(p2, "machine:k8s-w2:k8s-w2")).toBeVisible();
  expect(await topology(p2)).toEqual(before);
  await p2.getByTestId("tab:k8s-w1").click();
  expect(await outputOf(p2, "ip neigh show dev flannel.1")).toContain("PERMANENT");
  await other.close();
});

test("a shared link reopens the packet journey and the hop that was picked", async ({ page, browser }) => {
  test.setTimeout(90_000);
  await openApp(page, "/?lab=flannel-vxlan");
  await page.locator(".canvas[data-layout=done]").waitFor();
  await page.getByTestId("tab:k8s-w1").click();
  await run(page, "ip netns exec pod-1 ping -c 1 172.16.2.8", "1 packets transmitted, 1 received");
  await idle(page);
  // the reply line links to its journey (as a learner clicks it; see journeys.spec.ts)
  const row = page
    .locator('[data-testid="terminal"] .xterm-rows > div')
    .filter({ hasText: /64 bytes from 172\.16\.2\.8/ })
    .last();
  const b = (await row.boundingBox())!;
  let dx = 40;
  await expect(async () => {
    dx = dx === 40 ? 48 : 40;
    await page.mouse.move(b.x + dx, b.y + b.height / 2);
    await page.mouse.move(b.x + dx, b.y - 30);
    await page.mouse.move(b.x + dx, b.y + b.height / 2);
    await expect(page.locator('[data-testid="terminal"] .xterm-screen')).toHaveClass(/xterm-cursor-pointer/, {
      timeout: 1000,
    });
  }).toPass({ timeout: 10_000 });
  await page.mouse.click(b.x + dx, b.y + b.height / 2);
  const panel = page.getByTestId("journey-panel");
  await expect(panel).toBeVisible();
  const pause = panel.getByRole("button", { name: "Pause", exact: true });
  if (await pause.isVisible()) await pause.click();
  // pick the hop where k8s-w1 wraps the packet into VXLAN
  const hop = page
    .getByTestId("event-list")
    .getByTestId("hop")
    .filter({ hasText: "vxlan encap" })
    .filter({ hasText: "k8s-w1" })
    .first();
  await hop.click();
  await expect(hop).toHaveAttribute("aria-selected", "true");
  const picked = await hop.getAttribute("data-row");
  const pickedText = (await hop.innerText()).trim();

  const url = await shareUrl(page);
  const other = await browser.newContext({ viewport: { width: 1400, height: 1050 } });
  const p2 = await other.newPage();
  await openApp(p2, local(url));
  await expect(p2.getByTestId("journey-panel")).toBeVisible();
  const selected = p2.locator('[data-testid="hop"][aria-selected="true"]');
  await expect(selected).toHaveAttribute("data-row", picked!);
  await expect(selected).toContainText("vxlan encap");
  expect((await selected.innerText()).trim()).toBe(pickedText);
  await other.close();
});

/** A format-2 link made by hand: what an attacker can write. */
function link(header: Record<string, unknown>, script: string): string {
  const bytes = deflateSync(strToU8(JSON.stringify(header) + "\n" + script), {
    level: 9,
    dictionary: strToU8(DICT_V2),
  });
  return "2." + toB64url(bytes);
}

test("hostile and broken links are refused with a clear message, and the lab stays", async ({ page }) => {
  await openApp(page);
  await run(page, "ip netns add KEEP");
  await expect(node(page, "netns:host:KEEP")).toBeVisible();
  const good = link({ t: "A fine lab" }, LAB);
  const cases: [string, string, RegExp][] = [
    ["truncated", good.slice(0, Math.floor(good.length * 0.6)), /damaged or cut short/],
    ["not a lab", "2.bm90IGEgbGFi", /damaged/],
    [
      "decompression bomb",
      "2." + toB64url(deflateSync(new Uint8Array(60_000_000), { level: 9 })),
      /decompression bomb/,
    ],
    ["oversized", "2." + "A".repeat(250_000), /too long/],
    [
      "markup in the title",
      link({ t: '<img src=x onerror="window.__pwned=1">' }, "ip netns add X\n"),
      /title contains HTML markup/,
    ],
    [
      "markup in a machine name",
      link({ t: "x" }, "#@machine <svg/onload=alert(1)>\nip a\n"),
      /bad machine directive/,
    ],
    [
      "10^6 commands",
      link({ t: "x" }, ":\n".repeat(1_000_000)),
      /decompression bomb|more than 5,000 commands/,
    ],
    ["6,000 commands", link({ t: "x" }, "ip netns add A\n".repeat(6000)), /more than 5,000 commands/],
    ["escape sequences", link({ t: "x" }, "echo \u001b]0;pwned\u0007\n"), /control character/],
    ["from the future", "7.AAAA", /newer Hopscope/],
  ];
  for (const [what, payload, message] of cases) {
    await page.goto(`/#lab=${payload}`);
    await expect(page.locator(".app[data-ready=true]")).toBeVisible();
    const alert = page.getByRole("alert").filter({ hasText: "not opened" }).first();
    await expect(alert, what).toContainText(message);
    await expect(alert, what).toContainText("Your lab is unchanged");
    await expect(node(page, "netns:host:KEEP"), what).toBeVisible();
    expect(
      await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned),
      what,
    ).toBeUndefined();
    expect(await page.locator("img[src=x], svg[onload]").count(), what).toBe(0);
    await page.getByRole("alert").filter({ hasText: "not opened" }).getByLabel("Dismiss").first().click();
  }
  // the lab is still the one we had, and still works
  await run(page, "ip netns list", "KEEP");
});

test("export as JSON and import it again by pasting; a bad paste is refused in place", async ({ page }) => {
  await openApp(page);
  await paste(page, "ip netns add JSONLAB\nip link add d0 type dummy\n");
  await expect(node(page, "device:host:d0")).toBeVisible();
  await page.getByTestId("export-menu").click();
  const [dl] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-json").click()]);
  const json = readFileSync((await dl.path())!, "utf8");
  expect(JSON.parse(json)).toMatchObject({
    hopscope: "lab",
    v: 1,
    script: expect.stringContaining("JSONLAB"),
  });
  await page.getByTestId("new-lab").click();
  await expect(node(page, "netns:host:JSONLAB")).toHaveCount(0);
  await page.getByTestId("import").click();
  await page.getByTestId("import-text").fill('{"v":1,"script":"#@machine <b>x</b>\\n"}');
  await page.getByTestId("import-open").click();
  await expect(page.getByTestId("import-error")).toContainText("bad machine directive");
  await page.getByTestId("import-text").fill(json);
  await page.getByTestId("import-open").click();
  await expect(page.getByTestId("import-dialog")).toHaveCount(0);
  await expect(node(page, "netns:host:JSONLAB")).toBeVisible();
  await expect(node(page, "device:host:d0")).toBeVisible();
});

test("a dropped .sh file opens as a lab", async ({ page }) => {
  await openApp(page);
  const dt = await page.evaluateHandle(() => {
    const d = new DataTransfer();
    d.items.add(
      new File(["# Dropped lab\nip netns add DROPPED\n"], "dropped.sh", { type: "text/x-shellscript" }),
    );
    return d;
  });
  await page.locator(".app").dispatchEvent("dragover", { dataTransfer: dt });
  await page.locator(".app").dispatchEvent("drop", { dataTransfer: dt });
  await expect(node(page, "netns:host:DROPPED")).toBeVisible();
  await expect(page.getByTestId("lab-title")).toHaveText("Dropped lab");
});

/** The oracle, when this machine can run it: root, namespaces, the tools. */
function oracle(): { path: string } | { skip: string } {
  const path =
    process.env.HOPSCOPE_ORACLE ?? fileURLToPath(new URL("../../shared/oracle/real-linux", import.meta.url));
  const r = spawnSync(path, ["--check"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (r.error) return { skip: `the real-linux oracle is not here (${path})` };
  if (r.status !== 0)
    return { skip: `the real-linux oracle cannot run here: ${(r.stderr || r.stdout).trim()}` };
  return { path };
}

test("the exported .sh runs on the real kernel with the simulator's results", async ({ page }) => {
  test.setTimeout(120_000);
  const o = oracle();
  if ("skip" in o) {
    process.stderr.write(
      `\n  SKIPPED (export → real kernel): ${o.skip}; root and network namespaces are needed.\n`,
    );
    test.skip(true, o.skip);
    return;
  }
  await openApp(page);
  // built in the browser, including a shell entered inside a namespace (exported as nsenter … bash -c)
  await paste(page, LAB);
  await waitForTerm(page, "1 packets transmitted, 1 received");
  await idle(page);
  await run(page, "nsenter --net=/var/run/netns/RED", /\[netns RED\]/);
  await run(page, "ip route add default via 10.9.0.1");
  await run(page, "ping -c 1 -W 1 10.9.0.1", "1 received");
  await run(page, "exit", /root@host:~#\s*$/m);
  await run(page, "iptables -t nat -A POSTROUTING -s 10.9.0.0/24 -j MASQUERADE");
  await run(page, "ip -br a", "veth-host@if2");
  await idle(page);
  const browserOut = await termText(page);
  await page.getByTestId("export-menu").click();
  const [dl] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-sh").click()]);
  expect(dl.suggestedFilename()).toMatch(/\.sh$/);
  const sh = readFileSync((await dl.path())!, "utf8");
  expect(sh).toMatch(/^#!\/bin\/bash\n/);
  expect(sh).toContain("nsenter --net=/var/run/netns/RED bash -c 'ping -c 1 -W 1 10.9.0.1'");
  const dir = mkdtempSync(join(tmpdir(), "hopscope-export-"));
  const file = join(dir, "lab.sh");
  writeFileSync(file, sh);
  // stdin from /dev/null: on a socket, bash would think sshd started it and read ~/.bashrc
  const real = spawnSync(o.path, [file], {
    encoding: "utf8",
    timeout: 100_000,
    stdio: ["ignore", "pipe", "pipe"],
  });
  expect(real.status, real.stderr).toBe(0);
  const sim = runLab(sh).transcript;
  const score = compareTranscripts(real.stdout, sim);
  expect(score.total).toBe(14);
  expect(score.exit, describeMismatches(score)).toBe(score.total);
  expect(score.loose, describeMismatches(score)).toBe(score.total);
  // and what the browser showed is what the real kernel printed
  for (const line of ["1 packets transmitted, 1 received", "-A POSTROUTING -s 10.9.0.0/24 -j MASQUERADE"]) {
    expect(real.stdout).toContain(line);
    expect(sim).toContain(line);
  }
  expect(browserOut).toContain("veth-host@if2");
});
