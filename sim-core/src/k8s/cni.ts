/**
 * The pod network a node's kubelet sets up through CNI, with the conflist flannel installs
 * (`cbr0`: the flannel plugin, then portmap): the flannel plugin reads /run/flannel/subnet.env
 * and delegates to the bridge plugin with host-local IPAM (containernetworking/plugins
 * bridge.go cmdAdd, in its order): cni0 (MTU 1450, accept_ra 0, up), the veth created from the
 * pod's namespace (eth0 there, `veth`+8 hex in the host, registered first), the host end up,
 * enslaved, hairpin on; the next address of the node's /24 (round robin from last_reserved_ip,
 * the gateway .1 skipped) stored under /var/lib/cni/networks/cbr0; in the pod accept_dad 0,
 * arp_notify 1, eth0 up, the address, the routes (172.16.0.0/16 and default via the gateway);
 * then the gateway address on cni0, whose MAC is pinned to its own, and ip_forward on.
 */
import type { Ip4, Mac } from "../util/brand";
import { ip4Str, networkOf } from "../util/inet";
import type { Machine } from "../kernel/machine";
import type { Netns } from "../kernel/netns";
import {
  addrAdd,
  bridgeAdd,
  linkDel,
  linkSetHairpin,
  linkSetMac,
  linkSetMaster,
  linkSetUp,
  routeAdd,
  sysctlSet,
  vethAdd,
} from "../docker/netlink";
import { parseIp } from "../docker/engine";

export class CniError extends Error {}

export const CNI_CONFLIST = `{
  "name": "cbr0",
  "cniVersion": "0.3.1",
  "plugins": [
    {
      "type": "flannel",
      "delegate": {
        "hairpinMode": true,
        "isDefaultGateway": true
      }
    },
    {
      "type": "portmap",
      "capabilities": {
        "portMappings": true
      }
    }
  ]
}
`;

interface SubnetEnv {
  network: Ip4;
  networkLen: number;
  subnet: Ip4;
  subnetLen: number;
  mtu: number;
  ipMasq: boolean;
}

function readSubnetEnv(m: Machine): SubnetEnv {
  const text = m.files.get("/run/flannel/subnet.env");
  if (text === undefined)
    throw new CniError(
      "loadFlannelSubnetEnv failed: open /run/flannel/subnet.env: no such file or directory",
    );
  const kv = new Map(
    text
      .split("\n")
      .filter(Boolean)
      .map((l) => l.split("=") as [string, string]),
  );
  const cidr = (s: string | undefined) => {
    const [a, l] = (s ?? "").split("/");
    const ip = parseIp(a);
    if (ip === undefined) throw new CniError(`invalid CIDR address: ${s}`);
    return [ip, Number(l)] as const;
  };
  const [network, networkLen] = cidr(kv.get("FLANNEL_NETWORK"));
  const [subnet, subnetLen] = cidr(kv.get("FLANNEL_SUBNET"));
  return {
    network,
    networkLen,
    subnet,
    subnetLen,
    mtu: Number(kv.get("FLANNEL_MTU") ?? 1500),
    ipMasq: kv.get("FLANNEL_IPMASQ") === "true",
  };
}

export interface CniResult {
  ip: Ip4;
  prefixLen: number;
  gateway: Ip4;
  mac: Mac;
  hostVeth: string;
}

function hex8(m: Machine): string {
  let s = "";
  for (let i = 0; i < 4; i++) s += m.world.rng.below(256).toString(16).padStart(2, "0");
  return s;
}

/** host-local: the next free address after last_reserved_ip.0, wrapping, skipping the gateway. */
function allocate(m: Machine, subnet: Ip4, len: number, gateway: Ip4, containerId: string): Ip4 {
  const dir = "/var/lib/cni/networks/cbr0";
  const size = 2 ** (32 - len);
  const first = subnet + 1;
  const last = subnet + size - 2;
  const lastFile = m.files.get(`${dir}/last_reserved_ip.0`);
  const lastIp = lastFile ? parseIp(lastFile.trim()) : undefined;
  let cand = lastIp !== undefined && lastIp >= first && lastIp <= last ? lastIp + 1 : first;
  for (let n = 0; n < size; n++, cand++) {
    if (cand > last) cand = first;
    const ip = (cand >>> 0) as Ip4;
    if (ip === gateway) continue;
    if (m.files.has(`${dir}/${ip4Str(ip)}`)) continue;
    m.files.set(`${dir}/${ip4Str(ip)}`, `${containerId}\r\neth0`);
    m.files.set(`${dir}/last_reserved_ip.0`, ip4Str(ip));
    return ip;
  }
  throw new CniError(
    `failed to allocate for range 0: no IP addresses available in range set: ${ip4Str(first as Ip4)}-${ip4Str(last as Ip4)}`,
  );
}

/** CNI ADD for a pod's network namespace. */
export function cniAdd(m: Machine, containerId: string, podNs: Netns): CniResult {
  const env = readSubnetEnv(m);
  const root = m.root;
  const delegate = {
    cniVersion: "0.3.1",
    hairpinMode: true,
    ipMasq: !env.ipMasq,
    ipam: {
      ranges: [[{ subnet: `${ip4Str(networkOf(env.subnet, env.subnetLen))}/${env.subnetLen}` }]],
      routes: [{ dst: `${ip4Str(env.network)}/${env.networkLen}` }],
      type: "host-local",
    },
    isDefaultGateway: true,
    isGateway: true,
    mtu: env.mtu,
    name: "cbr0",
    type: "bridge",
  };
  m.files.set(`/var/lib/cni/flannel/${containerId}`, JSON.stringify(delegate));
  // ensureBridge
  let br = root.byName("cni0");
  if (!br) {
    br = bridgeAdd(root, "cni0", { mtu: env.mtu });
  }
  const brMac = br.mac;
  sysctlSet(root, "net/ipv6/conf/cni0/accept_ra", "0");
  linkSetUp(br);
  // setupVeth: from inside the pod's namespace
  let hostName: string;
  let pair;
  for (let tries = 0; ; tries++) {
    hostName = `veth${hex8(m)}`;
    if (root.byName(hostName) && tries < 10) continue;
    pair = vethAdd(podNs, "eth0", hostName, { peerNs: root, mtu: env.mtu });
    break;
  }
  const host = pair.peer;
  const cont = pair.dev;
  linkSetUp(host);
  sysctlSet(root, `net/ipv6/conf/${hostName}/accept_ra`, "0");
  linkSetMaster(host, br);
  linkSetHairpin(host, true);
  // host-local IPAM
  const subnet = networkOf(env.subnet, env.subnetLen);
  const gateway = ((subnet + 1) >>> 0) as Ip4;
  const ip = allocate(m, subnet, env.subnetLen, gateway, containerId);
  // in the pod: sysctls, then ConfigureIface (up, address, routes)
  sysctlSet(podNs, "net/ipv6/conf/eth0/accept_dad", "0");
  sysctlSet(podNs, "net/ipv4/conf/eth0/arp_notify", "1");
  linkSetUp(cont);
  addrAdd(cont, ip, env.subnetLen);
  routeAdd(podNs, { dst: env.network, dstLen: env.networkLen, gw: gateway, dev: cont });
  routeAdd(podNs, { dst: 0 as Ip4, dstLen: 0, gw: gateway, dev: cont });
  // the gateway on the bridge (once), the bridge's MAC pinned to its own
  if (!br.in4.some((a) => a.local === gateway && a.prefixLen === env.subnetLen)) {
    if (br.in4.some((a) => !a.secondary))
      throw new CniError(
        `"cni0" already has an IP address different from ${ip4Str(gateway)}/${env.subnetLen}`,
      );
    addrAdd(br, gateway, env.subnetLen);
    linkSetMac(br, brMac);
  }
  sysctlSet(root, "net/ipv4/ip_forward", "1");
  return { ip, prefixLen: env.subnetLen, gateway, mac: cont.mac, hostVeth: hostName };
}

/** CNI DEL: eth0 goes (with its peer), the address is released. */
export function cniDel(m: Machine, containerId: string, podNs: Netns | undefined): void {
  const dev = podNs?.byName("eth0");
  if (dev && !podNs!.destroyed) {
    try {
      linkDel(dev);
    } catch {
      // already gone
    }
  }
  const dir = "/var/lib/cni/networks/cbr0/";
  for (const [k, v] of [...m.files])
    if (k.startsWith(dir) && !k.endsWith("last_reserved_ip.0") && v.startsWith(containerId))
      m.files.delete(k);
  m.files.delete(`/var/lib/cni/flannel/${containerId}`);
}
