/**
 * The kernel log of a simulated machine (the printk ring buffer `dmesg` reads): each record is
 * the machine's `[    S.UUUUUU] text` line (Machine.log, on the virtual clock) plus its syslog
 * level, which printk keeps beside the text (KERN_WARNING for LOG's default level 4).
 */
import type { Machine } from "../kernel/machine";

export interface KlogRecord {
  /** seconds since boot, as printed: "    1.234567" */
  stamp: string;
  text: string;
  /** syslog level 0 (emerg) … 7 (debug) */
  level: number;
  /** syslog facility (0 = kern) */
  facility: number;
}

/** Default level of records written without one (printk's default_message_loglevel). */
const DEFAULT_LEVEL = 4;

const levels = new WeakMap<Machine, Map<string, number>>();

/** printk at `level`. */
export function klog(m: Machine, level: number, text: string): void {
  m.log(text);
  let map = levels.get(m);
  if (!map) {
    map = new Map();
    levels.set(m, map);
  }
  map.set(m.dmesg[m.dmesg.length - 1], level);
}

/** The records in the ring buffer, oldest first. */
export function klogRecords(m: Machine): KlogRecord[] {
  const map = levels.get(m);
  const out: KlogRecord[] = [];
  for (const line of m.dmesg) {
    const r = /^\[([ \d.]+)\] ?(.*)$/s.exec(line);
    out.push({
      stamp: r ? r[1] : "",
      text: r ? r[2] : line,
      level: map?.get(line) ?? DEFAULT_LEVEL,
      facility: 0,
    });
  }
  return out;
}

/** dmesg -C: empty the ring buffer. */
export function klogClear(m: Machine): void {
  m.dmesg.length = 0;
  levels.get(m)?.clear();
}
