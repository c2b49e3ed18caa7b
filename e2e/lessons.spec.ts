/**
 * Lessons in real Chromium: checks evaluated by the simulator fail before the right commands and
 * pass after them; probes (a ping dropped at a hop); hints, solution replay, progress kept, a
 * lesson carried by a share link, and a lesson written in the app.
 */
import { test, expect, type Page } from "@playwright/test";
import { openApp, run, idle, waitForTerm, termText } from "./helpers";
import { shareUrl, local } from "./share-helpers";

const checks = (page: Page) => page.getByTestId("check");
const states = (page: Page) =>
  checks(page).evaluateAll((els) => els.map((e) => e.getAttribute("data-state")));

async function openLesson(page: Page, id: string): Promise<void> {
  await page.getByTestId("lessons-menu").click();
  await page.getByTestId(`lesson:${id}`).click();
  await expect(page.getByTestId("lesson")).toBeVisible();
}

test("a lesson's checks pass after the right commands and not before", async ({ page }) => {
  await openApp(page);
  await openLesson(page, "veth-pair");
  await expect(page.getByTestId("step-title")).toHaveText("1. Two namespaces");
  await expect(checks(page)).toHaveCount(3);
  // nothing done yet: every check evaluated, none passes
  await expect.poll(() => states(page)).toEqual(["fail", "fail", "fail"]);
  await expect(page.getByTestId("step-done")).toHaveCount(0);
  // a wrong command changes nothing
  await run(page, "ip netns add GREEN");
  await idle(page);
  await expect.poll(() => states(page)).toEqual(["fail", "fail", "fail"]);
  await run(page, "ip netns add RED");
  await expect.poll(() => states(page)).toEqual(["pass", "fail", "fail"]);
  await expect(page.getByTestId("step-done")).toHaveCount(0);
  await run(page, "ip netns add BLUE");
  await expect.poll(() => states(page)).toEqual(["pass", "pass", "fail"]);
  await run(page, "ip netns list", "BLUE");
  await expect.poll(() => states(page)).toEqual(["pass", "pass", "pass"]);
  await expect(page.getByTestId("step-done")).toContainText("Step complete");
  // undo takes the last step back: the checks follow the lab
  await page.getByTestId("undo").click();
  await expect.poll(() => states(page)).toEqual(["pass", "fail", "fail"]);
  await page.getByTestId("redo").click();
  await expect.poll(() => states(page)).toEqual(["pass", "pass", "pass"]);

  // the next step continues on this lab; a hint, then the solution replayed into the terminal
  await page.getByTestId("step-next").click();
  await expect(page.getByTestId("step-title")).toHaveText("2. A virtual cable");
  await expect.poll(() => states(page)).toEqual(["fail", "fail"]);
  await expect(page.getByTestId("hint-text")).toHaveCount(0);
  await page.getByTestId("hint").click();
  await expect(page.getByTestId("hint-text")).toContainText("ip link set veth0 netns RED");
  await page.getByTestId("show-solution").click();
  await expect(page.getByTestId("solution")).toContainText("ip link add veth0 type veth peer name veth1");
  await page.getByTestId("replay-solution").click();
  await waitForTerm(page, "ip link set veth1 netns BLUE");
  await expect.poll(() => states(page)).toEqual(["pass", "pass"]);

  // progress is kept in this browser: a reload comes back to the lesson, step 1 ticked
  await idle(page);
  await page.waitForTimeout(300);
  await page.reload();
  await expect(page.getByTestId("lesson")).toBeVisible();
  await expect(page.getByTestId("step-title")).toHaveText("2. A virtual cable");
  await expect(page.getByRole("button", { name: "Step 1: Two namespaces, done" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Step 2: A virtual cable, done" })).toBeVisible();
});

test("a probe: the ping is dropped at the host's FORWARD chain, then delivered", async ({ page }) => {
  test.setTimeout(60_000);
  await openApp(page, "/?lesson=bridge-forward-drop");
  await expect(page.getByTestId("lesson")).toBeVisible();
  // jump to step 2: its lab is prepared (the bridge built by step 1's solution)
  await page.getByRole("button", { name: /^Step 2:/ }).click();
  await expect(page.getByTestId("step-title")).toHaveText("2. The ping that vanishes");
  // the probe is evaluated at once: the ping is dropped in FORWARD already, the learner has not looked yet
  await expect.poll(() => states(page)).toEqual(["fail", "pass", "fail"]);
  await run(page, "ip netns exec RED ping -c 1 -W 1 11.11.11.3", "100% packet loss");
  await run(page, "iptables -L FORWARD -n -v", "policy DROP");
  await expect.poll(() => states(page)).toEqual(["pass", "pass", "pass"]);
  await page.getByTestId("step-next").click();
  await expect(page.getByTestId("step-title")).toHaveText(
    "3. Let the bridge through — without undoing Docker",
  );
  await expect.poll(() => states(page)).toEqual(["fail", "pass", "fail"]);
  // the wrong fix, the policy itself: the ping works, but Docker's policy is gone
  await run(page, "iptables -P FORWARD ACCEPT");
  await expect.poll(() => states(page)).toEqual(["pass", "fail", "fail"]);
  await expect(page.getByTestId("check").nth(1)).toContainText("the policy is ACCEPT");
  await run(page, "iptables -P FORWARD DROP");
  await run(page, "iptables -I DOCKER-USER -i br0 -o br0 -j ACCEPT");
  await expect.poll(() => states(page)).toEqual(["pass", "pass", "pass"]);
  await expect(page.getByTestId("step-done")).toBeVisible();
});

test("Docker lesson: docker run -p, then a port published by hand — the DNAT alone is not enough", async ({
  page,
}) => {
  test.setTimeout(90_000);
  await openApp(page, "/?lesson=docker-bridge");
  await expect(page.getByTestId("step-title")).toHaveText("1. docker run -p");
  await expect.poll(() => states(page)).toEqual(["fail", "fail"]);
  await run(page, "docker run -d --name web -p 10001:80 nginx");
  await idle(page);
  // the container runs, but the learner has not fetched the page from the client yet
  await expect.poll(() => states(page)).toEqual(["pass", "fail"]);
  await page.getByTestId("tab:client").click();
  await run(page, "curl -s 192.168.50.10:10001 | grep title", "Welcome to nginx!");
  await expect.poll(() => states(page)).toEqual(["pass", "pass"]);
  await expect(page.getByTestId("step-done")).toBeVisible();

  // step 2 reads the container's namespace through its process (container:web in the checks)
  await page.getByTestId("step-next").click();
  await expect(page.getByTestId("step-title")).toHaveText("2. docker0 and the container's namespace");
  await expect.poll(() => states(page)).toEqual(["pass", "pass", "pass", "fail", "fail"]);
  await page.getByTestId("tab:host").click();
  await run(page, "nsenter -t $(docker inspect -f '{{.State.Pid}}' web) -n ip -br addr", "172.17.0.2/16");
  await run(page, "ip link show master docker0", "master docker0");
  await expect.poll(() => states(page)).toEqual(["pass", "pass", "pass", "pass", "pass"]);

  // step 4, prepared from the solutions of 1–3: web2 without -p, published by hand
  await page.getByRole("button", { name: /^Step 4:/ }).click();
  await expect(page.getByTestId("step-title")).toHaveText("4. Publish a port yourself");
  await expect.poll(() => states(page)).toEqual(["fail", "fail", "fail"]);
  await page.getByTestId("tab:host").click();
  await run(page, "docker run -d --name web2 nginx");
  await run(
    page,
    "iptables -t nat -A DOCKER ! -i docker0 -p tcp -m tcp --dport 10002 -j DNAT --to-destination 172.17.0.3:80",
  );
  // the DNAT is there, but FORWARD's policy (Docker's DROP) still stops the connection
  await expect.poll(() => states(page), { timeout: 15_000 }).toEqual(["pass", "fail", "fail"]);
  await expect(page.getByTestId("check").nth(2)).toContainText(/timed out|no answer/);
  await run(
    page,
    "iptables -A DOCKER -d 172.17.0.3/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT",
  );
  await expect.poll(() => states(page), { timeout: 15_000 }).toEqual(["pass", "pass", "pass"]);
  await expect(page.getByTestId("step-done")).toContainText("Lesson complete");
});

test("pause-containers lesson: a Kubernetes pod's sidecar reaches nginx over localhost", async ({ page }) => {
  test.setTimeout(90_000);
  await openApp(page, "/?lesson=pause-containers");
  await page.getByRole("button", { name: /^Step 4:/ }).click();
  await expect(page.getByTestId("step-title")).toHaveText("4. A pod in Kubernetes");
  // the step's own lab: a two-node cluster, the pod manifest on k8s-m
  await expect(page.getByTestId("tab:k8s-w1")).toBeVisible();
  await expect.poll(() => states(page), { timeout: 15_000 }).toEqual(["fail", "fail", "fail"]);
  await page.getByTestId("tab:k8s-m").click();
  await run(page, "kubectl apply -f web-pod.yaml", "pod/web created");
  await run(page, "kubectl get pods -o wide", /web\s+2\/2\s+Running/);
  await expect.poll(() => states(page), { timeout: 15_000 }).toEqual(["pass", "pass", "fail"]);
  await run(page, "kubectl exec web -c sidecar -- curl -s localhost | grep title", "Welcome to nginx!");
  await expect.poll(() => states(page), { timeout: 15_000 }).toEqual(["pass", "pass", "pass"]);
  await expect(page.getByTestId("step-done")).toBeVisible();
});

test("/?lesson= after another lesson opens that lesson, not the lab kept from before", async ({ page }) => {
  test.setTimeout(90_000);
  await openApp(page, "/?lesson=pause-containers");
  await expect(page.getByTestId("step-title")).toHaveText("1. A container that only holds namespaces");
  // some work in it: a lab worth restoring (and worth keeping)
  await run(page, "ip netns add KEEP");
  await idle(page);
  // anything the terminals ever show from now on (a note printed then cleared counts too)
  await page.addInitScript(() => {
    const w = window as unknown as { __restoredNote?: boolean };
    new MutationObserver((records) => {
      for (const r of records)
        if (/Restored\s+your\s+lab/.test(r.target.textContent ?? "")) w.__restoredNote = true;
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  await page.goto("/?lesson=flannel-vxlan");
  await expect(page.locator(".app[data-ready=true]")).toBeVisible();
  await expect(page.getByTestId("step-title")).toHaveText("1. A pod on each worker");
  await waitForTerm(page, "# Lesson: Flannel VXLAN across nodes");
  await expect(page.getByTestId("tab:k8s-w2")).toBeVisible();
  expect(await termText(page)).not.toContain("Restored your lab");
  expect(
    await page.evaluate(() => (window as unknown as { __restoredNote?: boolean }).__restoredNote),
  ).toBeFalsy();
  // the lab from before is not lost: it is kept as the previous lab
  await expect(page.getByTestId("toast").filter({ hasText: "Your previous lab is kept" })).toBeVisible();
  // a reload continues the lesson's lab
  await page.reload();
  await expect(page.locator(".app[data-ready=true]")).toBeVisible();
  await expect(page.getByTestId("step-title")).toHaveText("1. A pod on each worker");
  await waitForTerm(page, "Restored your lab “Flannel VXLAN across nodes”");
});

test("a share link carries the lesson and its step", async ({ page, browser }) => {
  await openApp(page, "/?lesson=routing");
  await expect(page.getByTestId("lesson")).toBeVisible();
  await page.getByRole("button", { name: /^Step 3:/ }).click();
  await expect(page.getByTestId("step-title")).toHaveText("3. B does not forward");
  const url = await shareUrl(page);
  const other = await browser.newContext();
  const p2 = await other.newPage();
  await openApp(p2, local(url));
  await expect(p2.getByTestId("step-title")).toHaveText("3. B does not forward");
  await expect(p2.getByTestId("tab:B")).toBeVisible();
  await other.close();
});

test("an author turns a lab into a lesson, tries it, and its checks work", async ({ page }) => {
  await openApp(page);
  await run(page, "ip netns add AUTHOR");
  await idle(page);
  await page.getByTestId("lessons-menu").click();
  await page.getByTestId("author-lesson").click();
  const source = page.getByTestId("lesson-source");
  await expect(source).toHaveValue(/netns AUTHOR/);
  // a broken draft is refused with the line that is wrong
  await source.fill("# Mine\n## Only step\n```check\nfrobnicate\n```\n");
  await expect(page.getByTestId("lesson-editor").getByRole("alert")).toContainText(
    'unknown check "frobnicate"',
  );
  await expect(page.getByTestId("lesson-try")).toBeDisabled();
  await source.fill(
    "# Mine\nA lesson of my own.\n## Make a namespace\nCreate **MINE**.\n```check\nnetns MINE\n```\n```hint\n`ip netns add MINE`\n```\n```solution\nip netns add MINE\n```\n",
  );
  await page.getByTestId("lesson-try").click();
  await expect(page.getByTestId("step-title")).toHaveText("1. Make a namespace");
  await expect.poll(() => states(page)).toEqual(["fail"]);
  await run(page, "ip netns add MINE");
  await expect.poll(() => states(page)).toEqual(["pass"]);
  await expect(page.getByTestId("step-done")).toContainText("Lesson complete");
});
