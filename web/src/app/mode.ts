/**
 * How the app is shown: the full app, presenter mode (large type, minimal chrome, keyboard
 * control; `?present`), or embedded in another page (`?embed`: canvas and terminal only, nothing
 * stored). Also which dialog is open.
 */
import { createStore } from "zustand/vanilla";

/**
 * An embedded lab is a third-party frame: browsers that block third-party storage make merely
 * reading `localStorage` throw (and IndexedDB never answer). Settings then live in memory for the
 * page's life, and IndexedDB fails at once, so nothing waits for it.
 */
function memoryStorage(): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(String(k)) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(String(k)),
    setItem: (k, v) => void m.set(String(k), String(v)),
  };
}

/** IndexedDB in such a frame: `open()` never answers (Chromium); this one fails at once instead. */
function failingIndexedDB(): IDBFactory {
  const open = () => {
    const req = {
      error: new DOMException("storage is blocked in this frame", "SecurityError"),
      onerror: null as ((e: Event) => void) | null,
    };
    setTimeout(() => req.onerror?.(new Event("error")), 0);
    return req as unknown as IDBOpenDBRequest;
  };
  return { open, deleteDatabase: open } as unknown as IDBFactory;
}

let blocked = false;
for (const name of ["localStorage", "sessionStorage"] as const) {
  try {
    globalThis[name]?.getItem("hopscope");
  } catch {
    blocked = true;
    Object.defineProperty(globalThis, name, { configurable: true, value: memoryStorage() });
  }
}
if (blocked)
  Object.defineProperty(globalThis, "indexedDB", { configurable: true, value: failingIndexedDB() });

const params = new URLSearchParams(globalThis.location?.search ?? "");

/** `?embed`: inside an iframe on someone's page. Fixed for the page's life. */
export const embedded = params.has("embed");

export type DialogKind = "share" | "import" | "author";

export interface UiState {
  present: boolean;
  dialog: DialogKind | null;
}

export const uiStore = createStore<UiState>(() => ({
  present: params.has("present") && !embedded,
  dialog: null,
}));

export function setPresent(on: boolean): void {
  uiStore.setState({ present: on });
  // keep the mode across a reload, as part of the address (before the #lab= fragment)
  const url = new URL(location.href);
  if (on) url.searchParams.set("present", "");
  else url.searchParams.delete("present");
  history.replaceState(null, "", url.pathname + url.search.replace(/=(&|$)/g, "$1") + url.hash);
}

export function openDialog(d: DialogKind | null): void {
  uiStore.setState({ dialog: d });
}
