import { embedded } from "./mode"; // first: it makes storage safe to read in a third-party frame
import { createRoot } from "react-dom/client";
import "@xterm/xterm/css/xterm.css";
import "@xyflow/react/dist/style.css";
import "./styles.css";
import { App } from "./App";
import { LabController } from "../engine/lab";
import { LessonController } from "../lessons/controller";
import { CanvasEngine } from "../canvas/engine";
import type { Simulator } from "../engine/boot";

export function mount(sim: Simulator): void {
  const lab = new LabController(sim, {
    persist: !embedded,
    banner: embedded
      ? "\x1b[38;5;244mA Linux network lab: type real commands (ip, ping, iptables…); TAB completes.\x1b[0m\n"
      : undefined,
  });
  const lessons = new LessonController(lab);
  const canvas = new CanvasEngine();
  canvas.start();
  createRoot(document.getElementById("root")!).render(<App lab={lab} lessons={lessons} />);
  // first: the lesson controller may ask for the first lab (`?lesson=`) before it opens
  lessons.start();
  void lab.start();
}
