/**
 * The namespace-wide ICMP rate limit (net/ipv4/icmp.c: icmp_global_allow / icmp_global_consume,
 * per network namespace since 6.12): a credit of at most icmp_msgs_burst messages, refilled at
 * icmp_msgs_per_sec on jiffies (HZ 250), checked before the per-destination limit; every message
 * that passes the per-destination limit then spends 0, 1 or 2 credits at random.
 *
 * The random spend uses a generator of its own (seeded per namespace), so ICMP errors do not
 * shift the world's seeded sequence that ports, ISNs and MACs come from.
 */
import type { Nanos } from "../engine/scheduler";

const HZ = 250;
const JIFFY: Nanos = 4_000_000;

export class IcmpGlobalLimit {
  private credit = 0;
  /** Jiffies of the last refill: long ago, as on a kernel whose jiffies started 5 minutes before 0. */
  private stamp = -HZ * 1000;
  private seed: number;

  constructor(seed: number) {
    this.seed = seed | 1;
  }

  /** icmp_global_allow: may one more ICMP message go out? */
  allow(now: Nanos, msgsPerSec: number, burst: number): boolean {
    if (this.credit > 0) return true;
    const jiffies = Math.floor(now / JIFFY);
    const delta = Math.min(jiffies - this.stamp, HZ);
    if (delta < HZ / 50) return false;
    const incr = Math.floor((msgsPerSec * delta) / HZ);
    if (!incr) return false;
    this.stamp = jiffies;
    this.credit = Math.min(this.credit + incr, burst);
    return true;
  }

  /** icmp_global_consume: get_random_u32_below(3) credits (the credit may go negative). */
  consume(): void {
    // xorshift32
    let x = this.seed;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.seed = x >>> 0 || 1;
    this.credit -= this.seed % 3;
  }
}
