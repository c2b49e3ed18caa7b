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
