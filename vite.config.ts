import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";
import react from "@vitejs/plugin-react";

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * In the simulator's worker, sim-core's table of the programs that load on demand
 * (sim-core/src/shell/commands/groups.ts, imported by the command table) is
 * web/src/worker/lazy-commands.ts, which loads that module itself, as a chunk of its own, when a
 * line first needs it. Everywhere else (tests, the headless runner) nothing changes.
 */
function lazyCommands(): Plugin {
  const table = here("./sim-core/src/shell/commands/index.ts");
  const groups = here("./sim-core/src/shell/commands/groups.ts");
  const onDemand = here("./web/src/worker/lazy-commands.ts");
  return {
    name: "hopscope:lazy-commands",
    enforce: "pre",
    async resolveId(source, importer) {
      if (importer !== table || !source.startsWith("./groups")) return null;
      const r = await this.resolve(source, importer, { skipSelf: true });
      return r?.id === groups ? onDemand : null;
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
