/**
 * `ip maddress` (ip/ipmaddr.c): the multicast memberships of each device as the kernel exposes
 * them in /proc/net/dev_mcast (link layer), /proc/net/igmp (IPv4 groups, newest first) and
 * /proc/net/igmp6 (IPv6 groups, newest first), merged by ifindex; `add`/`del` of link-layer
 * addresses through SIOCADDMULTI/SIOCDELMULTI (shown as `static`).
 */
import type { Mac } from "../../util/brand";
import { ip6ToString } from "../../wire/addr";
import { macFromBytes } from "../../wire/addr";
import type { NetDevice } from "../../kernel/device";
import { STRERROR, Errno } from "../../kernel/types";
import {
  AF_INET,
  AF_INET6,
  AF_PACKET,
  AF_UNSPEC,
  checkIfname,
  type IpCtx,
  llAddrA2n,
  matches,
} from "./common";
import { Color, PRINT_ANY, PRINT_FP, PRINT_JSON } from "./print";

interface MaEntry {
  dev: NetDevice;
  family: number;
  text: string;
  users: number;
  features?: string;
}

function usage(ip: IpCtx): never {
  ip.err("Usage: ip maddr [ add | del ] MULTIADDR dev STRING\n       ip maddr show [ dev STRING ]\n");
  ip.exit(255);
}

/** The groups of a device, per family, in the order the /proc files list them. */
function entries(ip: IpCtx, family: number, devName?: string): MaEntry[] {
  const out: MaEntry[] = [];
  for (const dev of ip.ns.list()) {
    if (devName !== undefined && dev.name !== devName) continue;
    if (!family || family === AF_PACKET) {
      for (const m of dev.mc)
        out.push({
          dev,
          family: AF_PACKET,
          text: m.mac,
          users: m.refs,
          features: (m as { global?: boolean }).global ? "static" : undefined,
        });
    }
    if (!family || family === AF_INET) {
      for (const g of ip.ns.igmp.groupsOf(dev)) out.push({ dev, family: AF_INET, text: ipText(g), users: 1 });
    }
    if (!family || family === AF_INET6) {
      for (const g of ip.ns.ipv6.groupsOf(dev))
        out.push({ dev, family: AF_INET6, text: ip6ToString(g), users: 1 });
    }
  }
  return out;
}

function ipText(a: number): string {
  return `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;
}

function list(ip: IpCtx, args: string[]): number {
  let dev: string | undefined;
  for (let i = 0; i < args.length; i++) {
    let v = args[i];
    if (v === "dev") {
      v = args[++i];
      if (v === undefined) ip.incomplete();
    } else if (matches(v, "help")) usage(ip);
    if (dev !== undefined) ip.duparg2("dev", v);
    dev = v;
  }
  const o = ip.out;
  const all = entries(ip, ip.opts.family === AF_UNSPEC ? 0 : ip.opts.family, dev);
  o.newJsonObj();
  let cur: NetDevice | undefined;
  for (const e of all) {
    if (e.dev !== cur || ip.opts.oneline) {
      if (cur) {
        o.closeArray(PRINT_JSON, null);
        o.closeObject();
      }
      o.openObject(null);
      o.uint(PRINT_ANY, "ifindex", "%d:", e.dev.ifindex);
      o.string(PRINT_ANY, "ifname", "\t%s", e.dev.name, Color.IFNAME);
      o.nl();
      cur = e.dev;
      o.openArray(PRINT_JSON, "maddr");
    }
    o.string(PRINT_FP, null, "\t", null);
    o.openObject(null);
    if (e.family === AF_PACKET) {
      o.string(PRINT_FP, null, "link  ", null);
      o.string(PRINT_ANY, "link", "%s", e.text, Color.MAC);
    } else {
      o.string(PRINT_ANY, "family", "%-5s ", e.family === AF_INET ? "inet" : "inet6");
      o.string(PRINT_ANY, "address", "%s", e.text, e.family === AF_INET ? Color.INET : Color.INET6);
    }
    if (e.users !== 1) o.uint(PRINT_ANY, "users", " users %u", e.users);
    if (e.features) o.string(PRINT_ANY, "features", " %s", e.features);
    o.string(PRINT_FP, null, "\n", null);
    o.closeObject();
  }
  if (cur) {
    o.closeArray(PRINT_JSON, null);
    o.closeObject();
  }
  o.deleteJsonObj();
  return 0;
}

/** SIOCADDMULTI / SIOCDELMULTI on a link-layer address. */
function modify(ip: IpCtx, add: boolean, args: string[]): number {
  let dev: string | undefined;
  let mac: Mac | undefined;
  for (let i = 0; i < args.length; i++) {
    let v = args[i];
    if (v === "dev") {
      v = args[++i];
      if (v === undefined) ip.incomplete();
      if (dev !== undefined) ip.duparg("dev", v);
      if (!checkIfname(v)) ip.invarg('"dev" not a valid ifname', v);
      dev = v;
      continue;
    }
    if (matches(v, "address")) {
      v = args[++i];
      if (v === undefined) ip.incomplete();
    }
    if (matches(v, "help")) usage(ip);
    if (mac !== undefined) ip.duparg("address", v);
    const bytes = llAddrA2n(ip, v);
    if (!bytes) ip.exit(1);
    if (bytes.length !== 6) {
      ip.err(`Error: Invalid address length ${bytes.length} - must be 6 bytes\n`);
      ip.exit(1);
    }
    mac = macFromBytes(Uint8Array.from(bytes));
  }
  if (dev === undefined) {
    ip.err('Not enough information: "dev" is required.\n');
    ip.exit(255);
  }
  const d = ip.ns.byName(dev);
  const fail = (errno: number): number => {
    ip.err(`ioctl: ${STRERROR[errno]}\n`);
    return 1;
  };
  if (!d) return fail(Errno.ENODEV);
  if (!mac) return fail(Errno.EINVAL);
  // dev_mc_add_global / dev_mc_del_global: only multicast link addresses
  if ((parseInt(mac.slice(0, 2), 16) & 1) === 0) return fail(Errno.EINVAL);
  const e = d.mc.find((m) => m.mac === mac) as (typeof d.mc)[number] & { global?: boolean };
  if (add) {
    if (e?.global) return fail(Errno.EEXIST);
    if (e) {
      e.refs++;
      e.global = true;
    } else d.mc.push({ mac, refs: 1, global: true } as (typeof d.mc)[number]);
  } else {
    if (!e?.global) return fail(Errno.ENOENT);
    e.global = false;
    if (--e.refs <= 0) d.mc.splice(d.mc.indexOf(e), 1);
  }
  return 0;
}

export function doIpmaddr(ip: IpCtx, argv: string[]): number {
  if (argv.length < 1) return list(ip, []);
  const c = argv[0];
  const rest = argv.slice(1);
  if (matches(c, "add")) return modify(ip, true, rest);
  if (matches(c, "delete")) return modify(ip, false, rest);
  if (matches(c, "list") || matches(c, "show") || matches(c, "lst")) return list(ip, rest);
  if (matches(c, "help")) usage(ip);
  ip.err(`Command "${c}" is unknown, try "ip maddr help".\n`);
  ip.exit(255);
}
