/** Vite/vitest `?raw` imports (recorded transcripts used as test fixtures). */
declare module "*?raw" {
  const text: string;
  export default text;
}
