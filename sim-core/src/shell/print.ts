/**
 * Prints commands the way bash's print_cmd.c does (what `type f`, `declare -f f` and `set`
 * show for a function): one command per line, four-space indents, `;` at line ends, words as
 * they were written, redirections in bash's normalised form (`> file`, `2>&1`, `1>&2`).
 */
import type { AndOr, Command, Pipeline, Redir, Script, Word } from "./parse";
import { wordText } from "./parse";

const IND = "    ";

function word(w: Word): string {
  return w.raw ?? wordText(w);
}

function redir(r: Redir): string {
  const t = word(r.target);
  switch (r.op) {
    case ">":
      return `${r.fd === 1 ? "" : r.fd}> ${t}`;
    case ">>":
      return `${r.fd === 1 ? "" : r.fd}>> ${t}`;
    case "<":
      return `${r.fd === 0 ? "" : r.fd}< ${t}`;
    case ">&":
      return `${r.fd}>&${t}`;
    case "<&":
      return `${r.fd}<&${t}`;
    case "&>":
      return `&> ${t}`;
    case "&>>":
      return `&>> ${t}`;
    case "<<<":
      return `<<< ${t}`;
    case "<>":
      return `${r.fd === 0 ? "" : r.fd}<> ${t}`;
    case "<<":
      return `<<${t}\n${r.heredoc ?? ""}${wordText(r.target, true)}`;
    case ">|":
      return `>| ${t}`;
  }
}

function redirs(rs: Redir[]): string {
  return rs.length ? " " + rs.map(redir).join(" ") : "";
}

/** Lines of a script at an indent; the last command of the list gets no `;`. */
function scriptLines(s: Script, ind: string): string[] {
  const out: string[] = [];
  s.items.forEach((it, i) => {
    const lines = andOr(it, ind);
    const last = i === s.items.length - 1;
    if (!last && !it.background) lines[lines.length - 1] += ";";
    out.push(...lines);
  });
  return out;
}

function andOr(a: AndOr, ind: string): string[] {
  const lines = pipeline(a.first, ind);
  for (const r of a.rest) {
    const more = pipeline(r.p, ind);
    lines[lines.length - 1] += ` ${r.op} ` + more[0].slice(ind.length);
    lines.push(...more.slice(1));
  }
  if (a.background) lines[lines.length - 1] += " &";
  return lines;
}

function pipeline(p: Pipeline, ind: string): string[] {
  const lines: string[] = [];
  p.cmds.forEach((c, i) => {
    const cl = command(c, ind);
    if (i === 0) {
      if (p.bang) cl[0] = ind + "! " + cl[0].slice(ind.length);
      lines.push(...cl);
    } else {
      lines[lines.length - 1] += (p.errPipe[i - 1] ? " |& " : " | ") + cl[0].slice(ind.length);
      lines.push(...cl.slice(1));
    }
  });
  return lines;
}

function command(c: Command, ind: string): string[] {
  const inner = ind + IND;
  switch (c.t) {
    case "simple": {
      const parts = [...c.assigns.map((a) => a.raw ?? a.name + "="), ...c.words.map(word)];
      return [ind + parts.join(" ") + redirs(c.redirs)];
    }
    case "group":
      return [ind + "{ ", ...scriptLines(c.body, inner), ind + "}" + redirs(c.redirs)];
    case "subshell": {
      const body = scriptLines(c.body, "");
      const lines = body.map((l, i) => (i === 0 ? ind + "( " + l : ind + l));
      lines[lines.length - 1] += " )" + redirs(c.redirs);
      return lines;
    }
    case "if": {
      const lines: string[] = [];
      const clause = (cond: Script, body: Script, head: string) => {
        const condText = scriptLines(cond, "").join(" ");
        lines.push(`${head}${condText}; then`);
        lines.push(...scriptLines(body, inner).map((l, i, a) => (i === a.length - 1 ? l + ";" : l)));
      };
      clause(c.clauses[0].cond, c.clauses[0].body, ind + "if ");
      // bash prints elif as a nested if in the else branch
      let depth = 0;
      let cur = ind;
      for (let k = 1; k < c.clauses.length; k++) {
        lines.push(cur + "else");
        cur += IND;
        depth++;
        const condText = scriptLines(c.clauses[k].cond, "").join(" ");
        lines.push(`${cur}if ${condText}; then`);
        lines.push(
          ...scriptLines(c.clauses[k].body, cur + IND).map((l, i, a) => (i === a.length - 1 ? l + ";" : l)),
        );
      }
      if (c.otherwise) {
        lines.push(cur + "else");
        lines.push(
          ...scriptLines(c.otherwise, cur + IND).map((l, i, a) => (i === a.length - 1 ? l + ";" : l)),
        );
      }
      for (; depth > 0; depth--) {
        lines.push(cur + "fi;");
        cur = cur.slice(IND.length);
      }
      lines.push(ind + "fi" + redirs(c.redirs));
      return lines;
    }
    case "for": {
      const items = c.items ? ` in ${c.items.map(word).join(" ")}` : ` in "$@"`;
      return [
        `${ind}for ${c.name}${items};`,
        ind + "do",
        ...withSemi(scriptLines(c.body, inner)),
        ind + "done" + redirs(c.redirs),
      ];
    }
    case "arithfor":
      return [
        `${ind}for ((${c.init.trim()}; ${c.cond.trim()}; ${c.step.trim()}))`,
        ind + "do",
        ...withSemi(scriptLines(c.body, inner)),
        ind + "done" + redirs(c.redirs),
      ];
    case "while": {
      const condText = scriptLines(c.cond, "").join(" ");
      return [
        `${ind}${c.until ? "until" : "while"} ${condText}; do`,
        ...withSemi(scriptLines(c.body, inner)),
        ind + "done" + redirs(c.redirs),
      ];
    }
    case "case": {
      const lines = [`${ind}case ${word(c.word)} in `];
      for (const it of c.items) {
        lines.push(`${inner}${it.patterns.map(word).join(" | ")})`);
        lines.push(...scriptLines(it.body, inner + IND));
        lines.push(`${inner}${it.term}`);
      }
      lines.push(ind + "esac" + redirs(c.redirs));
      return lines;
    }
    case "cond":
      return [`${ind}[[ ${c.raw} ]]${redirs(c.redirs)}`];
    case "arith":
      return [`${ind}(( ${c.src.trim()} ))${redirs(c.redirs)}`];
    case "funcdef":
      return printFunction(c)
        .split("\n")
        .map((l) => ind + l);
  }
}

function withSemi(lines: string[]): string[] {
  if (lines.length) lines[lines.length - 1] += ";";
  return lines;
}

/** `name () \n{ \n    body\n}` as `declare -f` prints it. */
export function printFunction(f: Extract<Command, { t: "funcdef" }>): string {
  const body = f.body;
  if (body.t === "group") {
    return [`${f.name} () `, "{ ", ...scriptLines(body.body, IND), "}" + redirs(body.redirs)].join("\n");
  }
  return [`${f.name} () `, "{ ", ...command(body, IND), "}"].join("\n");
}
