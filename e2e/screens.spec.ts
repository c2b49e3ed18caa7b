/**
 * Screenshots for looking at the app (not a test of behaviour): HOPSCOPE_SHOTS=1 npx playwright
 * test -c e2e/playwright.config.ts e2e/screens.spec.ts → e2e/shots/*.png
 */
import { test } from "@playwright/test";
import { openApp, run, paste, waitForTerm, node, idle } from "./helpers";

test.skip(!process.env.HOPSCOPE_SHOTS, "screenshots only on demand");

for (const [w, h] of [
  [1280, 720],
  [1920, 1080],
] as const) {
  test(`screens ${w}x${h}`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: w, height: h });
    const shot = (name: string) => page.screenshot({ path: `e2e/shots/${name}-${w}.png` });
    await openApp(page);
    await shot("01-first-run");
    for (const lab of ["docker-bridge", "flannel-vxlan", "routing"]) {
      await page.goto(`/?lab=${lab}`);
      await page.locator(".canvas[data-layout=done]").waitFor();
      await page.waitForTimeout(600);
      await shot(`02-lab-${lab}`);
    }
    await page
      .getByTestId("tab:k8s-m")
      .waitFor({ state: "detached" })
      .catch(() => {});
    await page.goto("/?lab=flannel-vxlan");
    await page.locator(".canvas[data-layout=done]").waitFor();
    await page.getByTestId("tab:k8s-w1").click();
    await run(page, "ip -c -n pod-1 addr show eth0", "inet 172.16.1.7");
    await run(page, "ip netns exec pod-1 ping 172.16.2.8", "icmp_seq=3");
    await page.keyboard.press("Control+C");
    await waitForTerm(page, "ping statistics");
    await idle(page);
    await page.keyboard.type("ip link set ");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await page.waitForTimeout(300);
    await node(page, "bridge:k8s-w1:cni0").click();
    await page.waitForTimeout(500);
    await shot("03-terminal-inspector");
    await page.keyboard.press("Control+U");
    // drawing from scratch
    await page.getByTestId("new-lab").click();
    await page.getByTestId("add-netns").click();
    await page.getByTestId("add-netns").click();
    await page.getByTestId("add-bridge").click();
    await waitForTerm(page, "br0 type bridge");
    await page.locator(".canvas[data-layout=done]").waitFor();
    await page.waitForTimeout(400);
    for (const ns of ["RED", "BLUE"]) {
      const k = (await node(page, `netns:host:${ns}`).locator(".react-flow__handle.knob").boundingBox())!;
      const b = (await node(page, "bridge:host:br0").boundingBox())!;
      await page.mouse.move(k.x + k.width / 2, k.y + k.height / 2);
      await page.mouse.down();
      await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 10 });
      await page.mouse.up();
      await waitForTerm(page, `veth-${ns.toLowerCase()}-br master br0`);
      await page.locator(".canvas[data-layout=done]").waitFor();
      await page.waitForTimeout(300);
    }
    await paste(
      page,
      "ip link set br0 up\nip link set veth-red-br up\nip link set veth-blue-br up\nip -n RED link set veth-red up\nip -n BLUE link set veth-blue up\nip -n RED addr add 10.0.0.1/24 dev veth-red\nip -n BLUE addr add 10.0.0.2/24 dev veth-blue\nip netns exec RED ping -c 2 10.0.0.2\n",
    );
    await waitForTerm(page, "2 received");
    await node(page, "netns:host:RED").click({ position: { x: 40, y: 12 } });
    await page.waitForTimeout(500);
    await shot("04-drawn");
    // a bridge loop: the storm on the bridge and its toast
    await page.getByTestId("new-lab").click();
    await paste(
      page,
      "ip link add br0 type bridge\nip link add a1 type veth peer name a2\nip link set a1 master br0\nip link set a2 master br0\nip link set br0 up\nip link set a1 up\nip link set a2 up\nip addr add 10.9.0.1/24 dev br0\nping -c 2 10.9.0.2\n",
    );
    await waitForTerm(page, "2 packets transmitted");
    await node(page, "bridge:host:br0").getByTestId("storm").waitFor();
    await page.locator(".canvas[data-layout=done]").waitFor();
    await page.waitForTimeout(400);
    await shot("05-storm");
  });
}
