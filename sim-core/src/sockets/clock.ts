/**
 * The virtual wall clock programs read (time(), gettimeofday()): a fixed epoch plus the
 * simulator's virtual time, so HTTP Date headers and server logs are the same on every replay.
 */
import { NS_PER_S, type Nanos } from "../engine/scheduler";

/** 2024-01-01 00:00:00 UTC: the wall-clock time at virtual time 0. */
export const WALL_EPOCH_S = 1704067200;

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function at(now: Nanos): Date {
  return new Date((WALL_EPOCH_S + Math.floor(now / NS_PER_S)) * 1000);
}

const p2 = (n: number) => String(n).padStart(2, "0");

/** email.utils.formatdate(usegmt=True): "Mon, 01 Jan 2024 00:00:05 GMT". */
export function httpDate(now: Nanos): string {
  const d = at(now);
  return `${DAYS[d.getUTCDay()]}, ${p2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} GMT`;
}

/** BaseHTTPRequestHandler.log_date_time_string: "01/Jan/2024 00:00:05" (the machines run in UTC). */
export function logDate(now: Nanos): string {
  const d = at(now);
  return `${p2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
}
