/** Helpers of the share, lesson and presenter specs. */
import { expect, type Page } from "@playwright/test";
import { idle, run, termText } from "./helpers";

/** Runs a command and returns its output as the terminal shows it (between its line and the next prompt). */
export async function outputOf(page: Page, line: string): Promise<string> {
  await idle(page);
  await run(page, line);
  await idle(page);
  const text = await termText(page);
  const rows = text.split("\n");
  let start = -1;
  for (let i = rows.length - 1; i >= 0; i--)
    if (rows[i].trimEnd().endsWith(`# ${line}`)) {
      start = i;
      break;
    }
  expect(start, `the terminal shows “${line}”`).toBeGreaterThanOrEqual(0);
  const out = rows.slice(start + 1);
  // up to the fresh prompt
  while (out.length && !/^root@\S+.*#\s*$/.test(out[out.length - 1])) out.pop();
  out.pop();
  return out.map((r) => r.trimEnd()).join("\n");
}

/** The canvas as data: the test ids of its nodes and edges, sorted. */
export async function topology(page: Page): Promise<{ nodes: string[]; edges: string[] }> {
  await page.locator(".canvas[data-layout=done]").waitFor();
  // the canvas renders only what is in view: fit the view first so every node and edge is in the DOM
  await page.locator(".react-flow__controls-fitview").click();
  await page.waitForTimeout(300);
  const nodes = await page
    .locator(".react-flow__node[data-testid]")
    .evaluateAll((els) => els.map((e) => e.getAttribute("data-testid")!).sort());
  const edges = await page
    .locator("[data-testid^='link:']")
    .evaluateAll((els) =>
      els.map((e) => `${e.getAttribute("data-testid")} ${e.getAttribute("data-kind")}`).sort(),
    );
  return { nodes, edges };
}

/** Opens the Share dialog and returns the link it shows. */
export async function shareUrl(page: Page): Promise<string> {
  await page.getByRole("button", { name: "Share", exact: true }).click();
  const field = page.getByTestId("share-url");
  await expect(field).toHaveValue(/#lab=2\./);
  const url = await field.inputValue();
  await page.keyboard.press("Escape");
  return url;
}

/** The path and fragment of a URL (the tests' server is the baseURL). */
export function local(url: string): string {
  const u = new URL(url);
  return u.pathname + u.search + u.hash;
}
