import { test, expect } from "@playwright/test";
import { openApp, run, termText, waitForTerm, paste, idle, node } from "./helpers";

const VETH_LAB = `ip netns add RED
ip netns add BLUE
ip link add veth-red netns RED type veth peer name veth-blue netns BLUE
ip -n RED addr add 10.0.0.1/24 dev veth-red
ip -n BLUE addr add 10.0.0.2/24 dev veth-blue
ip -n RED link set veth-red up
ip -n BLUE link set veth-blue up
`;

test("typing a lab shows the output and draws it", async ({ page }) => {
  await openApp(page);
  await run(page, "ip netns add RED");
  await run(page, "ip netns add BLUE");
  await run(page, "ip netns list", /BLUE\s*\n\s*RED/);
  await expect(node(page, "netns:host:RED")).toBeVisible();
  await expect(node(page, "netns:host:BLUE")).toBeVisible();
  await run(page, "ip link add veth-red netns RED type veth peer name veth-blue netns BLUE");
  await run(page, "ip -n RED addr add 10.0.0.1/24 dev veth-red");
  await run(page, "ip -n RED link set veth-red up");
  await expect(node(page, "device:host:veth-red")).toContainText("10.0.0.1/24");
  await expect(node(page, "device:host:veth-blue")).toBeVisible();
  await expect(page.getByTestId("link:host:veth-red")).toHaveCount(1);
  // colours for ip -c: the state word is red (DOWN) or green (UP) in the DOM renderer
  await run(page, "ip -c -n BLUE link show veth-blue", "veth-blue@");
  const colored = await page.locator('[data-testid="terminal"] .xterm-rows span[class*="xterm-fg-"]').count();
  expect(colored).toBeGreaterThan(0);
  await run(page, "ip -n BLUE addr add 10.0.0.2/24 dev veth-blue");
  await run(page, "ip -n BLUE link set veth-blue up");
  await run(page, "ip netns exec RED ping -c 1 10.0.0.2", "1 packets transmitted, 1 received");
  // a typo gets bash's answer
  await run(page, "ipp a", "bash: ipp: command not found");
});

test("drawing a veth between two namespaces runs the command", async ({ page }) => {
  await openApp(page);
  await page.getByTestId("add-netns").click();
  await waitForTerm(page, "ip netns add RED");
  await page.getByTestId("add-netns").click();
  await waitForTerm(page, "ip netns add BLUE");
  const red = node(page, "netns:host:RED");
  const blue = node(page, "netns:host:BLUE");
  await expect(red).toBeVisible();
  await expect(blue).toBeVisible();
  // drag the connect knob of RED onto the BLUE box
  const knob = red.locator(".react-flow__handle.knob");
  const kb = (await knob.boundingBox())!;
  const bb = (await blue.boundingBox())!;
  await page.mouse.move(kb.x + kb.width / 2, kb.y + kb.height / 2);
  await page.mouse.down();
  await page.mouse.move(bb.x + bb.width / 2, bb.y + bb.height / 2 + 10, { steps: 12 });
  await page.mouse.up();
  await waitForTerm(page, "ip link add veth-red netns RED type veth peer name veth-blue netns BLUE");
  await expect(node(page, "device:host:veth-red")).toBeVisible();
  await expect(node(page, "device:host:veth-blue")).toBeVisible();
  await expect(
    page.getByTestId("link:host:veth-red").or(page.getByTestId("link:host:veth-blue")),
  ).toHaveCount(1);
  // the lab script (the document) has the command
  await page.locator(".react-flow__pane").click({ position: { x: 5, y: 200 } });
  await expect(page.getByTestId("script")).toContainText(
    "ip link add veth-red netns RED type veth peer name veth-blue netns BLUE",
  );
  // the inspector sets an address with the real command
  await node(page, "device:host:veth-red").click();
  await page.getByTestId("insp-addr").fill("10.1.1.1/24");
  await page.getByTestId("insp-addr").press("Enter");
  await waitForTerm(page, "ip -n RED addr add 10.1.1.1/24 dev veth-red");
  await expect(node(page, "device:host:veth-red")).toContainText("10.1.1.1/24");
});

test("TAB completes commands, subcommands, devices and netns names", async ({ page }) => {
  await openApp(page);
  await run(page, "ip netns add RED");
  await run(page, "ip link add dummy0 type dummy");
  await idle(page);
  await page.keyboard.type("ip li");
  await page.keyboard.press("Tab");
  await waitForTerm(page, /# ip link\s*$/m);
  await page.keyboard.type("set du");
  await page.keyboard.press("Tab");
  await waitForTerm(page, /# ip link set dummy0\s*$/m);
  await page.keyboard.press("Control+U");
  await page.keyboard.type("ip netns exec R");
  await page.keyboard.press("Tab");
  await waitForTerm(page, /# ip netns exec RED\s*$/m);
  await page.keyboard.press("Control+U");
  // double TAB lists the choices, as bash does
  await page.keyboard.type("iptables -t ");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await waitForTerm(page, /filter\s+.*nat/);
  await waitForTerm(page, /security/);
  await page.keyboard.press("Control+U");
  await page.keyboard.type("sysctl net.ipv4.ip_forw");
  await page.keyboard.press("Tab");
  await waitForTerm(page, /# sysctl net\.ipv4\.ip_forward/);
});

test("Ctrl-C stops a ping that runs a line per second", async ({ page }) => {
  await openApp(page);
  await paste(page, VETH_LAB);
  await expect(node(page, "device:host:veth-blue")).toContainText("10.0.0.2/24");
  await idle(page);
  const t0 = Date.now();
  await run(page, "ip netns exec RED ping 10.0.0.2", "icmp_seq=3");
  const elapsed = Date.now() - t0;
  expect(elapsed).toBeGreaterThan(1500); // paced: seq 1 at 0 s, seq 3 at 2 s
  await page.keyboard.press("Control+C");
  await waitForTerm(page, "^C");
  await waitForTerm(page, "--- 10.0.0.2 ping statistics ---");
  await waitForTerm(page, /packets transmitted, \d+ received, 0% packet loss/);
  await idle(page);
  // recorded so that replay stops it at the same virtual time
  await page.locator(".react-flow__pane").click({ position: { x: 5, y: 200 } });
  await expect(page.getByTestId("script")).toContainText(
    /timeout -s INT [\d.]+ ip netns exec RED ping 10\.0\.0\.2/,
  );
});

test("undo and redo replay the lab without / with the last step", async ({ page }) => {
  await openApp(page);
  await run(page, "ip netns add RED");
  await run(page, "ip netns add BLUE");
  await expect(node(page, "netns:host:BLUE")).toBeVisible();
  // in the terminal, Ctrl-Z is the terminal's key: the lab stays, a note says where undo is
  await page.keyboard.press("Control+z");
  await expect(page.getByTestId("toast").filter({ hasText: "not undo" })).toBeVisible();
  await expect(node(page, "netns:host:BLUE")).toBeVisible();
  await expect(page.getByTestId("script")).toContainText("ip netns add BLUE");
  // Ctrl-Y in the terminal is readline's yank (of what Ctrl-U cut), not redo
  await page.keyboard.type("echo yanked");
  await page.keyboard.press("Control+u");
  await page.keyboard.press("Control+y");
  await page.keyboard.press("Enter");
  await waitForTerm(page, /^yanked\s*$/m);
  await idle(page);
  // outside the terminal, Ctrl-Z undoes the last step
  await page.locator(".react-flow__pane").click({ position: { x: 5, y: 200 } });
  await page.keyboard.press("Control+z");
  await expect(node(page, "netns:host:BLUE")).toHaveCount(0);
  await expect(node(page, "netns:host:RED")).toBeVisible();
  await waitForTerm(page, "# undo: ip netns add BLUE ; echo yanked");
  await page.keyboard.press("Control+Shift+Z");
  await expect(node(page, "netns:host:BLUE")).toBeVisible();
  await waitForTerm(page, "# redo: ip netns add BLUE ; echo yanked");
  await run(page, "ip netns list", /BLUE\s*\n\s*RED/);
  // a read-only command goes with the step before it
  await page.getByTestId("undo").click();
  await waitForTerm(page, "# undo: ip netns add BLUE ; echo yanked ; ip netns list");
  await expect(node(page, "netns:host:BLUE")).toHaveCount(0);
  await page.getByTestId("undo").click();
  await expect(page.locator(".react-flow__node-netns")).toHaveCount(0);
  await expect(page.getByTestId("undo")).toBeDisabled();
});

test("reloading keeps the lab, its layout and the terminal history", async ({ page }) => {
  await openApp(page);
  await run(page, "ip netns add RED");
  await run(page, "ip link add br0 type bridge");
  await run(page, "ip addr add 192.0.2.1/24 dev br0");
  await expect(node(page, "bridge:host:br0")).toContainText("192.0.2.1/24");
  // drag RED somewhere: the position is part of the document
  const red = node(page, "netns:host:RED");
  const flowPos = async () => (await red.evaluate((el) => (el as HTMLElement).style.transform)) as string;
  const before = (await red.boundingBox())!;
  const posBefore = await flowPos();
  await page.mouse.move(before.x + 40, before.y + 12);
  await page.mouse.down();
  await page.mouse.move(before.x + 140, before.y + 40, { steps: 8 });
  await page.mouse.up();
  const moved = (await red.boundingBox())!;
  expect(moved.x - before.x).toBeGreaterThan(50);
  const posMoved = await flowPos();
  expect(posMoved).not.toBe(posBefore);
  await idle(page);
  await page.waitForTimeout(300); // let the autosave land
  await page.reload();
  await expect(page.locator(".app[data-ready=true]")).toBeVisible();
  await expect(node(page, "bridge:host:br0")).toContainText("192.0.2.1/24");
  await expect(node(page, "netns:host:RED")).toBeVisible();
  await waitForTerm(page, "Restored your lab");
  await expect.poll(flowPos).toBe(posMoved);
  // what the terminal showed is shown again, above the note
  const text = await termText(page);
  expect(text.indexOf("# ip link add br0 type bridge")).toBeGreaterThanOrEqual(0);
  expect(text.indexOf("# ip link add br0 type bridge")).toBeLessThan(text.indexOf("Restored your lab"));
  // history comes back from the script
  await page.locator('[data-testid="terminal"] .xterm').click();
  await page.keyboard.press("ArrowUp");
  await expect
    .poll(async () => (await termText(page)).trimEnd().split("\n").at(-1))
    .toMatch(/# ip addr add 192\.0\.2\.1\/24 dev br0$/);
});

test("a starter lab loads, with its machines, switch and tunnels", async ({ page }) => {
  await openApp(page);
  await page.getByTestId("labs-menu").click();
  await page.getByTestId("lab:flannel-vxlan").click();
  for (const m of ["k8s-m", "k8s-w1", "k8s-w2"]) {
    await expect(node(page, `machine:${m}:${m}`)).toBeVisible();
    await expect(page.getByTestId(`tab:${m}`)).toBeVisible();
  }
  await expect(node(page, "switch:fabric:vbox0")).toBeVisible();
  await expect(node(page, "netns:k8s-w1:pod-1")).toBeVisible();
  await expect(page.locator('[data-kind="vxlan"]')).toHaveCount(3);
  await expect(page.getByTestId("tab:host")).toHaveCount(0);
  await page.getByTestId("tab:k8s-w1").click();
  await run(page, "ip netns exec pod-1 ping -c 1 172.16.2.8", "1 packets transmitted, 1 received");
});

test("a Kubernetes lab loads the code of the cluster and its programs on demand", async ({ page }) => {
  // the simulator's worker starts without Docker, Kubernetes and most programs (lazy-commands.ts)
  await openApp(page, "/?lab=k8s-flannel");
  await expect(node(page, "machine:k8s-w2:k8s-w2")).toBeVisible();
  await page.getByTestId("tab:k8s-m").click();
  await run(page, "kubectl get pods -o wide | grep -c Running", /^2\s*$/m);
  await idle(page);
  await page.getByTestId("tab:k8s-w1").click();
  await run(page, "docker ps --format '{{.Names}}' | grep -c pod-1", /^2\s*$/m);
});

test("double-clicking a netns opens a shell inside it", async ({ page }) => {
  await openApp(page);
  await run(page, "ip netns add RED");
  await node(page, "netns:host:RED").dblclick();
  await waitForTerm(page, "ip netns exec RED bash");
  await waitForTerm(page, "root@host [netns RED]:~# ");
  await run(page, "ip link add d0 type dummy");
  await expect(node(page, "device:host:d0")).toHaveAttribute("data-testid", "device:host:d0");
  await expect(node(page, "netns:host:RED").locator("..")).toBeVisible();
  await run(page, "exit", /root@host:~#\s*$/m);
});

test("pasting a multi-line script runs it line by line, continuation lines included", async ({ page }) => {
  await openApp(page);
  await paste(
    page,
    "ip netns add A\nfor n in B C; do\n  ip netns add $n\ndone\nip netns list | \\\n  sort\n",
  );
  await waitForTerm(page, /A\s*\n\s*B\s*\n\s*C/);
  await expect(page.locator(".react-flow__node-netns")).toHaveCount(3);
  await page.locator(".react-flow__pane").click({ position: { x: 5, y: 200 } });
  await expect(page.getByTestId("script")).toContainText("for n in B C; do ip netns add $n; done");
});

test("a damaged saved lab never crashes the page", async ({ page }) => {
  await openApp(page);
  await run(page, "ip netns add KEEP");
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const req = indexedDB.open("keyval-store");
        req.onsuccess = () => {
          const tx = req.result.transaction("keyval", "readwrite");
          tx.objectStore("keyval").put({ v: 1, script: 42, layout: "nope" }, "hopscope:lab");
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
  await page.reload();
  await expect(page.locator(".app[data-ready=true]")).toBeVisible();
  await expect(page.getByTestId("toast").first()).toContainText("could not be read");
  await run(page, "ip netns add FRESH");
  await expect(node(page, "netns:host:FRESH")).toBeVisible();
  // a broken share link is refused with a message, the lab stays
  await page.goto("/#lab=not-a-lab");
  await expect(page.locator(".app[data-ready=true]")).toBeVisible();
  await expect(page.getByTestId("toast").first()).toContainText("shared link");
  await expect(node(page, "netns:host:FRESH")).toBeVisible();
  expect(await termText(page)).toContain("root@host");
});

test("a share link reopens the exact lab in another browser", async ({ page, browser, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await openApp(page);
  await run(page, "ip netns add SHARED");
  await run(page, "ip link add br7 type bridge");
  await expect(node(page, "bridge:host:br7")).toBeVisible();
  await page.getByTestId("share").click();
  await expect(page.getByTestId("toast").first()).toContainText("Link copied");
  const url = await page.evaluate(() => navigator.clipboard.readText());
  expect(url).toMatch(/#lab=2\.[A-Za-z0-9_-]+$/);
  const other = await browser.newContext();
  const p2 = await other.newPage();
  await openApp(p2, url.slice(url.indexOf("/#")));
  await expect(node(p2, "netns:host:SHARED")).toBeVisible();
  await expect(node(p2, "bridge:host:br7")).toBeVisible();
  expect(new URL(p2.url()).hash).toBe("");
  await other.close();
});

test("new lab starts empty and the previous one can be restored", async ({ page }) => {
  await openApp(page);
  await run(page, "ip netns add OLD");
  await expect(node(page, "netns:host:OLD")).toBeVisible();
  await page.getByTestId("new-lab").click();
  await expect(node(page, "netns:host:OLD")).toHaveCount(0);
  await page.getByRole("button", { name: "Restore it" }).click();
  await expect(node(page, "netns:host:OLD")).toBeVisible();
});

test("adding a machine and laying a cable; rename and delete from the inspector; a machine and a switch taken out", async ({
  page,
}) => {
  await openApp(page);
  await page.getByTestId("add-machine").click();
  await expect(node(page, "machine:node1:node1")).toBeVisible();
  await expect(page.getByTestId("tab:node1")).toBeVisible();
  await expect(node(page, "machine:host:host")).toBeVisible();
  await page.locator(".canvas[data-layout=done]").waitFor();
  const k = (await node(page, "machine:host:host").locator(".react-flow__handle.knob").boundingBox())!;
  const b = (await node(page, "machine:node1:node1").boundingBox())!;
  await page.mouse.move(k.x + k.width / 2, k.y + k.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 10 });
  await page.mouse.up();
  await expect(node(page, "device:node1:eth0")).toBeVisible();
  await expect(node(page, "device:host:eth0")).toBeVisible();
  await expect(node(page, "switch:fabric:cable1")).toBeVisible();
  await expect(page.locator('[data-kind="cable"]')).toHaveCount(2);
  await node(page, "device:host:eth0").click();
  await page.getByRole("button", { name: "Rename" }).click();
  await page.getByLabel("New name").fill("uplink");
  await page.getByLabel("New name").press("Enter");
  await waitForTerm(page, "ip link set eth0 name uplink");
  await expect(node(page, "device:host:uplink")).toBeVisible();
  await node(page, "device:host:uplink").click();
  await page.keyboard.press("Delete");
  await waitForTerm(page, "ip link del uplink");
  await expect(node(page, "device:host:uplink")).toHaveCount(0);
  await idle(page);
  // a machine goes with its lines of the lab script (no command does it); Undo brings it back
  await node(page, "machine:node1:node1").click({ position: { x: 30, y: 12 } });
  await page.getByTestId("insp-remove").click();
  await expect(node(page, "machine:node1:node1")).toHaveCount(0);
  await expect(page.getByTestId("tab:node1")).toHaveCount(0);
  await expect(node(page, "switch:fabric:cable1")).toHaveCount(0);
  await waitForTerm(page, "# machine node1 taken out (2 lines of the lab script)");
  await expect(page.getByTestId("script")).not.toContainText("node1");
  await page.getByTestId("undo").click();
  await expect(node(page, "machine:node1:node1")).toBeVisible();
  await expect(node(page, "switch:fabric:cable1")).toBeVisible();
  await page.getByTestId("redo").click();
  await expect(node(page, "machine:node1:node1")).toHaveCount(0);
  // a switch (the cable's) from the keyboard
  await page.getByTestId("undo").click();
  await node(page, "switch:fabric:cable1").click();
  await page.keyboard.press("Delete");
  await expect(node(page, "switch:fabric:cable1")).toHaveCount(0);
  await expect(node(page, "machine:node1:node1")).toBeVisible();
});
