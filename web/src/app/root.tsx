import { createRoot } from "react-dom/client";
import "@xterm/xterm/css/xterm.css";
import "@xyflow/react/dist/style.css";
import "./styles.css";
import { App } from "./App";
import { LabController } from "../engine/lab";
import { CanvasEngine } from "../canvas/engine";
import type { Simulator } from "../engine/boot";

export function mount(sim: Simulator): void {
  const lab = new LabController(sim);
  const canvas = new CanvasEngine();
  canvas.start();
  createRoot(document.getElementById("root")!).render(<App lab={lab} />);
  void lab.start();
}
