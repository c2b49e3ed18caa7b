import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "test-results/**", "playwright-report/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-non-null-assertion": "off",
      "no-constant-condition": ["error", { checkLoops: false }],
      // generator functions cannot be arrows: `const self = this` is how they reach the instance
      "@typescript-eslint/no-this-alias": ["error", { allowedNames: ["self"] }],
    },
  },
  {
    files: ["sim-core/src/**/*.ts"],
    ignores: ["sim-core/src/cli/**"],
    rules: {
      "no-restricted-globals": ["error", "window", "document", "navigator", "localStorage"],
      "no-restricted-properties": [
        "error",
        { object: "Date", property: "now", message: "sim-core is deterministic: use the virtual clock" },
        { object: "Math", property: "random", message: "sim-core is deterministic: use the seeded PRNG" },
      ],
    },
  },
);
