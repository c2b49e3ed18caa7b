import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";
import react from "@vitejs/plugin-react";

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * In the simulator's worker, sim-core's table of the programs that load on demand
 * (sim-core/src/shell/commands/groups.ts, imported by the command table) and the cluster builder
 * (sim-core/src/k8s/cluster.ts, imported by the session for `#@cluster`) are
 * web/src/worker/lazy-commands.ts, which loads those modules itself, as chunks of their own, when
 * a line first needs them. Everywhere else (tests, the headless runner) nothing changes.
 */
function lazyCommands(): Plugin {
  const onDemand = here("./web/src/worker/lazy-commands.ts");
  // importer → the module it imports that the worker loads on demand
  const cluster = here("./sim-core/src/k8s/cluster.ts");
  const redirect = new Map([
    [here("./sim-core/src/shell/commands/index.ts"), here("./sim-core/src/shell/commands/groups.ts")],
    // a cluster's machinery (Docker's engine, kubelet, flannel, CNI): only `#@cluster` starts it
    [here("./sim-core/src/api/session.ts"), cluster],
    [here("./sim-core/src/lab/runner.ts"), cluster],
  ]);
  return {
    name: "hopscope:lazy-commands",
    enforce: "pre",
    async resolveId(source, importer) {
      const target = importer && redirect.get(importer);
      if (!target || !source.startsWith(".")) return null;
      const r = await this.resolve(source, importer, { skipSelf: true });
      return r?.id === target ? onDemand : null;
    },
  };
}

// The app lives in web/; static assets (starter labs, lessons) in public/.
export default defineConfig({
  root: "web",
  publicDir: "../public",
  plugins: [react()],
  build: {
    outDir: "../dist",
    emptyOutDir: true,
    target: "es2022",
  },
  worker: {
    format: "es",
    plugins: () => [lazyCommands()],
  },
  test: {
    root: ".",
    include: ["sim-core/src/**/*.test.ts", "sim-core/test/**/*.test.ts", "web/src/**/*.test.ts"],
    environment: "node",
    pool: "threads",
  },
});
