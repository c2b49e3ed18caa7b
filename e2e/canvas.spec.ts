import { test, expect, type Page } from "@playwright/test";
import { openApp, run, node } from "./helpers";

/** The canvas's level of detail: far away it draws boxes and lines, no text, no handles. */

const zoom = (page: Page) =>
  page.evaluate(() => {
    const m = /scale\(([\d.]+)\)/.exec(
      (document.querySelector(".react-flow__viewport") as HTMLElement).style.transform,
    );
    return m ? Number(m[1]) : NaN;
  });

test("zoomed far out, the canvas drops labels, handles and the dotted background", async ({ page }) => {
  await openApp(page);
  await run(page, "ip netns add RED");
  await run(page, "ip link add veth-red netns RED type veth peer name veth-host");
  const dev = node(page, "device:host:veth-host");
  await expect(dev).toBeVisible();
  const canvas = page.getByTestId("canvas");
  await expect(canvas).toHaveAttribute("data-lod", "near");
  await expect(dev.locator(".n-dev-name")).toBeVisible();
  await expect(page.locator(".react-flow__background")).toHaveCount(1);
  // wheel out to the minimum zoom
  const pane = (await page.locator(".react-flow__pane").boundingBox())!;
  await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height / 2);
  for (let i = 0; i < 12; i++) await page.mouse.wheel(0, 800);
  await expect.poll(() => zoom(page)).toBeLessThan(0.4);
  await expect(canvas).toHaveAttribute("data-lod", "far");
  await expect(dev).toBeVisible();
  await expect(dev.locator(".n-dev-name")).toBeHidden();
  await expect(dev.locator(".react-flow__handle").first()).toBeHidden();
  await expect(page.locator(".react-flow__background")).toHaveCount(0);
  // the devices still say their state by colour
  const far = await dev.locator(".n-dev").evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(far).not.toBe("rgb(255, 255, 255)");
  // and back
  await page.locator(".react-flow__controls-fitview").click();
  await expect(canvas).toHaveAttribute("data-lod", "near");
  await expect(dev.locator(".n-dev-name")).toBeVisible();
});
