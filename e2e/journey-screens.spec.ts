/**
 * Screenshots of the packet-journey view for looking at it (not a test of behaviour), at 1280×720
 * and 1920×1080: the player with the event list and the header tree, an encapsulated packet in
 * the middle of its move, the envelope opening, a drop marker, an ARP flood, a NAT rewrite,
 * presenter mode.
 *   HOPSCOPE_SHOTS=1 npx playwright test -c e2e/playwright.config.ts e2e/journey-screens.spec.ts
 * → e2e/shots/journey-*.png
 */
import { test, expect, type Page } from "@playwright/test";
import { openApp, run, paste, idle, node } from "./helpers";

test.skip(!process.env.HOPSCOPE_SHOTS, "screenshots only on demand");

async function lab(page: Page, id: string, query = ""): Promise<void> {
  await page.goto(`/?lab=${id}${query}`);
  await expect(page.locator(".app[data-ready=true]")).toBeVisible();
  await expect(page.locator(".canvas[data-layout=done]")).toBeVisible();
}

async function pick(page: Page, text: string): Promise<void> {
  const sel = page.getByTestId("journey-command");
  const v = await sel.locator("option", { hasText: text }).first().getAttribute("value");
  await sel.selectOption(v!);
  await expect(page.getByTestId("hop").first()).toBeVisible();
}

/** Opens the journey panel (a restored lab may have it open already). */
async function openPanel(page: Page): Promise<void> {
  const t = page.getByTestId("journeys-toggle");
  if ((await t.getAttribute("aria-pressed")) !== "true") await t.click();
  await expect(page.getByTestId("journey-panel")).toBeVisible();
}

/** Closes the toasts ("Started a new lab …") that would hide part of the picture. */
async function dismissToasts(page: Page): Promise<void> {
  for (const x of await page.getByTestId("toast").getByRole("button", { name: "Dismiss" }).all())
    await x.click();
  await expect(page.getByTestId("toast")).toHaveCount(0);
}

async function rest(page: Page): Promise<void> {
  await expect(page.getByTestId("journey-overlay")).toHaveAttribute("data-state", "rest");
  await page.waitForTimeout(250);
}

for (const [w, h] of [
  [1280, 720],
  [1920, 1080],
] as const) {
  test(`journey screens ${w}x${h}`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: w, height: h });
    const shot = (name: string) => page.screenshot({ path: `e2e/shots/journey-${name}-${w}.png` });
    await lab(page, "flannel-vxlan");
    await openPanel(page);
    await pick(page, "pod-1 ping -c 1 -W 1 172.16.2.8");
    await rest(page);
    await shot("01-opened");
    // the encap hop: the envelope, the VXLAN fields in the header tree
    await page.getByTestId("hop").filter({ hasText: "vxlan encap" }).first().click();
    await rest(page);
    await shot("02-encap-headers");
    // in the middle of crossing the underlay
    await page
      .getByTestId("hop")
      .filter({ hasText: "recv" })
      .filter({ hasText: "fabric" })
      .filter({ hasText: /VXLAN/ })
      .first()
      .click();
    await rest(page);
    await page.getByRole("button", { name: "Step back", exact: true }).click();
    await rest(page);
    await page.getByRole("button", { name: "Step forward", exact: true }).click();
    await page.waitForTimeout(330);
    await shot("03-envelope-moving");
    // the envelope opening at flannel.1 on k8s-w2 (a third of the way into the step)
    await page.getByTestId("hop").filter({ hasText: "vxlan decap" }).first().click();
    await rest(page);
    await page.getByRole("button", { name: "Step back", exact: true }).click();
    await rest(page);
    await page.getByRole("button", { name: "Step forward", exact: true }).click();
    await page.waitForTimeout(450);
    await shot("04-decap-moving");
    // a drop: bridge-nat's first ping
    await openApp(page);
    await page.getByTestId("new-lab").click();
    await paste(
      page,
      "sysctl -w net.ipv4.ip_forward=1\niptables -P FORWARD DROP\nip netns add RED\nip link add reth0 netns RED type veth peer name reth1\nip netns add BLUE\nip link add beth0 netns BLUE type veth peer name beth1\nip link add br0 type bridge\nip link set reth1 master br0\nip link set beth1 master br0\nip netns exec RED ip addr add 11.11.11.2/24 dev reth0\nip netns exec BLUE ip addr add 11.11.11.3/24 dev beth0\nip netns exec RED ip link set reth0 up; ip link set reth1 up;\nip netns exec BLUE ip link set beth0 up; ip link set beth1 up;\nip link set br0 up\n",
    );
    await expect(node(page, "bridge:host:br0")).toBeVisible();
    await idle(page);
    await run(page, "ip netns exec RED ping -c 1 -W 1 11.11.11.3", "100% packet loss");
    await idle(page);
    await openPanel(page);
    await expect(page.getByTestId("drop-reason")).toBeVisible();
    await dismissToasts(page);
    await page.locator(".jp-head").click();
    await page.keyboard.press("End");
    await rest(page);
    await shot("05-drop");
    // the flood of the ARP who-has
    await page.getByTestId("hop").filter({ hasText: "bridge flood" }).first().click();
    await page.getByRole("button", { name: "Step forward", exact: true }).click();
    await page.waitForTimeout(300);
    await shot("06-flood");
    // a NAT rewrite: the docker-bridge lab's curl from outside, DNATed to the container
    await lab(page, "docker-bridge");
    await openPanel(page);
    await pick(page, "192.168.50.10:10001");
    await page.getByTestId("hop").filter({ hasText: "PREROUTING NAT" }).first().click();
    await rest(page);
    await shot("08-nat");
    // presenter mode
    await lab(page, "flannel-vxlan", "&present");
    await openPanel(page);
    await pick(page, "pod-1 ping -c 1 -W 1 172.16.2.8");
    await page.getByTestId("hop").filter({ hasText: "vxlan encap" }).first().click();
    await rest(page);
    await shot("07-present");
  });
}
