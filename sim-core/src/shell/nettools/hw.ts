/** net-tools' hardware-address helpers (lib/ether.c in_ether, lib/hw.c hardware type list). */
import type { Mac } from "../../util/brand";

/** in_ether: hex byte pairs separated by ':' (a single digit is one byte; fewer than 6 bytes are zero-filled, more are ignored). */
export function inEther(s: string): Mac | undefined {
  const hex = (ch: string | undefined) =>
    ch !== undefined && /^[0-9a-fA-F]$/.test(ch) ? parseInt(ch, 16) : -1;
  const bytes: number[] = [];
  let pos = 0;
  while (pos < s.length && bytes.length < 6) {
    let val = hex(s[pos++]);
    if (val < 0) return undefined;
    val <<= 4;
    const c = s[pos];
    if (hex(c) >= 0) val |= hex(c);
    else if (c === ":" || c === undefined) val >>= 4;
    else return undefined;
    if (c !== undefined) pos++;
    bytes.push(val & 0xff);
    if (s[pos] === ":") pos++;
  }
  // net-tools 2.10 ignores whatever follows the sixth byte
  while (bytes.length < 6) bytes.push(0);
  return bytes.map((b) => b.toString(16).padStart(2, "0")).join(":") as Mac;
}

/** print_hwlist(1): the hardware types that support ARP, as `arp`'s usage lists them. */
export const HW_LIST_ARP =
  "    ash (Ash) ether (Ethernet) ax25 (AMPR AX.25) \n" +
  "    netrom (AMPR NET/ROM) rose (AMPR ROSE) arcnet (ARCnet) \n" +
  "    dlci (Frame Relay DLCI) fddi (Fiber Distributed Data Interface) hippi (HIPPI) \n" +
  "    irda (IrLAP) x25 (generic X.25) eui64 (Generic EUI-64) \n";

/** Hardware types by name with their ARPHRD_* numbers. */
export const HW_TYPES: Record<string, number> = {
  ash: 0x202,
  ether: 1,
  ax25: 3,
  netrom: 0,
  rose: 270,
  arcnet: 7,
  dlci: 15,
  fddi: 774,
  hippi: 780,
  irda: 783,
  x25: 271,
  eui64: 27,
  loop: 772,
  ppp: 512,
  tunnel: 768,
  sit: 776,
  slip: 256,
  infiniband: 32,
};
