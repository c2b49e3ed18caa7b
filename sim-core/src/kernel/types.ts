/** Closed sets shared by the kernel model (Linux names, as iproute2 prints them). */

export const DeviceKind = {
  loopback: "loopback",
  nic: "nic",
  veth: "veth",
  bridge: "bridge",
  vxlan: "vxlan",
  dummy: "dummy",
} as const;
export type DeviceKind = (typeof DeviceKind)[keyof typeof DeviceKind];

/** RFC 2863 operational states, in the kernel's numbering (IF_OPER_*). */
export const OperState = {
  UNKNOWN: 0,
  NOTPRESENT: 1,
  DOWN: 2,
  LOWERLAYERDOWN: 3,
  TESTING: 4,
  DORMANT: 5,
  UP: 6,
} as const;
export type OperState = (typeof OperState)[keyof typeof OperState];
export const OPER_STATE_NAMES = [
  "UNKNOWN",
  "NOTPRESENT",
  "DOWN",
  "LOWERLAYERDOWN",
  "TESTING",
  "DORMANT",
  "UP",
];

/** Route scopes (RT_SCOPE_*). */
export const Scope = {
  universe: 0,
  site: 200,
  link: 253,
  host: 254,
  nowhere: 255,
} as const;

/** Route types (RTN_*). */
export const RouteType = {
  unspec: 0,
  unicast: 1,
  local: 2,
  broadcast: 3,
  anycast: 4,
  multicast: 5,
  blackhole: 6,
  unreachable: 7,
  prohibit: 8,
  throw: 9,
  nat: 10,
} as const;
export type RouteType = (typeof RouteType)[keyof typeof RouteType];
export const ROUTE_TYPE_NAMES = [
  "unspec",
  "unicast",
  "local",
  "broadcast",
  "anycast",
  "multicast",
  "blackhole",
  "unreachable",
  "prohibit",
  "throw",
  "nat",
];

/** Well-known routing tables. */
export const Table = { unspec: 0, default: 253, main: 254, local: 255 } as const;

/** Route protocols (RTPROT_*), as /etc/iproute2/rt_protos names them. */
export const Proto = { unspec: 0, redirect: 1, kernel: 2, boot: 3, static: 4 } as const;

/** Neighbour states (NUD_*), bit values as in the kernel. */
export const Nud = {
  INCOMPLETE: 0x01,
  REACHABLE: 0x02,
  STALE: 0x04,
  DELAY: 0x08,
  PROBE: 0x10,
  FAILED: 0x20,
  NOARP: 0x40,
  PERMANENT: 0x80,
  NONE: 0x00,
} as const;
export type Nud = (typeof Nud)[keyof typeof Nud];

/** Bridge port states (BR_STATE_*). */
export const PortState = {
  disabled: 0,
  listening: 1,
  learning: 2,
  forwarding: 3,
  blocking: 4,
} as const;
export type PortState = (typeof PortState)[keyof typeof PortState];
export const PORT_STATE_NAMES = ["disabled", "listening", "learning", "forwarding", "blocking"];

/** errno values the simulated syscalls return (negated, as the kernel does). */
export const Errno = {
  EPERM: 1,
  ENOENT: 2,
  ESRCH: 3,
  EINTR: 4,
  EIO: 5,
  ENXIO: 6,
  E2BIG: 7,
  EBADF: 9,
  EAGAIN: 11,
  ENOMEM: 12,
  EACCES: 13,
  EFAULT: 14,
  EBUSY: 16,
  EEXIST: 17,
  EXDEV: 18,
  ENODEV: 19,
  ENOTDIR: 20,
  EISDIR: 21,
  EINVAL: 22,
  ENFILE: 23,
  EMFILE: 24,
  ENOSPC: 28,
  ERANGE: 34,
  ENAMETOOLONG: 36,
  ENOTEMPTY: 39,
  ELOOP: 40,
  EMSGSIZE: 90,
  EPROTONOSUPPORT: 93,
  EOPNOTSUPP: 95,
  EAFNOSUPPORT: 97,
  EADDRINUSE: 98,
  EADDRNOTAVAIL: 99,
  ENETDOWN: 100,
  ENETUNREACH: 101,
  ECONNABORTED: 103,
  ECONNRESET: 104,
  ENOBUFS: 105,
  EISCONN: 106,
  ENOTCONN: 107,
  ETIMEDOUT: 110,
  ECONNREFUSED: 111,
  EHOSTDOWN: 112,
  EHOSTUNREACH: 113,
  EALREADY: 114,
  EINPROGRESS: 115,
} as const;

/** strerror() texts (glibc), for the errors the tools print. */
export const STRERROR: Record<number, string> = {
  1: "Operation not permitted",
  2: "No such file or directory",
  3: "No such process",
  4: "Interrupted system call",
  11: "Resource temporarily unavailable",
  12: "Cannot allocate memory",
  13: "Permission denied",
  16: "Device or resource busy",
  17: "File exists",
  19: "No such device",
  20: "Not a directory",
  21: "Is a directory",
  22: "Invalid argument",
  28: "No space left on device",
  34: "Numerical result out of range",
  36: "File name too long",
  39: "Directory not empty",
  40: "Too many levels of symbolic links",
  90: "Message too long",
  93: "Protocol not supported",
  95: "Operation not supported",
  97: "Address family not supported by protocol",
  98: "Address already in use",
  99: "Cannot assign requested address",
  100: "Network is down",
  101: "Network is unreachable",
  103: "Software caused connection abort",
  104: "Connection reset by peer",
  105: "No buffer space available",
  107: "Transport endpoint is not connected",
  110: "Connection timed out",
  111: "Connection refused",
  112: "Host is down",
  113: "No route to host",
  114: "Operation already in progress",
  115: "Operation now in progress",
};

/** A failed kernel operation: errno plus the extended-ack message netlink would carry, if any. */
export class KernelError extends Error {
  constructor(
    readonly errno: number,
    readonly extack?: string,
  ) {
    super(extack ?? STRERROR[errno] ?? `errno ${errno}`);
  }
}
