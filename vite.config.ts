import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

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
  },
  test: {
    root: ".",
    include: ["sim-core/src/**/*.test.ts", "sim-core/test/**/*.test.ts", "web/src/**/*.test.ts"],
    environment: "node",
    pool: "threads",
  },
});
