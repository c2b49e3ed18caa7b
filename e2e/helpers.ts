import { expect, type Page } from "@playwright/test";

/** The visible rows of the active terminal (xterm's DOM renderer). */
export async function termText(page: Page): Promise<string> {
  return (await page.locator('[data-testid="terminal"] .xterm-rows').innerText()).replace(/\u00a0/g, " ");
}

export async function waitForTerm(page: Page, text: string | RegExp, timeout = 8000): Promise<void> {
  await expect
    .poll(() => termText(page), { timeout, message: `terminal should show ${String(text)}` })
    .toMatch(typeof text === "string" ? new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) : text);
}

/** Opens the app on an empty lab and waits for the first prompt. */
export async function openApp(page: Page, path = "/"): Promise<void> {
  page.on("pageerror", (e) => {
    throw new Error(`page error: ${e.message}`);
  });
  await page.goto(path);
  await expect(page.locator(".app[data-ready=true]")).toBeVisible();
  await waitForTerm(page, /root@\S+:~# /);
}

/** Types a command line in the active terminal and presses Enter. */
export async function run(page: Page, line: string, waitFor?: string | RegExp): Promise<void> {
  await page.locator('[data-testid="terminal"] .xterm').click();
  await page.keyboard.type(line);
  await page.keyboard.press("Enter");
  if (waitFor !== undefined) await waitForTerm(page, waitFor);
}

/** Waits until the terminal shows a fresh prompt after the last command. */
export async function idle(page: Page): Promise<void> {
  await expect.poll(async () => (await termText(page)).trimEnd().split("\n").at(-1) ?? "").toMatch(/#\s*$/);
}

/** Pastes text into the terminal the way a browser paste does. */
export async function paste(page: Page, text: string): Promise<void> {
  await page.locator('[data-testid="terminal"] .xterm').click();
  await page.evaluate((t) => {
    const ta = document.querySelector(
      '[data-testid="terminal"] textarea.xterm-helper-textarea',
    ) as HTMLTextAreaElement;
    const dt = new DataTransfer();
    dt.setData("text/plain", t);
    ta.dispatchEvent(new ClipboardEvent("paste", { clipboardData: dt, bubbles: true, cancelable: true }));
  }, text);
}

export const node = (page: Page, id: string) => page.getByTestId(id);
