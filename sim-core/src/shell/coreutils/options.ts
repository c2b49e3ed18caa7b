/** Shared pieces of option tables. */
import type { LongOption } from "./getopt.js";

/** coreutils' GETOPT_HELP_OPTION_DECL and GETOPT_VERSION_OPTION_DECL, at the end of every table. */
export const HELP_VERSION: readonly LongOption[] = [
  { name: "help", arg: "none", key: "--help" },
  { name: "version", arg: "none", key: "--version" },
];
