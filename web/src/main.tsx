import { startSimulator } from "./engine/boot";

const sim = startSimulator();
void import("./app/root").then((m) => m.mount(sim));
