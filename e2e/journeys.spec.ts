/**
 * Packet journeys in the browser: a ping line in the terminal replays its packet hop by hop on the
 * canvas — flannel's pod-to-pod ping wrapped into a VXLAN envelope on one node and unwrapped on
 * the other —, the bridge-nat lab's first ping stops in FORWARD with the reason, the player steps
 * back and forth (buttons and keys, also in presenter mode), the header tree and the hex view
 * agree with each other, and the pcap download decodes in tshark with the same packets.
 */
import { test, expect, type Page, type Locator } from "@playwright/test";
import { openApp, run, paste, waitForTerm, idle, node } from "./helpers";
import { haveTshark, saved, tshark, TSHARK_MISSING } from "./pcap";

async function openLab(page: Page, id: string, query = ""): Promise<void> {
  page.on("pageerror", (e) => {
    throw new Error(`page error: ${e.message}`);
  });
  await page.goto(`/?lab=${id}${query}`);
  await expect(page.locator(".app[data-ready=true]")).toBeVisible();
  await expect(page.locator(".canvas[data-layout=done]")).toBeVisible();
}

/** Clicks the terminal row whose text matches (a link to its journey). */
async function clickTermLine(page: Page, text: RegExp): Promise<void> {
  const row = page.locator('[data-testid="terminal"] .xterm-rows > div').filter({ hasText: text }).last();
  const b = (await row.boundingBox())!;
  await page.mouse.move(b.x + 40, b.y + b.height / 2);
  // xterm.js underlines a link on hover, then a click activates it
  await expect(page.locator('[data-testid="terminal"] .xterm-screen')).toHaveClass(/xterm-cursor-pointer/);
  await page.mouse.click(b.x + 40, b.y + b.height / 2);
}

const panel = (page: Page) => page.getByTestId("journey-panel");
const hops = (page: Page) => page.getByTestId("event-list").getByTestId("hop");
const stepText = (page: Page) => page.getByTestId("journey-step");
const btn = (page: Page, name: string) => panel(page).getByRole("button", { name, exact: true });

/** The packet is at rest at the event the list has selected. */
async function atRest(page: Page): Promise<void> {
  const overlay = page.getByTestId("journey-overlay");
  await expect(overlay).toHaveAttribute("data-state", "rest");
  const row = await page.locator('[data-testid="hop"][aria-selected="true"]').getAttribute("data-row");
  await expect(page.getByTestId("journey-packet")).toHaveAttribute("data-row", row!);
}

async function center(l: Locator): Promise<{ x: number; y: number }> {
  const b = (await l.boundingBox())!;
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

async function within(point: { x: number; y: number }, l: Locator, slack = 4): Promise<boolean> {
  const b = (await l.boundingBox())!;
  return (
    point.x >= b.x - slack &&
    point.x <= b.x + b.width + slack &&
    point.y >= b.y - slack &&
    point.y <= b.y + b.height + slack
  );
}

/** Selects the first event whose row text matches, and waits for the packet to be drawn there. */
async function pickHop(page: Page, ...texts: (string | RegExp)[]): Promise<Locator> {
  let row = hops(page);
  for (const t of texts) row = row.filter({ hasText: t });
  const r = row.first();
  await r.click();
  await expect(r).toHaveAttribute("aria-selected", "true");
  await atRest(page);
  return r;
}

async function stepForward(page: Page): Promise<void> {
  const before = await stepText(page).innerText();
  await btn(page, "Step forward").click();
  await expect(stepText(page)).not.toHaveText(before);
  await atRest(page);
}

test("flannel: the pod-to-pod ping crosses the nodes in a VXLAN envelope", async ({ page }) => {
  await openLab(page, "flannel-vxlan");
  await page.getByTestId("tab:k8s-w1").click();
  await run(page, "ip netns exec pod-1 ping -c 1 172.16.2.8", "1 packets transmitted, 1 received");
  await idle(page);
  // the reply line links to the journey of its echo request: the player opens and plays it
  await clickTermLine(page, /64 bytes from 172\.16\.2\.8: icmp_seq=1/);
  await expect(panel(page)).toBeVisible();
  await expect(btn(page, "Pause")).toBeVisible();
  await expect(page.getByTestId("journey-packet")).toBeVisible();
  await btn(page, "Pause").click();
  await expect(btn(page, "Play")).toBeVisible();

  // encapsulated on k8s-w1 (flannel.1), decapsulated on k8s-w2 (flannel.1)
  const encap = hops(page).filter({ hasText: "vxlan encap" }).filter({ hasText: "k8s-w1" });
  await expect(encap.first()).toContainText("flannel.1");
  await expect(
    hops(page).filter({ hasText: "vxlan decap" }).filter({ hasText: "k8s-w2" }).first(),
  ).toContainText("flannel.1");

  const w1Flannel = node(page, "device:k8s-w1:flannel.1");
  const w1Nic = node(page, "device:k8s-w1:enp0s8");
  const w2Nic = node(page, "device:k8s-w2:enp0s8");
  const w2Flannel = node(page, "device:k8s-w2:flannel.1");
  const packet = page.getByTestId("journey-packet");
  const envelope = page.getByTestId("journey-envelope");

  // at flannel.1 on k8s-w1 the packet becomes an envelope
  await pickHop(page, "vxlan encap", "k8s-w1");
  await expect(packet).toHaveAttribute("data-env", "wrap");
  await expect(envelope).toContainText("VNI 1");
  await expect(envelope).toContainText("192.168.100.101 → 192.168.100.102");
  expect(await within(await center(packet), w1Flannel)).toBe(true);
  // it crosses the underlay inside the envelope: k8s-w1's NIC, the switch, k8s-w2's NIC
  await stepForward(page);
  await expect(packet).toHaveAttribute("data-env", "inside");
  expect(await within(await center(packet), w1Nic)).toBe(true);
  await pickHop(page, "xmit", "k8s-w1", "enp0s8", /VXLAN VNI 1 192\.168\.100\.101/);
  await expect(packet).toHaveAttribute("data-env", "inside");
  await pickHop(page, "recv", "fabric", /VXLAN VNI 1 192\.168\.100\.101/);
  await expect(packet).toHaveAttribute("data-env", "inside");
  expect(await within(await center(packet), node(page, "switch:fabric:vbox0"))).toBe(true);
  await pickHop(page, "recv", "k8s-w2", "enp0s8", /VXLAN/);
  await expect(packet).toHaveAttribute("data-env", "inside");
  expect(await within(await center(packet), w2Nic)).toBe(true);
  // and is unwrapped at flannel.1 on k8s-w2
  await pickHop(page, "vxlan decap", "k8s-w2");
  await expect(packet).toHaveAttribute("data-env", "unwrap");
  expect(await within(await center(packet), w2Flannel)).toBe(true);
  await stepForward(page);
  await expect(packet).toHaveAttribute("data-env", "none");
  await expect(envelope).toHaveCount(0);

  // played to the end (4×): the echo request is delivered in pod-2, the reply back in pod-1
  await panel(page).getByLabel("Speed").selectOption("4");
  await page.keyboard.press("Home");
  await btn(page, "Play").click();
  const total = (await stepText(page).innerText()).split("/")[1].trim();
  await expect(stepText(page)).toHaveText(`${total} / ${total}`, { timeout: 30_000 });
  await expect(btn(page, "Play")).toBeVisible();
  await expect(hops(page).last()).toContainText("deliver");
  await expect(hops(page).last()).toContainText("pod-1");
  await atRest(page);
  expect(await within(await center(packet), node(page, "device:k8s-w1:eth0").first())).toBe(true);
});

const BRIDGE_NAT_START = `#@link host:eth0 outside:eth0
sysctl -w net.ipv4.ip_forward=1
iptables -P FORWARD DROP
iptables -N DOCKER-USER
iptables -A FORWARD -j DOCKER-USER
iptables -A DOCKER-USER -j RETURN
ip netns add RED
ip link add reth0 netns RED type veth peer name reth1
ip netns add BLUE
ip link add beth0 netns BLUE type veth peer name beth1
ip link add br0 type bridge
ip link set reth1 master br0
ip link set beth1 master br0
ip netns exec RED ip addr add 11.11.11.2/24 dev reth0
ip netns exec BLUE ip addr add 11.11.11.3/24 dev beth0
ip netns exec RED ip link set reth0 up; ip link set reth1 up;
ip netns exec BLUE ip link set beth0 up; ip link set beth1 up;
ip link set br0 up
`;

test("bridge-nat: the first ping is dropped in FORWARD, and the marker says why", async ({ page }) => {
  await openApp(page);
  await paste(page, BRIDGE_NAT_START);
  await expect(node(page, "bridge:host:br0")).toBeVisible();
  await idle(page);
  await run(page, "ip netns exec RED ping -c 1 -W 1 11.11.11.3", "100% packet loss");
  await idle(page);
  // the Packets button opens the latest command's first packet
  await page.getByTestId("journeys-toggle").click();
  await expect(page.getByTestId("drop-reason")).toContainText(
    "dropped at host FORWARD (filter): policy DROP — bridged traffic traverses iptables because bridge-nf-call-iptables=1",
  );
  const drop = hops(page).filter({ hasText: "FORWARD DROP" }).filter({ hasText: "drop" });
  await expect(drop.first()).toContainText("host");
  await expect(drop.first()).toContainText("beth1");
  // the ARP who-has it waited for is flooded by br0 (a broadcast)
  await expect(hops(page).filter({ hasText: "bridge flood" }).first()).toContainText("br0");
  // the end: a marker with the reason where the packet died
  await page.locator(".jp-head").click();
  await page.keyboard.press("End");
  await atRest(page);
  const marker = page.getByTestId("drop-marker");
  await expect(marker).toBeVisible();
  await expect(marker).toContainText("FORWARD DROP");
  await expect(marker).toContainText("policy DROP");
  expect(await within(await center(marker.locator("circle")), node(page, "device:host:beth1"), 30)).toBe(
    true,
  );
  // the drop's detail: hook, table, chain, policy
  const detail = page.getByTestId("hop-detail");
  await expect(detail).toContainText("FORWARD");
  await expect(detail).toContainText("filter");
  await expect(detail).toContainText("none matched: the chain's policy");
});

test("the player steps back and forth, with buttons, the keyboard and the event list", async ({ page }) => {
  await openLab(page, "flannel-vxlan");
  await page.getByTestId("journeys-toggle").click();
  await expect(panel(page)).toBeVisible();
  // the latest command of the lab is picked: pick the pod-to-pod ping instead
  const cmd = page.getByTestId("journey-command");
  const v = await cmd
    .locator("option", { hasText: "pod-1 ping -c 1 -W 1 172.16.2.8" })
    .first()
    .getAttribute("value");
  await cmd.selectOption(v!);
  await expect(hops(page).first()).toContainText("send");
  const total = Number((await stepText(page).innerText()).split("/")[1]);
  expect(total).toBe(await hops(page).count());
  await expect(stepText(page)).toHaveText(`1 / ${total}`);
  await expect(btn(page, "Step back")).toBeDisabled();
  await stepForward(page);
  await stepForward(page);
  await stepForward(page);
  await expect(stepText(page)).toHaveText(`4 / ${total}`);
  await expect(hops(page).nth(3)).toHaveAttribute("aria-selected", "true");
  await btn(page, "Step back").click();
  await expect(stepText(page)).toHaveText(`3 / ${total}`);
  await atRest(page);
  await expect(hops(page).nth(2)).toHaveAttribute("aria-selected", "true");
  // keys: . and → forward, , and ← back, Space plays and pauses (not while typing in the terminal)
  await page.locator(".jp-head").click();
  await page.keyboard.press(".");
  await expect(stepText(page)).toHaveText(`4 / ${total}`);
  await page.keyboard.press("ArrowRight");
  await expect(stepText(page)).toHaveText(`5 / ${total}`);
  await page.keyboard.press(",");
  await page.keyboard.press("ArrowLeft");
  await expect(stepText(page)).toHaveText(`3 / ${total}`);
  await page.keyboard.press("Space");
  await expect(btn(page, "Pause")).toBeVisible();
  await page.keyboard.press("Space");
  await expect(btn(page, "Play")).toBeVisible();
  // jump: a row of the event list, the slider
  await hops(page).nth(20).click();
  await expect(stepText(page)).toHaveText(`21 / ${total}`);
  await atRest(page);
  await panel(page).getByLabel("Jump to hop").fill("9");
  await expect(stepText(page)).toHaveText(`10 / ${total}`);
  // the terminal keeps its keys
  await page.locator('[data-testid="terminal"] .xterm').click();
  await page.keyboard.press(".");
  await expect(stepText(page)).toHaveText(`10 / ${total}`);
  await page.keyboard.press("Control+U");
  // a protocol filter keeps only the ARP events
  await panel(page).getByTestId("journey-filter").selectOption("ARP");
  const arp = Number((await stepText(page).innerText()).split("/")[1]);
  expect(arp).toBeGreaterThan(0);
  expect(arp).toBeLessThan(total);
  await expect(hops(page)).toHaveCount(arp);
  for (const t of await hops(page).allInnerTexts()) expect(t).toMatch(/ARP/);
});

test("the header tree and the hex view show the encapsulated packet's fields and bytes", async ({ page }) => {
  await openLab(page, "flannel-vxlan");
  await page.getByTestId("journeys-toggle").click();
  const cmd = page.getByTestId("journey-command");
  const v = await cmd
    .locator("option", { hasText: "pod-1 ping -c 1 -W 1 172.16.2.8" })
    .first()
    .getAttribute("value");
  await cmd.selectOption(v!);
  const row = await pickHop(page, "vxlan encap", "k8s-w1");
  await expect(row).toContainText("flannel.1");
  await expect(row).toContainText("ICMP echo request 172.16.1.7 → 172.16.2.8");
  const detail = page.getByTestId("hop-detail");
  await expect(detail).toContainText("VNI 1, outer 192.168.100.101");
  await expect(detail.getByRole("button", { name: "After encap" })).toHaveAttribute("aria-pressed", "true");
  const headers = page.getByTestId("headers");
  // outer IPv4 / UDP / VXLAN, then the inner Ethernet / IPv4 / ICMP
  const layers = await headers.locator(".ht-layer > .ht-head .ht-name").allInnerTexts();
  expect(layers).toEqual(["IPv4", "UDP", "VXLAN", "Ethernet II (inner)", "IPv4", "ICMP", "Data"]);
  const hex = page.getByTestId("hex");
  /** A field's value, and the bytes the hex view shows at its offset. */
  const field = async (layer: Locator, name: string) => {
    const f = layer.locator(`:scope > .ht-fields [data-field="${name}"]`).first();
    const value = await f.locator(".ht-fval").innerText();
    const off = Number(await f.getAttribute("data-offset"));
    const len = Number(await f.getAttribute("data-length"));
    const bytes: string[] = [];
    for (let i = 0; i < len; i++) bytes.push(await hex.locator(`[data-o="${off + i}"]`).innerText());
    await f.click();
    // picking the field lights its bytes
    await expect(hex.locator(`[data-o="${off}"]`)).toHaveClass(/\bon\b/);
    return { value, bytes: bytes.join(" ") };
  };
  const layer = (i: number) => headers.locator(".ht-layer").nth(i);
  const outerIp = layer(0);
  expect(await field(outerIp, "Source address")).toEqual({ value: "192.168.100.101", bytes: "c0 a8 64 65" });
  expect(await field(outerIp, "Destination address")).toEqual({
    value: "192.168.100.102",
    bytes: "c0 a8 64 66",
  });
  expect(await field(outerIp, "Protocol")).toEqual({ value: "UDP (17)", bytes: "11" });
  expect(await field(layer(1), "Destination port")).toEqual({ value: "8472", bytes: "21 18" });
  expect(await field(layer(2), "VNI")).toEqual({ value: "1", bytes: "00 00 01" });
  const innerIp = layer(4);
  expect(await field(innerIp, "Source address")).toEqual({ value: "172.16.1.7", bytes: "ac 10 01 07" });
  expect(await field(innerIp, "Destination address")).toEqual({ value: "172.16.2.8", bytes: "ac 10 02 08" });
  // the TTL the inner packet has after k8s-w1 routed it
  expect(await field(innerIp, "Time to live")).toEqual({ value: "63", bytes: "3f" });
  expect(await field(layer(5), "Type")).toEqual({ value: "Echo request (8)", bytes: "08" });
  // the outer IPv4 (20), UDP (8) and VXLAN (8) headers around the 98 bytes of the inner frame
  await expect(hex).toHaveAttribute("aria-label", "134 bytes");
  // before encapsulation: the inner frame alone
  await detail.getByRole("button", { name: "As it came" }).click();
  expect(await headers.locator(".ht-layer > .ht-head .ht-name").allInnerTexts()).toEqual([
    "Ethernet II",
    "IPv4",
    "ICMP",
    "Data",
  ]);
  await expect(hex).toHaveAttribute("aria-label", "98 bytes");
});

test("a journey's pcap decodes in tshark with the same packets", async ({ page }) => {
  test.skip(!haveTshark(), TSHARK_MISSING);
  await openLab(page, "flannel-vxlan");
  await page.getByTestId("journeys-toggle").click();
  const cmd = page.getByTestId("journey-command");
  const v = await cmd
    .locator("option", { hasText: "pod-1 ping -c 1 -W 1 172.16.2.8" })
    .first()
    .getAttribute("value");
  await cmd.selectOption(v!);
  await expect(hops(page).first()).toContainText("send");
  // every transmission of the journey (and of the packets it caused) is a frame of the file
  const xmits = hops(page).and(page.locator('[data-kind="xmit"]'));
  const sent = (await xmits.allInnerTexts()).map((t) => t.split("\n").at(-1)!.trim());
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByTestId("journey-pcap").click(),
  ]);
  const file = await saved(download);
  const frames = tshark(file, [
    "frame.protocols",
    "ip.src",
    "ip.dst",
    "vxlan.vni",
    "icmp.type",
    "arp.opcode",
  ]);
  expect(frames.length).toBe(sent.length);
  frames.forEach((f, i) => {
    const [protocols, src, dst, vni, icmpType, arpOp] = f;
    const what = sent[i];
    if (what.startsWith("VXLAN")) {
      // the outer addresses first, then the inner packet's
      const m = /VXLAN VNI (\d+) (\S+) → (\S+) \[ICMP echo (request|reply) (\S+) → (\S+)\]/.exec(what)!;
      expect(protocols).toContain("vxlan");
      expect(vni).toBe(m[1]);
      expect(src).toBe(`${m[2]},${m[5]}`);
      expect(dst).toBe(`${m[3]},${m[6]}`);
      expect(icmpType).toBe(m[4] === "request" ? "8" : "0");
    } else if (what.startsWith("ARP")) {
      expect(protocols).toContain("arp");
      expect(arpOp).toBe(what.includes("who-has") ? "1" : "2");
    } else {
      const m = /ICMP echo (request|reply) (\S+) → (\S+)/.exec(what)!;
      expect(src).toBe(m[2]);
      expect(dst).toBe(m[3]);
      expect(icmpType).toBe(m[1] === "request" ? "8" : "0");
    }
  });
});

test("presenter mode: the panel reads large, and Space, . , [ ] drive the player", async ({ page }) => {
  await openLab(page, "flannel-vxlan", "&present");
  await expect(page.getByTestId("presenter-bar")).toBeVisible();
  await page.getByTestId("journeys-toggle").click();
  const cmd = page.getByTestId("journey-command");
  const v = await cmd
    .locator("option", { hasText: "pod-1 ping -c 1 -W 1 172.16.2.8" })
    .first()
    .getAttribute("value");
  await cmd.selectOption(v!);
  await expect(hops(page).first()).toContainText("send");
  const size = await page
    .locator(".jl-what")
    .first()
    .evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  expect(size).toBeGreaterThanOrEqual(15);
  const total = Number((await stepText(page).innerText()).split("/")[1]);
  await page.locator(".jp-head").click();
  await page.keyboard.press(".");
  await expect(stepText(page)).toHaveText(`2 / ${total}`);
  await page.keyboard.press("]");
  await expect(stepText(page)).toHaveText(`3 / ${total}`);
  await page.keyboard.press("[");
  await page.keyboard.press(",");
  await expect(stepText(page)).toHaveText(`1 / ${total}`);
  await page.keyboard.press("Space");
  await expect(btn(page, "Pause")).toBeVisible();
  await page.keyboard.press("Space");
  await expect(btn(page, "Play")).toBeVisible();
  await waitForTerm(page, /#/);
});
