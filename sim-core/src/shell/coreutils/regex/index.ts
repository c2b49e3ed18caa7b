/** POSIX regular expressions as GNU grep and GNU sed see them (C locale, byte strings). */
import { Regex } from "./engine.js";
import { literalNode, parseRegex, type ParseOptions } from "./parse.js";
import { RE } from "./syntax.js";

export { Regex, type MatchOptions, type Span } from "./engine.js";
export { RegexSyntaxError, REG_ERR, type Node } from "./parse.js";
export * from "./syntax.js";

export interface CompileResult {
  regex: Regex;
  warnings: string[];
}

/** Compile a BRE/ERE; throws RegexSyntaxError with GNU's message. */
export function compileRegex(pattern: string, opts: ParseOptions): CompileResult {
  const parsed = parseRegex(pattern, opts);
  return { regex: new Regex(parsed, (opts.syntax & RE.ICASE) !== 0), warnings: parsed.warnings };
}

/** A regex that matches `s` literally. */
export function literalRegex(s: string, icase: boolean): Regex {
  return new Regex({ node: literalNode(s, icase), nsub: 0, hasBackrefs: false, warnings: [] }, icase);
}
