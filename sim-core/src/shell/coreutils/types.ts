/**
 * The interface of a pure text utility (grep, awk, sort, …): it reads its whole standard input
 * as a string and writes to standard output and standard error. The shell wires pipes and
 * redirections around it. A utility never throws: bad usage is answered with the GNU tool's own
 * message on stderr and its exit status.
 */
export interface TextIO {
  /** argv[0] is the name the command was invoked as. */
  argv: string[];
  /** All of standard input, or why reading it fails (`< DIR` opens, then read(2) says EISDIR). */
  stdin: FileData;
  stdout(s: string): void;
  stderr(s: string): void;
  /** Files the utility may read when given file operands (/etc/hosts, /proc/…), or why it cannot. */
  readFile(path: string): FileData;
  /** Standard output is a terminal (stdio line-buffers it; into a pipe or a file it is block-buffered). */
  isatty?: boolean;
  /**
   * Ctrl-C (or `timeout`, `kill`) was delivered: given to a sliced command (SlicedTextCommand),
   * which checks it whenever it resumes.
   */
  interrupted?: () => boolean;
}

/** A file's whole contents, or the error reading it gave. */
export type FileData = string | ReadError;

/**
 * Why a file cannot be read: the errno's name ("ENOENT", "EISDIR", …) and strerror()'s text.
 * ENOENT, ENOTDIR and EACCES come from open(2); EISDIR (a directory) and EINVAL (an nsfs file
 * such as /run/netns/NAME) from read(2) after a successful open, which the tools report in other
 * words (see `failsOnRead` in common.ts).
 */
export interface ReadError {
  errno: string;
  message: string;
}

export type TextCommand = (io: TextIO) => number;

/**
 * A utility whose work may not end (awk's loops): it yields after each slice of work, so the
 * shell can pace it, and ends when it resumes to find `io.interrupted()` true.
 */
export type SlicedTextCommand = (io: TextIO) => Generator<void, number, void>;

/** Runs a sliced command to its end in one block. */
export function drain(g: Generator<void, number, void>): number {
  for (;;) {
    const n = g.next();
    if (n.done) return n.value;
  }
}
