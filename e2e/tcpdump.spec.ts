/**
 * tcpdump in the browser: it prints live in one terminal while another terminal pings, Ctrl-C ends
 * it with tcpdump's summary; the file `tcpdump -w` wrote and the inspector's "pcap of DEV" are
 * real pcap files that tshark reads with the same packets.
 */
import { test, expect, type Page } from "@playwright/test";
import { run, termText, waitForTerm, idle, node } from "./helpers";
import { haveTshark, saved, tshark, TSHARK_MISSING } from "./pcap";

/** The routing lab: A (192.168.1.5) and B (192.168.1.6) on switch sw1. */
async function routingLab(page: Page): Promise<void> {
  page.on("pageerror", (e) => {
    throw new Error(`page error: ${e.message}`);
  });
  await page.goto("/?lab=routing");
  await expect(page.locator(".app[data-ready=true]")).toBeVisible();
  await expect(page.locator(".canvas[data-layout=done]")).toBeVisible();
}

/** Where a piece of text is on screen, in the last terminal row that has `rowText`. */
async function textPosition(page: Page, rowText: string, text: string): Promise<{ x: number; y: number }> {
  const row = page.locator('[data-testid="terminal"] .xterm-rows > div').filter({ hasText: rowText }).last();
  return row.evaluate((el, t) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const nodes: Text[] = [];
    let all = "";
    while (walker.nextNode()) {
      nodes.push(walker.currentNode as Text);
      all += (walker.currentNode as Text).data;
    }
    let i = all.replace(/\u00a0/g, " ").indexOf(t) + 2;
    for (const n of nodes) {
      if (i < n.data.length) {
        const r = document.createRange();
        r.setStart(n, i);
        r.setEnd(n, i + 1);
        const b = r.getBoundingClientRect();
        return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
      }
      i -= n.data.length;
    }
    throw new Error(`no ${t} in the row`);
  }, text);
}

async function tab(page: Page, machine: string): Promise<void> {
  await page.getByTestId(`tab:${machine}`).click();
  await expect(page.locator(`[data-testid="terminal"][data-machine="${machine}"]`)).toBeVisible();
}

test("tcpdump in one terminal shows the ping another terminal sends; Ctrl-C gives the summary", async ({
  page,
}) => {
  await routingLab(page);
  await tab(page, "B");
  await idle(page);
  await run(page, "tcpdump -i eth0 -n icmp", "listening on eth0, link-type EN10MB (Ethernet)");
  // a command is running in B: A's terminal runs its own meanwhile
  await tab(page, "A");
  await idle(page);
  await run(page, "ping -c 3 192.168.1.6", "3 packets transmitted, 3 received");
  await tab(page, "B");
  await waitForTerm(page, /IP 192\.168\.1\.5 > 192\.168\.1\.6: ICMP echo request, id \d+, seq 3, length 64/);
  const text = await termText(page);
  expect(text.match(/ICMP echo request/g)).toHaveLength(3);
  expect(
    text.match(/IP 192\.168\.1\.6 > 192\.168\.1\.5: ICMP echo reply, id \d+, seq \d, length 64/g),
  ).toHaveLength(3);
  // still capturing until Ctrl-C
  await expect(page.getByTestId("tab:B").getByLabel("running")).toBeVisible();
  await page.locator('[data-testid="terminal"] .xterm').click();
  await page.keyboard.press("Control+C");
  await waitForTerm(
    page,
    /\^C\s*\n6 packets captured\s*\n6 packets received by filter\s*\n0 packets dropped by kernel/,
  );
  await idle(page);
  // the lab script runs the capture in the background while the ping runs, as it happened
  await page.getByTestId("tab:A").click();
  await page.locator(".react-flow__pane").click({ position: { x: 5, y: 200 } });
  await expect(page.getByTestId("script")).toContainText(/timeout -s INT [\d.]+ tcpdump -i eth0 -n icmp &/);
});

test("tcpdump -w FILE and the inspector's pcap button save real pcap files", async ({ page }) => {
  test.skip(!haveTshark(), TSHARK_MISSING);
  await routingLab(page);
  await tab(page, "B");
  await idle(page);
  await run(page, "tcpdump -i eth0 -w /tmp/cap.pcap icmp", "listening on eth0");
  await tab(page, "A");
  await idle(page);
  await run(page, "ping -c 2 192.168.1.6", "2 packets transmitted, 2 received");
  await tab(page, "B");
  await page.locator('[data-testid="terminal"] .xterm').click();
  await page.keyboard.press("Control+C");
  await waitForTerm(page, /4 packets captured/);
  await idle(page);

  // the file name on tcpdump's command line is a link that downloads it
  const at = await textPosition(page, "-w /tmp/cap.pcap", "/tmp/cap.pcap");
  await page.mouse.move(at.x, at.y);
  await expect(page.locator('[data-testid="terminal"] .xterm-screen')).toHaveClass(/xterm-cursor-pointer/);
  const [dl] = await Promise.all([page.waitForEvent("download"), page.mouse.click(at.x, at.y)]);
  expect(dl.suggestedFilename()).toBe("cap.pcap");
  const file = await saved(dl);
  const fields = ["ip.src", "ip.dst", "icmp.type", "icmp.seq", "frame.len"];
  const captured = tshark(file, fields);
  expect(captured).toEqual([
    ["192.168.1.5", "192.168.1.6", "8", "1", "98"],
    ["192.168.1.6", "192.168.1.5", "0", "1", "98"],
    ["192.168.1.5", "192.168.1.6", "8", "2", "98"],
    ["192.168.1.6", "192.168.1.5", "0", "2", "98"],
  ]);
  // the simulated tcpdump reads the same file
  await run(page, "tcpdump -r /tmp/cap.pcap -n", "reading from file /tmp/cap.pcap");
  await waitForTerm(page, /IP 192\.168\.1\.6 > 192\.168\.1\.5: ICMP echo reply, id \d+, seq 2, length 64/);

  // the inspector's button: what crossed B's eth0, the same ICMP packets among the rest
  await node(page, "device:B:eth0").click();
  await expect(page.getByTestId("inspector")).toContainText("eth0");
  const [dl2] = await Promise.all([page.waitForEvent("download"), page.getByTestId("device-pcap").click()]);
  const dev = tshark(await saved(dl2), fields, "icmp");
  expect(dev.slice(-4)).toEqual(captured);
  // and the times agree with tcpdump's (the same virtual clock)
  const t1 = tshark(file, ["frame.time_epoch"]).map((r) => r[0]);
  const t2 = tshark(await saved(dl2), ["frame.time_epoch"], "icmp").map((r) => r[0]);
  expect(t2.slice(-4)).toEqual(t1);
});
