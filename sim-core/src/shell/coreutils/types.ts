/**
 * The interface of a pure text utility (grep, awk, sort, …): it reads its whole standard input
 * as a string and writes to standard output and standard error. The shell wires pipes and
 * redirections around it. A utility never throws: bad usage is answered with the GNU tool's own
 * message on stderr and its exit status.
 */
export interface TextIO {
  /** argv[0] is the name the command was invoked as. */
  argv: string[];
  stdin: string;
  stdout(s: string): void;
  stderr(s: string): void;
  /** Files the utility may read when given file operands (/etc/hosts, /proc/…); undefined = no such file. */
  readFile(path: string): string | undefined;
}

export type TextCommand = (io: TextIO) => number;
