/**
 * Presenter mode (large type, minimal chrome, keyboard control of lesson steps) and embed mode
 * (?embed: the canvas and a terminal, a link to the full app, nothing stored), in real Chromium.
 * With HOPSCOPE_SHOTS=1 the last test saves screenshots at 1920×1080 and 1280×720 to e2e/shots/.
 */
import { test, expect, type Page } from "@playwright/test";
import { openApp, run, node, paste, waitForTerm, idle } from "./helpers";
import { shareUrl, local } from "./share-helpers";

const termFont = (page: Page) =>
  page
    .locator('[data-testid="terminal"] .xterm-rows')
    .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));

test("presenter mode: large type, no palette, PageDown/PageUp move through the lesson, Esc leaves", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openApp(page, "/?lesson=veth-pair");
  await expect(page.getByTestId("step-title")).toHaveText("1. Two namespaces");
  const normalFont = await termFont(page);
  await page.getByTestId("present").click();
  await expect(page.getByTestId("presenter-bar")).toContainText("Two namespaces");
  await expect(page.getByTestId("presenter-bar")).toContainText("1/5");
  await expect(page.getByTestId("add-netns")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Share", exact: true })).toHaveCount(0);
  await expect.poll(() => termFont(page)).toBeGreaterThanOrEqual(20);
  expect(normalFont).toBeLessThan(20);
  const bodyFont = await page
    .locator(".lesson-body")
    .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(bodyFont).toBeGreaterThanOrEqual(19);
  // the keyboard drives the lesson, also while the terminal has the focus (a clicker sends PageDown)
  await page.locator('[data-testid="terminal"] .xterm').click();
  await page.keyboard.press("PageDown");
  await expect(page.getByTestId("presenter-bar")).toContainText("2/5");
  await expect(page.getByTestId("step-title")).toHaveText("2. A virtual cable");
  // the step's prepared lab is open: RED and BLUE exist
  await expect(node(page, "netns:host:BLUE")).toBeVisible();
  await page.keyboard.press("PageDown");
  await expect(page.getByTestId("presenter-bar")).toContainText("3/5");
  await page.keyboard.press("PageUp");
  await expect(page.getByTestId("presenter-bar")).toContainText("2/5");
  // typing works as usual, and the checks follow
  await run(page, "ip link add veth0 type veth peer name veth1");
  await run(page, "ip link set veth0 netns RED");
  await run(page, "ip link set veth1 netns BLUE");
  await expect(page.getByTestId("step-done")).toBeVisible();
  // Esc in the terminal belongs to the shell; outside it, it leaves presenter mode
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("presenter-bar")).toBeVisible();
  await page.locator(".lesson-body").click();
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("presenter-bar")).toHaveCount(0);
  await expect(page.getByTestId("present")).toBeVisible();
  await expect.poll(() => termFont(page)).toBe(normalFont);
});

test("presenter mode: a PageDown pressed while a step's lab is loading is not lost", async ({ page }) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  await openApp(page, "/?lesson=pause-containers&present");
  await expect(page.getByTestId("presenter-bar")).toContainText("1/6");
  await page.locator('[data-testid="terminal"] .xterm').click();
  for (const n of [2, 3]) {
    await page.keyboard.press("PageDown");
    await expect(page.getByTestId("presenter-bar")).toContainText(`${n}/6`);
  }
  await idle(page);
  // step 4 builds a Kubernetes cluster: the second press comes while it loads (a clicker's double click)
  await page.keyboard.press("PageDown");
  await page.keyboard.press("PageDown");
  await expect(page.getByTestId("presenter-bar")).toContainText("5/6", { timeout: 30_000 });
  await expect(page.getByTestId("step-title")).toHaveText("5. On the node: the pause container");
  await idle(page);
  await expect(page.getByTestId("presenter-bar")).toContainText("5/6");
  // and back: two PageUps while the lab loads land two steps back
  await page.keyboard.press("PageUp");
  await page.keyboard.press("PageUp");
  await expect(page.getByTestId("presenter-bar")).toContainText("3/6", { timeout: 30_000 });
  await idle(page);
  await expect(page.getByTestId("presenter-bar")).toContainText("3/6");
});

test("presenter mode survives a reload and can be shared as such", async ({ page }) => {
  await openApp(page);
  await run(page, "ip netns add STAGE");
  await page.getByTestId("present").click();
  await expect(page).toHaveURL(/\?present/);
  await page.reload();
  await expect(page.getByTestId("presenter-bar")).toBeVisible();
  await expect(node(page, "netns:host:STAGE")).toBeVisible();
  await page.getByTestId("exit-present").click();
  await expect(page).not.toHaveURL(/present/);
});

test("embed mode: canvas and terminal, a link to the full app, and the reader's own lab untouched", async ({
  page,
  context,
  browser,
}) => {
  // the reader's own lab in this browser
  await openApp(page);
  await run(page, "ip netns add MINE");
  await expect(node(page, "netns:host:MINE")).toBeVisible();
  // a blog post embeds a lab
  await paste(page, "ip netns add EMBEDDED\nip link add br9 type bridge\n");
  await expect(node(page, "bridge:host:br9")).toBeVisible();
  const url = await shareUrl(page);
  await page.getByTestId("new-lab").click();
  await page.getByRole("button", { name: "Restore it" }).click();
  await run(page, "ip netns del EMBEDDED");
  await run(page, "ip link del br9");
  await expect(node(page, "netns:host:EMBEDDED")).toHaveCount(0);
  await idle(page);
  const u = new URL(url);
  const embedSrc = `${u.origin}/?embed${u.hash}`;
  const blog = await context.newPage();
  await blog.setContent(
    `<h1>My post</h1><iframe src="${embedSrc}" width="900" height="560" style="border:0"></iframe>`,
  );
  const frame = blog.frameLocator("iframe");
  await expect(frame.getByTestId("embed")).toHaveAttribute("data-ready", "true");
  await expect(frame.getByTestId("netns:host:EMBEDDED")).toBeVisible();
  await expect(frame.getByTestId("bridge:host:br9")).toBeVisible();
  await expect(frame.getByRole("button", { name: "Lessons ▾" })).toHaveCount(0);
  // the terminal works inside the frame
  await frame.locator('[data-testid="terminal"] .xterm').click();
  await blog.keyboard.type("ip -br link show br9");
  await blog.keyboard.press("Enter");
  await expect(frame.locator('[data-testid="terminal"] .xterm-rows')).toContainText("br9");
  const full = frame.getByTestId("open-full");
  await expect(full).toHaveAttribute("href", /#lab=2\./);
  const href = (await full.getAttribute("href"))!;
  expect(href).not.toContain("embed");
  await blog.close();
  // the embedded lab never replaced the reader's own one
  await page.reload();
  await expect(page.locator(".app[data-ready=true]")).toBeVisible();
  await expect(node(page, "netns:host:MINE")).toBeVisible();
  await expect(node(page, "netns:host:EMBEDDED")).toHaveCount(0);
  // "Open in Hopscope" opens the lab as it is in the frame (here in another browser)
  const other = await browser.newContext();
  const opened = await other.newPage();
  await openApp(opened, local(href));
  await expect(node(opened, "bridge:host:br9")).toBeVisible();
  await expect(node(opened, "netns:host:EMBEDDED")).toBeVisible();
  await other.close();
});

test("screenshots: presenter, lesson panel, share dialog, embed (HOPSCOPE_SHOTS=1)", async ({ page }) => {
  test.skip(!process.env.HOPSCOPE_SHOTS, "screenshots only on demand: HOPSCOPE_SHOTS=1");
  test.setTimeout(180_000);
  for (const [w, h] of [
    [1920, 1080],
    [1280, 720],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    const shot = (name: string) => page.screenshot({ path: `e2e/shots/${name}-${w}.png` });
    await openApp(page, "/?lesson=bridge-forward-drop");
    await page.getByRole("button", { name: /^Step 2:/ }).click();
    await expect(page.getByTestId("step-title")).toHaveText("2. The ping that vanishes");
    await run(page, "ip netns exec RED ping -c 1 -W 1 11.11.11.3", "100% packet loss");
    await page.getByTestId("hint").click();
    await page.locator(".canvas[data-layout=done]").waitFor();
    await page.waitForTimeout(500);
    await shot("10-lesson-panel");
    await page.getByTestId("present").click();
    await page.waitForTimeout(800);
    await shot("11-presenter");
    await page.keyboard.press("PageDown");
    await expect(page.getByTestId("presenter-bar")).toContainText("3/4");
    await page.getByTestId("show-solution").click();
    await page.getByTestId("replay-solution").click();
    await waitForTerm(page, "1 received");
    await page.waitForTimeout(800);
    await shot("12-presenter-step-done");
    await page.getByTestId("exit-present").click();
    await page.goto("/?lab=flannel-vxlan");
    await page.locator(".canvas[data-layout=done]").waitFor();
    await page.getByRole("button", { name: "Share", exact: true }).click();
    await expect(page.getByTestId("share-url")).toHaveValue(/#lab=/);
    await page.waitForTimeout(300);
    await shot("13-share-dialog");
    const url = await page.getByTestId("share-url").inputValue();
    await page.keyboard.press("Escape");
    const u = new URL(url);
    await page.setContent(
      `<body style="margin:0;font:18px sans-serif;background:#fff"><div style="max-width:${Math.min(w - 80, 1100)}px;margin:24px auto"><h2>Flannel, from the inside</h2><p>Try it: the lab below runs in your browser.</p><iframe src="${u.origin}/?embed${u.hash}" width="100%" height="${Math.round(h * 0.7)}" style="border:1px solid #ccc;border-radius:8px"></iframe></div></body>`,
    );
    const frame = page.frameLocator("iframe");
    await expect(frame.getByTestId("embed")).toHaveAttribute("data-ready", "true");
    await frame.locator(".canvas[data-layout=done]").waitFor();
    await page.waitForTimeout(800);
    await shot("14-embed");
  }
});

test("screenshots: the Docker and Kubernetes lessons in presenter mode (HOPSCOPE_SHOTS=1)", async ({
  page,
}) => {
  test.skip(!process.env.HOPSCOPE_SHOTS, "screenshots only on demand: HOPSCOPE_SHOTS=1");
  test.setTimeout(240_000);
  for (const [w, h] of [
    [1920, 1080],
    [1280, 720],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    const shot = (name: string) => page.screenshot({ path: `e2e/shots/${name}-${w}.png` });
    /** PageDown/PageUp (as a clicker) to step N of a lesson: wherever the kept progress left it. */
    const toStep = async (n: number, total: number) => {
      for (let i = 0; i < 2 * total; i++) {
        const at = Number(/(\d+)\//.exec((await page.getByTestId("presenter-bar").innerText()) ?? "")?.[1]);
        if (at === n) break;
        await page.keyboard.press(at < n ? "PageDown" : "PageUp");
        await expect(page.getByTestId("presenter-bar")).toContainText(`${at < n ? at + 1 : at - 1}/${total}`);
      }
      await expect(page.getByTestId("presenter-bar")).toContainText(`${n}/${total}`);
    };
    const settle = async () => {
      await page.locator(".canvas[data-layout=done]").waitFor();
      await page.waitForTimeout(800);
    };
    // lesson 5, step 2: inside the container's namespace
    await openApp(page, "/?lesson=docker-bridge&present");
    await expect(page.getByTestId("presenter-bar")).toContainText("Docker's bridge and a published port");
    await toStep(1, 4);
    await settle();
    await shot("15-presenter-docker-step1");
    await toStep(2, 4);
    await page.getByTestId("tab:host").click();
    await run(page, "nsenter -t $(docker inspect -f '{{.State.Pid}}' web) -n ip -br addr", "172.17.0.2/16");
    await settle();
    await shot("15-presenter-docker");
    // lesson 6, step 2: a sidecar in the pause container's namespace
    await openApp(page, "/?lesson=pause-containers&present");
    await expect(page.getByTestId("presenter-bar")).toContainText("Pause containers and shared namespaces");
    await toStep(2, 6);
    await run(page, "docker run -d --name web --net=container:pause --ipc=container:pause nginx");
    await run(
      page,
      "docker run --rm --net=container:pause nicolaka/netshoot curl -s localhost | grep title",
      "Welcome to nginx!",
    );
    await expect(page.getByTestId("step-done")).toBeVisible();
    await settle();
    await shot("16-presenter-pause");
    // lesson 6, step 5: the pod on its node
    await toStep(5, 6);
    await expect(page.getByTestId("step-title")).toHaveText("5. On the node: the pause container");
    await page.getByTestId("tab:k8s-w1").click();
    await run(page, "docker ps --format '{{.Names}}' | grep web", "k8s_POD_web");
    await settle();
    await shot("17-presenter-pod-node");
    // lesson 7, step 4: flanneld's job by hand
    await openApp(page, "/?lesson=flannel-vxlan&present");
    await expect(page.getByTestId("presenter-bar")).toContainText("Flannel VXLAN across nodes");
    await toStep(4, 4);
    await page.getByTestId("tab:k8s-w1").click();
    await run(page, "ip neigh show dev flannel.1", "PERMANENT");
    await settle();
    // the page itself never scrolls (a terminal's focus once scrolled the whole app off the top)
    expect(await page.evaluate(() => document.documentElement.scrollTop)).toBe(0);
    await shot("18-presenter-flannel");
  }
});
