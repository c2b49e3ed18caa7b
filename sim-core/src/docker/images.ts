/**
 * The images the simulated registry has. An image is a behaviour, not a filesystem: its config
 * (Entrypoint, Cmd, Env, ExposedPorts, Labels, StopSignal), the files a user may look at, and
 * the programs its PATH holds — the simulator's own tools standing in for BusyBox applets,
 * Debian's or Alpine's packages (nginx has no `ip`, `ping` or `ps`; pause has nothing but
 * /pause). Ids, digests and layer ids are fixed per image, so pulls and `docker images` replay
 * identically.
 */
import { nginxFiles } from "./nginx";
import type { CommandFn } from "../shell/types";

export type ProgramSet = "busybox" | "debian-nginx" | "alpine-nginx" | "netshoot" | "pause";

export interface ImageSpec {
  /** Repository as docker shows it ("nginx", "nicolaka/netshoot", "k8s.gcr.io/pause"). */
  repo: string;
  /** The registry path pulls print ("library/nginx"). */
  remote: string;
  tags: string[];
  /** sha256 image id (64 hex). */
  id: string;
  /** The repo digest (sha256, 64 hex). */
  digest: string;
  layers: string[];
  /** `docker images` SIZE */
  size: string;
  /** Creation time (RFC 3339). */
  created: string;
  config: {
    Entrypoint: string[] | null;
    Cmd: string[] | null;
    Env: string[];
    ExposedPorts: string[];
    WorkingDir: string;
    Labels: Record<string, string> | null;
    StopSignal?: string;
  };
  /** A standard set, or the names of programs registered in IMAGE_PROGRAMS (and the shell's). */
  programs: ProgramSet | string[];
  files(): Record<string, string>;
}

/** Programs images bring that the machines do not have (flanneld, etcd…), by name. */
export const IMAGE_PROGRAMS = new Map<string, CommandFn>();

/** Adds images to the simulated registry (the Kubernetes module's). */
export function registerImages(specs: ImageSpec[], programs: Record<string, CommandFn> = {}): void {
  for (const s of specs)
    if (!IMAGES.some((i) => i.repo === s.repo && i.tags[0] === s.tags[0])) IMAGES.push(s);
  for (const [k, v] of Object.entries(programs)) IMAGE_PROGRAMS.set(k, v);
}

const PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

const DEBIAN_OS = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
SUPPORT_URL="https://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
`;

const ALPINE_OS = (v: string) => `NAME="Alpine Linux"
ID=alpine
VERSION_ID=${v}
PRETTY_NAME="Alpine Linux v${v.split(".").slice(0, 2).join(".")}"
HOME_URL="https://alpinelinux.org/"
BUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"
`;

const NGINX_LABELS = { maintainer: "NGINX Docker Maintainers <docker-maint@nginx.com>" };
const NGINX_ENV = [PATH, "NGINX_VERSION=1.25.3", "NJS_VERSION=0.8.2", "PKG_RELEASE=1~bookworm"];

export const IMAGES: ImageSpec[] = [
  {
    repo: "nginx",
    remote: "library/nginx",
    tags: ["latest", "1.25.3", "1.25", "mainline"],
    id: "d453dd892d9357f3559b967478ae9cbc417b52de66b53142f6c16c8a275486b9",
    digest: "2bdc49f2f8ae8d8dc50ed00f2ee56d00385c6f8bc8a8b320d0a294d9e3b49026",
    layers: [
      "af107e978371",
      "336ba1f05c3e",
      "8c37d2ff6efa",
      "51d6357098de",
      "782f1ecce57d",
      "5e99d351b073",
      "7b73345df136",
    ],
    size: "187MB",
    created: "2023-12-19T14:51:44.455364474Z",
    config: {
      Entrypoint: ["/docker-entrypoint.sh"],
      Cmd: ["nginx", "-g", "daemon off;"],
      Env: NGINX_ENV,
      ExposedPorts: ["80/tcp"],
      WorkingDir: "",
      Labels: NGINX_LABELS,
      StopSignal: "SIGQUIT",
    },
    programs: "debian-nginx",
    files: () => ({ ...nginxFiles(), "/etc/os-release": DEBIAN_OS, "/etc/debian_version": "12.4\n" }),
  },
  {
    repo: "nginx",
    remote: "library/nginx",
    tags: ["alpine", "1.25.3-alpine", "mainline-alpine"],
    id: "529b5644c430c06553d2e8082c6713fe19a4169c9dc2369cbb960081f52924ff",
    digest: "a59278fd22a9d411121e190b8cec8aa57b306aa3332459197777583beb728f59",
    layers: [
      "c926b61bad3b",
      "4da5acb2ec2e",
      "32e21f3c4c6f",
      "c4a6c0bd5b26",
      "6c5fe7a3b5a5",
      "6bb1d9d9ba6c",
      "fd1ceee2c0f1",
      "7c1b7b6f8cc6",
    ],
    size: "42.6MB",
    created: "2023-12-19T10:23:01.178123985Z",
    config: {
      Entrypoint: ["/docker-entrypoint.sh"],
      Cmd: ["nginx", "-g", "daemon off;"],
      Env: NGINX_ENV.slice(0, 3).concat("PKG_RELEASE=1"),
      ExposedPorts: ["80/tcp"],
      WorkingDir: "",
      Labels: NGINX_LABELS,
      StopSignal: "SIGQUIT",
    },
    programs: "alpine-nginx",
    files: () => ({
      ...nginxFiles(),
      "/etc/os-release": ALPINE_OS("3.18.4"),
      "/etc/alpine-release": "3.18.4\n",
    }),
  },
  {
    repo: "busybox",
    remote: "library/busybox",
    tags: ["latest", "1.36", "1.36.1"],
    id: "beae173ccac6ad749f76713cf4440fe3d21d1043fe616dfbe30775815d1d0f6a",
    digest: "ba76950ac9eaa407512c9d859cea48114eeff8a6f12ebaa5d32ce79d4a017dd8",
    layers: ["9ad63333ebc9"],
    size: "4.26MB",
    created: "2023-07-18T23:19:33.655005962Z",
    config: { Entrypoint: null, Cmd: ["sh"], Env: [PATH], ExposedPorts: [], WorkingDir: "", Labels: null },
    programs: "busybox",
    files: () => ({}),
  },
  {
    repo: "alpine",
    remote: "library/alpine",
    tags: ["latest", "3.19", "3.19.0"],
    id: "f8c20f8bbcb684055b4fea470fdd169c86e87786940b3262335b12ec3adef418",
    digest: "51b67269f354137895d43f3b3d810bfacd3945438e94dc5ac55fdac340352f48",
    layers: ["661ff4d9561e"],
    size: "7.38MB",
    created: "2023-12-08T00:43:43.045213553Z",
    config: {
      Entrypoint: null,
      Cmd: ["/bin/sh"],
      Env: [PATH],
      ExposedPorts: [],
      WorkingDir: "",
      Labels: null,
    },
    programs: "busybox",
    files: () => ({ "/etc/os-release": ALPINE_OS("3.19.0"), "/etc/alpine-release": "3.19.0\n" }),
  },
  {
    repo: "nicolaka/netshoot",
    remote: "nicolaka/netshoot",
    tags: ["latest", "v0.11"],
    id: "e9c5f43d8a2fc8ad2c3bc5ee5d5ee2b3f9a8e6d2a0e6c3b9a5d4e7f8c1b2a3d4",
    digest: "a7fb4fc7cbe4a2c5e5b1cb6fe4cb5a9ac1cd37b4b5e5fbc0b2e9e9a7e1b5c8d2",
    layers: [
      "c926b61bad3b",
      "1c4f5c8ec4ee",
      "7e1b0e0f4e12",
      "04b7a1d2e5c9",
      "ad9a1fb5c3e1",
      "d0c6b3b8b6a4",
      "35a2f2b8e0c7",
    ],
    size: "440MB",
    created: "2023-08-22T18:33:12.117435163Z",
    config: {
      Entrypoint: null,
      Cmd: ["zsh"],
      Env: [PATH],
      ExposedPorts: [],
      WorkingDir: "/root",
      Labels: null,
    },
    programs: "netshoot",
    files: () => ({ "/etc/os-release": ALPINE_OS("3.18.3"), "/etc/alpine-release": "3.18.3\n" }),
  },
  {
    repo: "k8s.gcr.io/pause",
    remote: "pause",
    tags: ["3.6"],
    id: "6270bb605e12e581514ada5fd5b3216f727db55dc87d5889c790e4c760683fee",
    digest: "3d380ca8864549e74af4b29c10f9cb0956236dfb01c40ca076fb6c37253234db",
    layers: ["fbe1a72f5dcd"],
    size: "683kB",
    created: "2021-08-11T10:24:40.227432017Z",
    config: {
      Entrypoint: ["/pause"],
      Cmd: null,
      Env: [PATH],
      ExposedPorts: [],
      WorkingDir: "/",
      Labels: null,
    },
    programs: "pause",
    files: () => ({}),
  },
  {
    repo: "registry.k8s.io/pause",
    remote: "pause",
    tags: ["3.9", "latest"],
    id: "e6f1816883972d4be47bd48879a08919b96afcd344132622e4d444987919323c",
    digest: "7031c1b283388d2c2e09b57badb803c05ebed362dc88d84b480cc47f72a21097",
    layers: ["61fec91190a0"],
    size: "744kB",
    created: "2022-11-09T16:34:21.146312718Z",
    config: {
      Entrypoint: ["/pause"],
      Cmd: null,
      Env: [PATH],
      ExposedPorts: [],
      WorkingDir: "/",
      Labels: null,
    },
    programs: "pause",
    files: () => ({}),
  },
];

/** Parses `NAME[:TAG]` (docker.io/ and library/ prefixes allowed) into repo and tag. */
export function parseRef(ref: string): { repo: string; tag: string } | undefined {
  let s = ref;
  if (s.includes("@")) return undefined;
  let tag = "latest";
  const slash = s.lastIndexOf("/");
  const colon = s.lastIndexOf(":");
  if (colon > slash) {
    tag = s.slice(colon + 1);
    s = s.slice(0, colon);
  }
  s = s.replace(/^docker\.io\//, "").replace(/^library\//, "");
  if (
    !/^[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/.test(
      s.replace(/^[a-z0-9.-]+(:\d+)?\//, "x/"),
    )
  )
    return undefined;
  if (!/^[\w][\w.-]{0,127}$/.test(tag)) return undefined;
  return { repo: s, tag };
}

export function findImage(repo: string, tag: string): ImageSpec | undefined {
  return IMAGES.find((i) => i.repo === repo && i.tags.includes(tag));
}

/** The image's programs, by name: null = the simulator's tool of that name. */
export const PROGRAM_SETS: Record<ProgramSet, string[]> = {
  busybox: [
    "sh",
    "ash",
    "arp",
    "basename",
    "cat",
    "cp",
    "cut",
    "date",
    "dirname",
    "echo",
    "env",
    "false",
    "grep",
    "head",
    "hostname",
    "id",
    "ifconfig",
    "ip",
    "kill",
    "ls",
    "mkdir",
    "mv",
    "nc",
    "netstat",
    "nslookup",
    "ping",
    "printf",
    "ps",
    "pwd",
    "rm",
    "rmdir",
    "route",
    "sed",
    "seq",
    "sleep",
    "sort",
    "tail",
    "tee",
    "test",
    "[",
    "timeout",
    "touch",
    "tr",
    "traceroute",
    "true",
    "uname",
    "uniq",
    "wc",
    "wget",
    "which",
    "whoami",
    "xargs",
    "awk",
    "nsenter",
  ],
  "debian-nginx": [
    "sh",
    "bash",
    "basename",
    "cat",
    "cp",
    "curl",
    "cut",
    "date",
    "dirname",
    "echo",
    "env",
    "false",
    "grep",
    "head",
    "hostname",
    "id",
    "kill",
    "ls",
    "mawk",
    "awk",
    "mkdir",
    "mv",
    "nginx",
    "printf",
    "pwd",
    "rm",
    "rmdir",
    "sed",
    "seq",
    "sleep",
    "sort",
    "tail",
    "tee",
    "test",
    "[",
    "timeout",
    "touch",
    "tr",
    "true",
    "uname",
    "uniq",
    "wc",
    "which",
    "whoami",
    "xargs",
  ],
  "alpine-nginx": [],
  netshoot: [],
  pause: ["pause"],
};
PROGRAM_SETS["alpine-nginx"] = [...PROGRAM_SETS.busybox, "curl", "nginx"];
