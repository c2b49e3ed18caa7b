/**
 * Packet journeys in the browser: a ping line in the terminal replays its packet hop by hop on the
 * canvas — flannel's pod-to-pod ping wrapped into a VXLAN envelope on one node and unwrapped on
 * the other —, the bridge-nat lab's first ping stops in FORWARD with the reason, the player steps
 * back and forth (buttons and keys, also in presenter mode), the header tree and the hex view
 * agree with each other, and the pcap download decodes in tshark with the same packets.
 */
import { test, expect, type Page, type Locator } from "@playwright/test";
import { openApp, run, paste, waitForTerm, idle, node } from "./helpers";
import { haveTshark, pcapFrames, saved, tshark, TSHARK_MISSING } from "./pcap";

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
  // xterm.js asks for a line's links when the mouse enters it and underlines a link, then a click
  // activates it; the page learns that the command sent packets just after it ends: move again
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

interface Sample {
  x: number;
  y: number;
  state: string;
  env: string;
  /** The envelope's opacity (-1: none drawn). */
  opacity: number;
}

/** What the packet looks like on every animation frame while `act` runs, until it is at rest. */
async function filmed(page: Page, act: () => Promise<void>): Promise<Sample[]> {
  await page.evaluate(() => {
    const w = window as unknown as { __film: Sample[]; __filming: boolean };
    w.__film = [];
    w.__filming = true;
    const tick = () => {
      const p = document.querySelector('[data-testid="journey-packet"]');
      const o = document.querySelector('[data-testid="journey-overlay"]');
      const env = document.querySelector('[data-testid="journey-envelope"]');
      if (p && o) {
        const b = p.querySelector(".jo-pkt")!.getBoundingClientRect();
        w.__film.push({
          x: b.x + b.width / 2,
          y: b.y + b.height / 2,
          state: o.getAttribute("data-state") ?? "",
          env: p.getAttribute("data-env") ?? "",
          opacity: env ? Number(env.getAttribute("opacity") ?? 1) : -1,
        });
      }
      if (w.__filming) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await act();
  await atRest(page);
  return page.evaluate(() => {
    const w = window as unknown as { __film: Sample[]; __filming: boolean };
    w.__filming = false;
    return w.__film;
  });
}

/** Selects the event just before the first one whose text matches (to step into it). */
async function intoHop(page: Page, ...texts: (string | RegExp)[]): Promise<void> {
  await pickHop(page, ...texts);
  await btn(page, "Step back").click();
  await atRest(page);
}

async function stepForward(page: Page): Promise<void> {
  const before = await stepText(page).innerText();
  await btn(page, "Step forward").click();
  await expect(stepText(page)).not.toHaveText(before);
  await atRest(page);
}

test("flannel: the pod-to-pod ping crosses the nodes in a VXLAN envelope", async ({ page }) => {
  // a long scenario (it films three steps and plays 93 events at 4×): slow on a busy machine
  test.setTimeout(90_000);
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

  // at flannel.1 on k8s-w1 the packet becomes an envelope: it closes around it as one watches
  await intoHop(page, "vxlan encap", "k8s-w1");
  const wrapping = await filmed(page, () => btn(page, "Step forward").click());
  const closing = wrapping.filter((f) => f.state === "moving" && f.env === "wrap");
  expect(closing.length).toBeGreaterThan(5);
  expect(closing[0].opacity).toBeLessThan(0.5);
  expect(wrapping.at(-1)!.opacity).toBe(1);
  for (let i = 1; i < closing.length; i++)
    expect(closing[i].opacity).toBeGreaterThanOrEqual(closing[i - 1].opacity);
  await expect(hops(page).filter({ hasText: "vxlan encap" }).first()).toHaveAttribute(
    "aria-selected",
    "true",
  );
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
  // it glides along the cable to the switch, still in its envelope
  await intoHop(page, "recv", "fabric", /VXLAN VNI 1 192\.168\.100\.101/);
  const w1Out = await center(w1Nic);
  const crossing = await filmed(page, () => btn(page, "Step forward").click());
  await expect(
    hops(page).filter({ hasText: "recv" }).filter({ hasText: "fabric" }).filter({ hasText: /VXLAN/ }).first(),
  ).toHaveAttribute("aria-selected", "true");
  const moving = crossing.filter((f) => f.state === "moving");
  expect(moving.length).toBeGreaterThan(5);
  expect(moving.every((f) => f.env === "inside" && f.opacity === 1)).toBe(true);
  const sw = await center(node(page, "switch:fabric:vbox0"));
  const between = moving.filter(
    (f) => Math.hypot(f.x - w1Out.x, f.y - w1Out.y) > 20 && Math.hypot(f.x - sw.x, f.y - sw.y) > 20,
  );
  expect(between.length, "frames drawn on the way, away from both ends").toBeGreaterThan(2);
  expect(new Set(moving.map((f) => `${Math.round(f.x)},${Math.round(f.y)}`)).size).toBeGreaterThan(4);
  await pickHop(page, "recv", "fabric", /VXLAN VNI 1 192\.168\.100\.101/);
  await expect(packet).toHaveAttribute("data-env", "inside");
  expect(await within(await center(packet), node(page, "switch:fabric:vbox0"))).toBe(true);
  await pickHop(page, "recv", "k8s-w2", "enp0s8", /VXLAN/);
  await expect(packet).toHaveAttribute("data-env", "inside");
  expect(await within(await center(packet), w2Nic)).toBe(true);
  // and is unwrapped at flannel.1 on k8s-w2: the envelope opens and falls away
  await intoHop(page, "vxlan decap", "k8s-w2");
  const unwrapping = await filmed(page, () => btn(page, "Step forward").click());
  const opening = unwrapping.filter((f) => f.state === "moving" && f.env === "unwrap");
  expect(opening.length).toBeGreaterThan(5);
  expect(opening[0].opacity).toBeGreaterThan(0.5);
  expect(unwrapping.at(-1)!.opacity).toBe(0);
  await expect(hops(page).filter({ hasText: "vxlan decap" }).first()).toHaveAttribute(
    "aria-selected",
    "true",
  );
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
  // the ARP who-has it waited for is flooded by br0: a broadcast, drawn with a ring going out
  await expect(hops(page).filter({ hasText: "bridge flood" }).first()).toContainText("br0");
  await pickHop(page, "bridge flood", "ARP who-has");
  await expect(page.locator('[data-testid="journey-packet"] .jo-pkt.bcast')).toHaveCount(1);
  await expect(page.locator(".journey-overlay .jo-flood")).toHaveCount(1);
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

test("docker-bridge: the DNAT rewrite shows the address change, before and after", async ({ page }) => {
  await openLab(page, "docker-bridge");
  await page.getByTestId("journeys-toggle").click();
  const cmd = page.getByTestId("journey-command");
  const v = await cmd.locator("option", { hasText: "192.168.50.10:10001" }).first().getAttribute("value");
  await cmd.selectOption(v!);
  const row = await pickHop(page, "PREROUTING NAT", "host");
  await expect(row).toContainText("eth0");
  await expect(row).toContainText("NAT dst 192.168.50.10:10001 → 172.17.0.2:80");
  // on the canvas, beside the packet at host's eth0
  await expect(page.locator('[data-testid="journey-packet"] .jo-nat')).toContainText(
    "NAT dst 192.168.50.10:10001 → 172.17.0.2:80",
  );
  expect(
    await within(
      await center(page.getByTestId("journey-packet").locator(".jo-pkt")),
      page.locator('.react-flow__node[data-id="d:host/root/eth0"]'),
    ),
  ).toBe(true);
  // the detail: before and after, and the header tree of either packet
  const detail = page.getByTestId("hop-detail");
  await expect(detail).toContainText(/before NAT\s*192\.168\.50\.20:\d+ → 192\.168\.50\.10:10001/);
  await expect(detail).toContainText(/after NAT\s*192\.168\.50\.20:\d+ → 172\.17\.0\.2:80/);
  const dst = () =>
    page.getByTestId("headers").locator('[data-field="Destination address"] .ht-fval').first().innerText();
  await expect(detail.getByRole("button", { name: "After NAT" })).toHaveAttribute("aria-pressed", "true");
  expect(await dst()).toBe("172.17.0.2");
  await detail.getByRole("button", { name: "As it came" }).click();
  expect(await dst()).toBe("192.168.50.10");
  // the binding and the rewrite are one event, not two
  await expect(hops(page).filter({ hasText: "PREROUTING NAT" })).toHaveCount(1);
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

test("the header tree of the frame on the wire agrees with tshark, byte for byte", async ({ page }) => {
  test.skip(!haveTshark(), TSHARK_MISSING);
  await openLab(page, "flannel-vxlan");
  await page.getByTestId("journeys-toggle").click();
  const cmd = page.getByTestId("journey-command");
  const v = await cmd
    .locator("option", { hasText: "pod-1 ping -c 1 -W 1 172.16.2.8" })
    .first()
    .getAttribute("value");
  await cmd.selectOption(v!);
  // the echo request leaving k8s-w1 on the underlay, in its envelope
  await pickHop(page, "xmit", "k8s-w1", "enp0s8", /VXLAN VNI 1 192\.168\.100\.101/);
  const headers = page.getByTestId("headers");
  await expect(headers.locator(".ht-layer").first()).toHaveAttribute("data-layer", "Ethernet II");
  // what the page shows: every layer's fields, and the bytes of the hex view
  const shown = await page.evaluate(() => {
    const layers = [...document.querySelectorAll('[data-testid="headers"] .ht-layer')].map((l) => ({
      name: l.getAttribute("data-layer")!,
      fields: Object.fromEntries(
        [...l.querySelectorAll(":scope > .ht-fields .ht-field")].map((f) => [
          f.getAttribute("data-field")!,
          {
            value: f.querySelector(".ht-fval")!.textContent!,
            offset: Number(f.getAttribute("data-offset")),
            length: Number(f.getAttribute("data-length")),
          },
        ]),
      ),
    }));
    const hex = [...document.querySelectorAll('[data-testid="hex"] [data-o]')]
      .sort((a, b) => Number(a.getAttribute("data-o")) - Number(b.getAttribute("data-o")))
      .map((e) => e.textContent!)
      .join("");
    return { layers, hex };
  });
  expect(shown.layers.map((l) => l.name)).toEqual([
    "Ethernet II",
    "IPv4",
    "UDP",
    "VXLAN",
    "Ethernet II (inner)",
    "IPv4",
    "ICMP",
    "Data",
  ]);
  // the same frame is in the journey's pcap, byte for byte
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByTestId("journey-pcap").click(),
  ]);
  const file = await saved(download);
  const hexOf = (f: Uint8Array) => Buffer.from(f).toString("hex");
  const n = pcapFrames(file).findIndex((f) => hexOf(f) === shown.hex);
  expect(n, "the hex view's bytes are a frame of the pcap").toBeGreaterThanOrEqual(0);
  // tshark's reading of that frame (outer and inner values comma-separated)
  const fields = [
    "eth.dst",
    "eth.src",
    "ip.id",
    "ip.ttl",
    "ip.len",
    "ip.checksum",
    "ip.src",
    "ip.dst",
    "udp.srcport",
    "udp.dstport",
    "udp.length",
    "vxlan.vni",
    "icmp.type",
    "icmp.ident",
    "icmp.seq",
    "icmp.checksum",
  ];
  const [row] = tshark(file, fields, `frame.number == ${n + 1}`);
  const t = Object.fromEntries(fields.map((f, i) => [f, row[i].split(",")]));
  const [eth, outer, udp, vxlan, innerEth, inner, icmp] = shown.layers;
  const val = (l: (typeof shown.layers)[number], name: string) => l.fields[name].value.split(" ")[0];
  expect(val(eth, "Destination")).toBe(t["eth.dst"][0]);
  expect(val(eth, "Source")).toBe(t["eth.src"][0]);
  expect(val(innerEth, "Destination")).toBe(t["eth.dst"][1]);
  expect(val(innerEth, "Source")).toBe(t["eth.src"][1]);
  for (const [i, l] of [outer, inner].entries()) {
    expect(val(l, "Identification")).toBe(t["ip.id"][i]);
    expect(val(l, "Time to live")).toBe(t["ip.ttl"][i]);
    expect(val(l, "Total length")).toBe(t["ip.len"][i]);
    expect(val(l, "Header checksum")).toBe(t["ip.checksum"][i]);
    expect(val(l, "Source address")).toBe(t["ip.src"][i]);
    expect(val(l, "Destination address")).toBe(t["ip.dst"][i]);
  }
  expect(val(udp, "Source port")).toBe(t["udp.srcport"][0]);
  expect(val(udp, "Destination port")).toBe(t["udp.dstport"][0]);
  expect(val(udp, "Length")).toBe(t["udp.length"][0]);
  expect(val(vxlan, "VNI")).toBe(t["vxlan.vni"][0]);
  expect(icmp.fields["Type"].value).toBe(`Echo request (${t["icmp.type"][0]})`);
  expect(val(icmp, "Identifier")).toBe(String(Number(t["icmp.ident"][0])));
  expect(val(icmp, "Sequence")).toBe(String(Number(t["icmp.seq"][0])));
  expect(val(icmp, "Checksum")).toBe(t["icmp.checksum"][0]);
  // and each field's offset points at its own bytes: the VNI, the inner TTL
  const bytes = (f: { offset: number; length: number }) =>
    shown.hex.slice(f.offset * 2, (f.offset + f.length) * 2);
  expect(parseInt(bytes(vxlan.fields["VNI"]), 16)).toBe(Number(t["vxlan.vni"][0]));
  expect(parseInt(bytes(inner.fields["Time to live"]), 16)).toBe(Number(t["ip.ttl"][1]));
  expect(parseInt(bytes(udp.fields["Source port"]), 16)).toBe(Number(t["udp.srcport"][0]));
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
