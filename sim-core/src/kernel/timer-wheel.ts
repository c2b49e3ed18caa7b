/**
 * When a kernel timer armed with mod_timer(jiffies + timeout) really fires (kernel/time/timer.c,
 * HZ 250): the timer wheel never fires early, so it rounds the expiry up to the granularity of
 * the level the timeout falls in (level 0: the next jiffy; timeouts of 63 jiffies or more: 8
 * jiffies; 504 or more: 64; …). A 1 s TCP retransmission timer fires 4 to 32 ms late, which is
 * why a real `curl -m 2` gives up before the SYN due "at 2 s" goes out.
 */
import type { Nanos } from "../engine/scheduler";

const JIFFY: Nanos = 4_000_000;
const LVL_CLK_SHIFT = 3;
const LVL_DEPTH = 9;

/** The delay after which a timer armed now for `timeout` fires. */
export function timerWheelDelay(now: Nanos, timeout: Nanos): Nanos {
  const clk = Math.floor(now / JIFFY);
  const delta = Math.max(0, Math.ceil(timeout / JIFFY));
  const expires = clk + delta;
  let lvl = 0;
  // LVL_START(n) = 63 << (3 * (n - 1))
  while (lvl + 1 < LVL_DEPTH && delta >= 63 * 2 ** (LVL_CLK_SHIFT * lvl)) lvl++;
  const gran = 2 ** (LVL_CLK_SHIFT * lvl);
  const bucket = (Math.floor(expires / gran) + 1) * gran;
  return bucket * JIFFY - now;
}
