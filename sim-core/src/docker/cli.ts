/**
 * The `docker` CLI (docker-ce 20.10.24): run/create/start, ps, exec, stop/kill/rm, logs, top,
 * inspect, port, attach, network ls/inspect/create/connect/disconnect/rm, images/pull/rmi,
 * version — with docker's messages, exit statuses (125 for run/create errors, 126/127 when the
 * program cannot be executed) and table formats (Go's tabwriter, `--format` Go templates). Flags
 * the simulator does not model are refused as pflag refuses unknown flags.
 */
import type { Cmd, CmdResult, Wait } from "../shell/types";
import { NS_PER_MS, NS_PER_S, type Nanos } from "../engine/scheduler";
import { ip4Str } from "../util/inet";
import { WALL_EPOCH_S } from "../sockets/clock";
import {
  DockerEngine,
  DockerError,
  ZERO_TIME,
  rfc3339Nano,
  type Container,
  type Network,
  type RunOptions,
} from "./engine";
import { IMAGES, findImage, parseRef, type ImageSpec } from "./images";
import { FlagError, bool, flag, multi, parseFlags, type FlagSpec, type Parsed } from "./flags";
import { tabwrite, DOCKER_TABLE } from "./tabwriter";
import { GoTemplate, TemplateError, TYPE } from "./gotemplate";
import { goJson, goJsonIndent } from "./gojson";
import { Driver } from "../shell/driver";

export const DOCKER_VERSION = "20.10.24";

class Usage extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** units.HumanDuration */
export function humanDuration(ns: number): string {
  const seconds = Math.floor(ns / NS_PER_S);
  if (seconds < 1) return "Less than a second";
  if (seconds === 1) return "1 second";
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(seconds / 60);
  if (minutes === 1) return "About a minute";
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.round(seconds / 3600);
  if (hours === 1) return "About an hour";
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(seconds / 3600 / 24 / 365)} years`;
}

/** formatter.Ellipsis */
function ellipsis(s: string, max: number): string {
  const chars = [...s];
  if (chars.length <= max) return s;
  return chars.slice(0, max - 1).join("") + "…";
}

/** strconv.Quote */
function goQuote(s: string): string {
  return JSON.stringify(s).replace(
    /[\u007f-\u009f]/g,
    (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"),
  );
}

function wall(t: Nanos): Date {
  return new Date((WALL_EPOCH_S + Math.floor(t / NS_PER_S)) * 1000);
}

/** time.Time.String(): "2024-01-01 00:00:05 +0000 UTC" */
function timeString(t: Nanos): string {
  return wall(t).toISOString().replace("T", " ").slice(0, 19) + " +0000 UTC";
}

// ---------------------------------------------------------------- flag tables

const RUN_FLAGS: FlagSpec[] = [
  { long: "detach", short: "d" },
  { long: "interactive", short: "i" },
  { long: "tty", short: "t" },
  { long: "rm" },
  { long: "name", value: true },
  { long: "publish", short: "p", value: true, multi: true },
  { long: "publish-all", short: "P" },
  { long: "network", value: true },
  { long: "net", value: true },
  { long: "ipc", value: true },
  { long: "pid", value: true },
  { long: "uts", value: true },
  { long: "env", short: "e", value: true, multi: true },
  { long: "hostname", short: "h", value: true },
  { long: "workdir", short: "w", value: true },
  { long: "entrypoint", value: true },
  { long: "label", short: "l", value: true, multi: true },
  { long: "stop-timeout", value: true },
  { long: "restart", value: true },
  { long: "help" },
];

const EXEC_FLAGS: FlagSpec[] = [
  { long: "detach", short: "d" },
  { long: "interactive", short: "i" },
  { long: "tty", short: "t" },
  { long: "env", short: "e", value: true, multi: true },
  { long: "workdir", short: "w", value: true },
  { long: "user", short: "u", value: true },
  { long: "help" },
];

const USAGES: Record<string, [string, string, number]> = {
  run: ["docker run [OPTIONS] IMAGE [COMMAND] [ARG...]", "Run a command in a new container", 1],
  create: ["docker create [OPTIONS] IMAGE [COMMAND] [ARG...]", "Create a new container", 1],
  exec: ["docker exec [OPTIONS] CONTAINER COMMAND [ARG...]", "Run a command in a running container", 2],
  stop: ["docker stop [OPTIONS] CONTAINER [CONTAINER...]", "Stop one or more running containers", 1],
  start: ["docker start [OPTIONS] CONTAINER [CONTAINER...]", "Start one or more stopped containers", 1],
  restart: ["docker restart [OPTIONS] CONTAINER [CONTAINER...]", "Restart one or more containers", 1],
  kill: ["docker kill [OPTIONS] CONTAINER [CONTAINER...]", "Kill one or more running containers", 1],
  rm: ["docker rm [OPTIONS] CONTAINER [CONTAINER...]", "Remove one or more containers", 1],
  logs: ["docker logs [OPTIONS] CONTAINER", "Fetch the logs of a container", 1],
  top: ["docker top CONTAINER [ps OPTIONS]", "Display the running processes of a container", 1],
  inspect: [
    "docker inspect [OPTIONS] NAME|ID [NAME|ID...]",
    "Return low-level information on Docker objects",
    1,
  ],
  port: [
    "docker port CONTAINER [PRIVATE_PORT[/PROTO]]",
    "List port mappings or a specific mapping for the container",
    1,
  ],
  attach: [
    "docker attach [OPTIONS] CONTAINER",
    "Attach local standard input, output, and error streams to a running container",
    1,
  ],
  pull: ["docker pull [OPTIONS] NAME[:TAG|@DIGEST]", "Pull an image or a repository from a registry", 1],
  rmi: ["docker rmi [OPTIONS] IMAGE [IMAGE...]", "Remove one or more images", 1],
  "network create": ["docker network create [OPTIONS] NETWORK", "Create a network", 1],
  "network connect": [
    "docker network connect [OPTIONS] NETWORK CONTAINER",
    "Connect a container to a network",
    2,
  ],
  "network disconnect": [
    "docker network disconnect [OPTIONS] NETWORK CONTAINER",
    "Disconnect a container from a network",
    2,
  ],
  "network inspect": [
    "docker network inspect [OPTIONS] NETWORK [NETWORK...]",
    "Display detailed information on one or more networks",
    1,
  ],
  "network rm": ["docker network rm NETWORK [NETWORK...]", "Remove one or more networks", 1],
};

function requires(cmd: string, args: string[]): void {
  const u = USAGES[cmd];
  if (!u) return;
  const exact =
    cmd === "network connect" || cmd === "network disconnect" || cmd === "logs" || cmd === "attach";
  if (exact ? args.length !== u[2] : args.length < u[2]) {
    const what = exact
      ? `"docker ${cmd}" requires exactly ${u[2]} argument${u[2] > 1 ? "s" : ""}.`
      : `"docker ${cmd}" requires at least ${u[2]} argument${u[2] > 1 ? "s" : ""}.`;
    throw new Usage(`${what}\nSee 'docker ${cmd} --help'.\n\nUsage:  ${u[0]}\n\n${u[1]}\n`, 1);
  }
}

function parse(cmd: string, argv: string[], specs: FlagSpec[], interspersed = true): Parsed {
  try {
    return parseFlags(argv, specs, interspersed);
  } catch (e) {
    if (e instanceof FlagError)
      throw new Usage(
        `${e.message}\nSee 'docker ${cmd} --help'.\n`,
        cmd === "run" || cmd === "create" ? 125 : 125,
      );
    throw e;
  }
}

// ---------------------------------------------------------------- the program

export function docker(c: Cmd): CmdResult {
  return run(c);
}

function* run(c: Cmd): Generator<Wait, number, void> {
  const argv = c.argv.slice(1);
  try {
    return yield* dispatch(c, argv);
  } catch (e) {
    if (e instanceof Usage) {
      c.err(e.message);
      return e.status;
    }
    if (e instanceof DockerError) {
      c.err(e.message.endsWith("\n") ? e.message : e.message + "\n");
      return e.status;
    }
    if (e instanceof TemplateError) {
      c.err(`template parsing error: ${e.message}\n`);
      return 64;
    }
    throw e;
  }
}

function* dispatch(c: Cmd, argv: string[]): Generator<Wait, number, void> {
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--version" || a === "-v") {
      c.out(`Docker version ${DOCKER_VERSION}, build 297e128\n`);
      return 0;
    }
    if (a === "--help") {
      c.out(MAIN_USAGE);
      return 0;
    }
    if (a === "-D" || a === "--debug") continue;
    if (a.startsWith("-")) {
      c.err(`unknown flag: ${a.split("=")[0]}\nSee 'docker --help'.\n\n${MAIN_USAGE}`);
      return 125;
    }
    break;
  }
  const sub = argv[i];
  const rest = argv.slice(i + 1);
  if (sub === undefined) {
    c.out(MAIN_USAGE);
    return 0;
  }
  const engine = DockerEngine.of(c.ctx.machine);
  switch (sub) {
    case "version":
      return version(c, engine);
    case "run":
      return yield* runCmd(c, engine, rest, true);
    case "create":
      return yield* runCmd(c, engine, rest, false);
    case "start":
      return yield* startCmd(c, engine, rest);
    case "ps":
      return ps(c, engine, rest);
    case "exec":
      return yield* execCmd(c, engine, rest);
    case "stop":
      return yield* stopCmd(c, engine, rest, "stop");
    case "restart":
      return yield* stopCmd(c, engine, rest, "restart");
    case "kill":
      return yield* killCmd(c, engine, rest);
    case "rm":
      return yield* rmCmd(c, engine, rest);
    case "logs":
      return yield* logsCmd(c, engine, rest);
    case "top":
      return topCmd(c, engine, rest);
    case "inspect":
      return inspectCmd(c, engine, rest, "");
    case "port":
      return portCmd(c, engine, rest);
    case "attach":
      return yield* attachCmd(c, engine, rest);
    case "network":
      return networkCmd(c, engine, rest);
    case "images":
      return imagesCmd(c, engine, rest);
    case "pull":
      return yield* pullCmd(c, engine, rest);
    case "rmi":
      return rmiCmd(c, engine, rest);
    case "container": {
      const s = rest[0];
      const r = rest.slice(1);
      if (s === "ls" || s === "list" || s === "ps") return ps(c, engine, r);
      if (s === "inspect") return inspectCmd(c, engine, r, "container");
      if (s === "rm") return yield* rmCmd(c, engine, r);
      if (
        s &&
        [
          "run",
          "create",
          "start",
          "stop",
          "restart",
          "kill",
          "exec",
          "logs",
          "top",
          "port",
          "attach",
        ].includes(s)
      )
        return yield* dispatch(c, [s, ...r]);
      c.err(
        s
          ? `docker: 'container ${s}' is not a docker command.\nSee 'docker container --help'\n`
          : CONTAINER_USAGE,
      );
      return s ? 1 : 0;
    }
    case "image": {
      const s = rest[0];
      if (s === "ls" || s === "list") return imagesCmd(c, engine, rest.slice(1));
      if (s === "pull") return yield* pullCmd(c, engine, rest.slice(1));
      if (s === "rm") return rmiCmd(c, engine, rest.slice(1));
      c.err(`docker: 'image ${s ?? ""}' is not a docker command.\nSee 'docker image --help'\n`);
      return 1;
    }
    default:
      c.err(`docker: '${sub}' is not a docker command.\nSee 'docker --help'\n`);
      return 1;
  }
}

const MAIN_USAGE = `
Usage:  docker [OPTIONS] COMMAND

A self-sufficient runtime for containers

Management Commands:
  container   Manage containers
  image       Manage images
  network     Manage networks

Commands:
  attach      Attach local standard input, output, and error streams to a running container
  create      Create a new container
  exec        Run a command in a running container
  images      List images
  inspect     Return low-level information on Docker objects
  kill        Kill one or more running containers
  logs        Fetch the logs of a container
  port        List port mappings or a specific mapping for the container
  ps          List containers
  pull        Pull an image or a repository from a registry
  restart     Restart one or more containers
  rm          Remove one or more containers
  rmi         Remove one or more images
  run         Run a command in a new container
  start       Start one or more stopped containers
  stop        Stop one or more running containers
  top         Display the running processes of a container
  version     Show the Docker version information

Run 'docker COMMAND --help' for more information on a command.

To get more help with docker, check out our guides at https://docs.docker.com/go/guides/
`;

const CONTAINER_USAGE = `
Usage:  docker container COMMAND

Manage containers
`;

function version(c: Cmd, e: DockerEngine): number {
  e.start();
  c.out(`Client: Docker Engine - Community
 Version:           ${DOCKER_VERSION}
 API version:       1.41
 Go version:        go1.19.7
 Git commit:        297e128
 Built:             Tue Apr  4 18:21:03 2023
 OS/Arch:           linux/amd64
 Context:           default
 Experimental:      true

Server: Docker Engine - Community
 Engine:
  Version:          ${DOCKER_VERSION}
  API version:      1.41 (minimum version 1.12)
  Go version:       go1.19.7
  Git commit:       5d6db84
  Built:            Tue Apr  4 18:18:42 2023
  OS/Arch:          linux/amd64
  Experimental:     false
 containerd:
  Version:          1.6.20
  GitCommit:        2806fc1057397dbaeefbea0e4e17bddfbd388f38
 runc:
  Version:          1.1.5
  GitCommit:        v1.1.5-0-gf19387a
 docker-init:
  Version:          0.19.0
  GitCommit:        de40ad0
`);
  return 0;
}

// ---------------------------------------------------------------- images

function imageFor(ref: string): { spec?: ImageSpec; repo: string; tag: string } | undefined {
  const p = parseRef(ref);
  if (!p) return undefined;
  return { spec: findImage(p.repo, p.tag), repo: p.repo, tag: p.tag };
}

/** A pull's progress (to `write`), taking virtual time; false when the registry has no such image. */
function* pull(
  e: DockerEngine,
  write: (s: string) => void,
  repo: string,
  tag: string,
  spec: ImageSpec | undefined,
  tty: boolean,
): Generator<Wait, boolean, void> {
  const now = () => e.world.sched.now;
  if (!spec) {
    yield { until: now() + 300 * NS_PER_MS };
    return false;
  }
  write(`${tag}: Pulling from ${spec.remote}\n`);
  yield { until: now() + 200 * NS_PER_MS };
  if (tty) {
    for (const l of spec.layers) write(`${l}: Pull complete \n`);
  } else {
    for (const l of spec.layers) write(`${l}: Pulling fs layer\n`);
    for (const l of spec.layers) {
      yield { until: now() + 150 * NS_PER_MS };
      write(`${l}: Verifying Checksum\n${l}: Download complete\n`);
    }
    for (const l of spec.layers) write(`${l}: Pull complete\n`);
  }
  yield { until: now() + 300 * NS_PER_MS };
  write(`Digest: sha256:${spec.digest}\n`);
  write(`Status: Downloaded newer image for ${repo}:${tag}\n`);
  e.pullImage(spec);
  return true;
}

function* pullCmd(c: Cmd, e: DockerEngine, argv: string[]): Generator<Wait, number, void> {
  const p = parse("pull", argv, [
    { long: "quiet", short: "q" },
    { long: "all-tags", short: "a" },
  ]);
  requires("pull", p.args);
  const ref = p.args[0];
  const im = imageFor(ref);
  if (!im) throw new DockerError("invalid reference format");
  e.start();
  if (!ref.includes(":")) c.out("Using default tag: latest\n");
  if (im.spec && e.pulled.has(im.spec)) {
    c.out(
      `${im.tag}: Pulling from ${im.spec.remote}\nDigest: sha256:${im.spec.digest}\nStatus: Image is up to date for ${im.repo}:${im.tag}\n`,
    );
  } else {
    const ok = yield* pull(e, c.out, im.repo, im.tag, im.spec, !!c.isatty);
    if (!ok) throw new DockerError(pullDenied(im.repo));
  }
  c.out(
    `${im.repo.includes(".") || im.repo.includes("/") ? "" : "docker.io/library/"}${im.repo}:${im.tag}\n`.replace(
      /^nicolaka/,
      "docker.io/nicolaka",
    ),
  );
  return 0;
}

function pullDenied(repo: string): string {
  return `Error response from daemon: pull access denied for ${repo}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`;
}

function imagesCmd(c: Cmd, e: DockerEngine, argv: string[]): number {
  const p = parse("images", argv, [
    { long: "quiet", short: "q" },
    { long: "all", short: "a" },
    { long: "no-trunc" },
    { long: "format", value: true },
  ]);
  e.start();
  const rows: string[] = [];
  const list = [...e.pulled].sort((a, b) => (a.created < b.created ? 1 : -1));
  for (const img of list) {
    const tags = img.tags.filter((t) => t === "latest" || img.tags.indexOf(t) === 0).slice(0, 1);
    for (const tag of tags) {
      const id = bool(p, "no-trunc") ? `sha256:${img.id}` : img.id.slice(0, 12);
      if (bool(p, "quiet")) rows.push(id);
      else {
        const age = e.now + (WALL_EPOCH_S * 1000 - Date.parse(img.created)) * 1e6;
        rows.push([img.repo, tag, id, `${humanDuration(age)} ago`, img.size].join("\t"));
      }
    }
  }
  if (bool(p, "quiet")) {
    for (const r of rows) c.out(r + "\n");
    return 0;
  }
  c.out(tabwrite(["REPOSITORY\tTAG\tIMAGE ID\tCREATED\tSIZE", ...rows].join("\n") + "\n"));
  return 0;
}

function rmiCmd(c: Cmd, e: DockerEngine, argv: string[]): number {
  const p = parse("rmi", argv, [{ long: "force", short: "f" }]);
  requires("rmi", p.args);
  let st = 0;
  for (const ref of p.args) {
    const im = imageFor(ref);
    const spec =
      im?.spec && e.pulled.has(im.spec) ? im.spec : [...e.pulled].find((i) => i.id.startsWith(ref));
    if (!spec) {
      c.err(`Error: No such image: ${ref}\n`);
      st = 1;
      continue;
    }
    const user = e.containers.find((x) => x.image === spec);
    if (user && !bool(p, "force")) {
      c.err(
        `Error response from daemon: conflict: unable to remove repository reference "${ref}" (must force) - container ${user.id.slice(0, 12)} is using its referenced image ${spec.id.slice(0, 12)}\n`,
      );
      st = 1;
      continue;
    }
    e.pulled.delete(spec);
    c.out(
      `Untagged: ${spec.repo}:${im?.tag ?? spec.tags[0]}\nUntagged: ${spec.repo}@sha256:${spec.digest}\nDeleted: sha256:${spec.id}\n`,
    );
  }
  return st;
}

// ---------------------------------------------------------------- run / create / start

function parsePublish(spec: string): RunOptions["publish"][number][] {
  let s = spec;
  let proto: "tcp" | "udp" = "tcp";
  const slash = s.lastIndexOf("/");
  if (slash >= 0) {
    const pr = s.slice(slash + 1);
    if (pr !== "tcp" && pr !== "udp") {
      if (pr === "sctp")
        throw new DockerError(`docker: sctp is not modelled.\nSee 'docker run --help'.`, 125);
      throw new DockerError(`docker: Invalid proto: ${pr}.\nSee 'docker run --help'.`, 125);
    }
    proto = pr;
    s = s.slice(0, slash);
  }
  const parts = s.split(":");
  let hostIp = "";
  let hostPort = "";
  let cport: string;
  if (parts.length === 1) cport = parts[0];
  else if (parts.length === 2) [hostPort, cport] = parts;
  else if (parts.length === 3) [hostIp, hostPort, cport] = parts;
  else throw new DockerError(`docker: Invalid hostPort: ${spec}.\nSee 'docker run --help'.`, 125);
  const num = (v: string, what: string) => {
    if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 65535)
      throw new DockerError(`docker: Invalid ${what}: ${v}.\nSee 'docker run --help'.`, 125);
    return Number(v);
  };
  if (hostPort !== "") num(hostPort, "hostPort");
  if (hostIp && !/^\d+\.\d+\.\d+\.\d+$/.test(hostIp))
    throw new DockerError(`docker: Invalid ip address: ${hostIp}.\nSee 'docker run --help'.`, 125);
  return [{ hostIp, hostPort, containerPort: num(cport, "containerPort"), proto }];
}

function runError(msg: string, status = 125): DockerError {
  return new DockerError(`docker: ${msg.replace(/\.$/, "")}.\nSee 'docker run --help'.`, status);
}

const SHELLS = ["sh", "bash", "ash", "zsh"];

function* runCmd(c: Cmd, e: DockerEngine, argv: string[], start: boolean): Generator<Wait, number, void> {
  const name = start ? "run" : "create";
  const p = parse(name, argv, RUN_FLAGS, false);
  if (bool(p, "help")) {
    c.out(`\nUsage:  ${USAGES[name][0]}\n\n${USAGES[name][1]}\n`);
    return 0;
  }
  requires(name, p.args);
  const ref = p.args[0];
  const im = imageFor(ref);
  if (!im) throw runError("invalid reference format");
  e.start();
  if (!im.spec || !e.pulled.has(im.spec)) {
    c.err(`Unable to find image '${im.repo}:${im.tag}' locally\n`);
    const ok = yield* pull(e, c.err, im.repo, im.tag, im.spec, !!c.isatty);
    if (!ok) throw runError(pullDenied(im.repo));
  }
  const spec = im.spec!;
  const detach = bool(p, "detach") || !start;
  const networkMode = flag(p, "network") ?? flag(p, "net") ?? "default";
  if (networkMode === "container")
    throw runError("--net: invalid net mode: invalid container format container:<name|id>");
  const publish = multi(p, "publish").flatMap(parsePublish);
  if (bool(p, "publish-all"))
    for (const ep of spec.config.ExposedPorts) {
      const [port, proto] = ep.split("/");
      publish.push({ hostIp: "", hostPort: "", containerPort: Number(port), proto: proto as "tcp" | "udp" });
    }
  if (networkMode === "host" && publish.length) {
    c.err("WARNING: Published ports are discarded when using host network mode\n");
    publish.length = 0;
  }
  const restart = flag(p, "restart");
  if (restart !== undefined && restart !== "no")
    throw new Usage(`unknown flag: --restart\nSee 'docker ${name} --help'.\n`, 125);
  const ipc = flag(p, "ipc") ?? "private";
  const pid = flag(p, "pid") ?? "";
  for (const [what, v] of [
    ["ipc", ipc],
    ["pid", pid],
  ])
    if (!["", "private", "shareable", "host"].includes(v) && !v.startsWith("container:"))
      throw runError(`--${what}: invalid ${what === "ipc" ? "IPC" : "PID"} mode`);
  const labels: Record<string, string> = {};
  for (const l of multi(p, "label")) {
    const i = l.indexOf("=");
    labels[i < 0 ? l : l.slice(0, i)] = i < 0 ? "" : l.slice(i + 1);
  }
  const entry = flag(p, "entrypoint");
  const o: RunOptions = {
    image: spec,
    imageRef: ref,
    name: flag(p, "name"),
    cmd: p.args.length > 1 ? p.args.slice(1) : undefined,
    entrypoint: entry === undefined ? undefined : entry === "" ? [] : [entry],
    env: multi(p, "env"),
    hostname: flag(p, "hostname"),
    tty: bool(p, "tty"),
    openStdin: bool(p, "interactive"),
    detach,
    autoRemove: bool(p, "rm"),
    networkMode,
    ipcMode: ipc,
    pidMode: pid,
    utsMode: flag(p, "uts"),
    publish,
    labels,
    workdir: flag(p, "workdir"),
    stopTimeout: flag(p, "stop-timeout") === undefined ? undefined : Number(flag(p, "stop-timeout")),
  };
  let ctr: Container;
  try {
    ctr = e.create(o);
  } catch (err) {
    if (err instanceof DockerError) throw runError(err.message.replace(/^docker: /, ""), err.status);
    throw err;
  }
  if (!start) {
    c.out(ctr.id + "\n");
    return 0;
  }
  return yield* startContainer(c, e, ctr, detach, "run");
}

/** Starts a created container; attached (not detached) it streams its output until it exits. */
function* startContainer(
  c: Cmd,
  e: DockerEngine,
  ctr: Container,
  detach: boolean,
  verb: "run" | "start",
): Generator<Wait, number, void> {
  const argv = [ctr.path, ...ctr.args];
  const prog = argv[0]?.slice(argv[0].lastIndexOf("/") + 1) ?? "";
  const enter = !detach && ctr.opts.openStdin && ctr.opts.tty && SHELLS.includes(prog) && argv.length === 1;
  const sink = { out: c.out, err: c.err };
  if (!detach && !enter) ctr.attached.add(sink);
  ctr.interactive = enter;
  try {
    e.startContainer(ctr);
  } catch (err) {
    ctr.attached.delete(sink);
    ctr.interactive = false;
    if (err instanceof DockerError) {
      ctr.error = err.message.replace(/^Error response from daemon: /, "");
      if (verb === "run") throw runError(err.message, err.status);
      throw new DockerError(`${err.message}\nError: failed to start containers: ${ctr.name}`, 1);
    }
    throw err;
  }
  if (detach) {
    if (verb === "run") c.out(ctr.id + "\n");
    return 0;
  }
  if (enter) {
    yield* enterContainer(c, ctr, (status) => e.leaveInteractive(ctr, status));
    return 0;
  }
  let interrupts = 0;
  for (;;) {
    yield { until: Infinity, cond: () => !ctr.running || (c.interrupted() && interrupts === 0) };
    if (!ctr.running) break;
    if (c.interrupted()) {
      interrupts++;
      e.signal(ctr, "SIGINT");
      yield { until: Infinity, cond: () => !ctr.running };
      break;
    }
  }
  ctr.attached.delete(sink);
  if (ctr.error && ctr.exitCode === 127) {
    c.err(
      `docker: Error response from daemon: ${ctr.error}.\nERRO[0000] error waiting for container: context canceled \n`,
    );
  }
  return ctr.exitCode;
}

/** An interactive shell in the container's namespaces: the terminal's shell enters it. */
function* enterContainer(
  c: Cmd,
  ctr: Container,
  onLeave: (status: number) => void,
): Generator<Wait, void, void> {
  const ctx = { ...ctr.ctx(), onLeave };
  const r = c.run(["sh"], ctx);
  if (typeof r !== "number") yield* r;
  c.fs.cwd = ctr.opts.workdir || ctr.image.config.WorkingDir || "/";
}

function lookup(e: DockerEngine, ref: string): Container {
  const ctr = e.container(ref);
  if (!ctr) throw new DockerError(`Error: No such container: ${ref}`, 1);
  return ctr;
}

function* startCmd(c: Cmd, e: DockerEngine, argv: string[]): Generator<Wait, number, void> {
  const p = parse("start", argv, [
    { long: "attach", short: "a" },
    { long: "interactive", short: "i" },
  ]);
  requires("start", p.args);
  e.start();
  let st = 0;
  for (const ref of p.args) {
    const ctr = e.container(ref);
    if (!ctr) {
      c.err(
        `Error response from daemon: No such container: ${ref}\nError: failed to start containers: ${ref}\n`,
      );
      st = 1;
      continue;
    }
    if (ctr.running) {
      c.out(`${ref}\n`);
      continue;
    }
    try {
      const r = yield* startContainer(c, e, ctr, !bool(p, "attach"), "start");
      if (bool(p, "attach")) return r;
      c.out(`${ref}\n`);
    } catch (err) {
      if (err instanceof DockerError) {
        c.err(err.message + "\n");
        st = 1;
        continue;
      }
      throw err;
    }
  }
  return st;
}

// ---------------------------------------------------------------- stop / kill / rm

function* stopCmd(
  c: Cmd,
  e: DockerEngine,
  argv: string[],
  verb: "stop" | "restart",
): Generator<Wait, number, void> {
  const p = parse(verb, argv, [{ long: "time", short: "t", value: true }]);
  requires(verb, p.args);
  e.start();
  const t = flag(p, "time");
  if (t !== undefined && !/^-?\d+$/.test(t))
    throw new Usage(
      `invalid argument "${t}" for "-t, --time" flag: strconv.ParseInt: parsing "${t}": invalid syntax\nSee 'docker ${verb} --help'.\n`,
      125,
    );
  let st = 0;
  for (const ref of p.args) {
    const ctr = e.container(ref);
    if (!ctr) {
      c.err(`Error response from daemon: No such container: ${ref}\n`);
      st = 1;
      continue;
    }
    yield* e.stop(ctr, t === undefined ? undefined : Number(t));
    if (verb === "restart" && e.containers.includes(ctr)) {
      ctr.restartCount = 0;
      try {
        e.startContainer(ctr);
      } catch (err) {
        if (!(err instanceof DockerError)) throw err;
        c.err(
          `Error response from daemon: Cannot restart container ${ref}: ${err.message.replace(/^Error response from daemon: /, "")}\n`,
        );
        st = 1;
        continue;
      }
    }
    c.out(`${ref}\n`);
  }
  return st;
}

function* killCmd(c: Cmd, e: DockerEngine, argv: string[]): Generator<Wait, number, void> {
  const p = parse("kill", argv, [{ long: "signal", short: "s", value: true }]);
  requires("kill", p.args);
  e.start();
  let st = 0;
  const sig = (flag(p, "signal") ?? "KILL").toUpperCase();
  for (const ref of p.args) {
    const ctr = e.container(ref);
    if (!ctr) {
      c.err(`Error response from daemon: Cannot kill container: ${ref}: No such container: ${ref}\n`);
      st = 1;
      continue;
    }
    if (!ctr.running) {
      c.err(
        `Error response from daemon: Cannot kill container: ${ref}: Container ${ctr.id} is not running\n`,
      );
      st = 1;
      continue;
    }
    e.signal(ctr, sig);
    if (sig === "KILL" || sig === "SIGKILL" || sig === "9")
      yield { until: Infinity, cond: () => !ctr.running };
    c.out(`${ref}\n`);
  }
  return st;
}

function* rmCmd(c: Cmd, e: DockerEngine, argv: string[]): Generator<Wait, number, void> {
  const p = parse("rm", argv, [
    { long: "force", short: "f" },
    { long: "volumes", short: "v" },
  ]);
  requires("rm", p.args);
  e.start();
  let st = 0;
  for (const ref of p.args) {
    const ctr = e.container(ref);
    if (!ctr) {
      c.err(`Error: No such container: ${ref}\n`);
      st = 1;
      continue;
    }
    if (ctr.running) {
      if (!bool(p, "force")) {
        c.err(
          `Error response from daemon: You cannot remove a running container ${ctr.id}. Stop the container before attempting removal or force remove\n`,
        );
        st = 1;
        continue;
      }
      e.signal(ctr, "SIGKILL");
      yield { until: Infinity, cond: () => !ctr.running };
    }
    if (e.containers.includes(ctr)) e.removeContainer(ctr);
    c.out(`${ref}\n`);
  }
  return st;
}

// ---------------------------------------------------------------- ps

interface PortSummary {
  ip?: string;
  privatePort: number;
  publicPort?: number;
  type: string;
}

function portSummaries(ctr: Container): PortSummary[] {
  if (!ctr.running || ctr.opts.networkMode === "host" || ctr.opts.networkMode.startsWith("container:"))
    return [];
  const out: PortSummary[] = [];
  const exposed = new Set(ctr.image.config.ExposedPorts);
  for (const p of ctr.opts.publish) exposed.add(`${p.containerPort}/${p.proto}`);
  for (const ep of exposed) {
    const [port, type] = ep.split("/");
    const binds = ctr.ports.filter((b) => `${b.containerPort}/${b.proto}` === ep);
    if (!binds.length) out.push({ privatePort: Number(port), type });
    for (const b of binds) {
      out.push({ ip: b.hostIp, privatePort: b.containerPort, publicPort: b.hostPort, type });
      if (b.hostIp === "0.0.0.0")
        out.push({ ip: "::", privatePort: b.containerPort, publicPort: b.hostPort, type });
    }
  }
  return out;
}

/** DisplayablePorts (docker 20.10's, which prints an IPv6 host address without brackets). */
export function displayablePorts(ports: PortSummary[]): string {
  const sorted = [...ports].sort((a, b) => {
    if (a.privatePort !== b.privatePort) return a.privatePort - b.privatePort;
    if ((a.ip ?? "") !== (b.ip ?? "")) return (a.ip ?? "") < (b.ip ?? "") ? -1 : 1;
    if ((a.publicPort ?? 0) !== (b.publicPort ?? 0)) return (a.publicPort ?? 0) - (b.publicPort ?? 0);
    return a.type < b.type ? -1 : a.type > b.type ? 1 : 0;
  });
  const groups = new Map<string, { first: number; last: number }>();
  const keys: string[] = [];
  const result: string[] = [];
  const hostMappings: string[] = [];
  const form = (key: string, first: number, last: number) => {
    const parts = key.split("/");
    let type = parts[0];
    let ip = "";
    if (parts.length > 1) {
      ip = parts[0];
      type = parts[1];
    }
    let group = String(first);
    if (first !== last) group = `${group}-${last}`;
    if (ip) group = `${ip}:${group}->${group}`;
    return `${group}/${type}`;
  };
  for (const p of sorted) {
    const cur = p.privatePort;
    let key = p.type;
    if (p.ip) {
      if (p.publicPort !== cur) {
        hostMappings.push(`${p.ip}:${p.publicPort}->${p.privatePort}/${p.type}`);
        continue;
      }
      key = `${p.ip}/${p.type}`;
    }
    const g = groups.get(key);
    if (!g) {
      groups.set(key, { first: cur, last: cur });
      keys.push(key);
      continue;
    }
    if (cur === g.last + 1) {
      g.last = cur;
      continue;
    }
    result.push(form(key, g.first, g.last));
    groups.set(key, { first: cur, last: cur });
  }
  for (const k of keys) {
    const g = groups.get(k)!;
    result.push(form(k, g.first, g.last));
  }
  result.push(...hostMappings);
  return result.join(", ");
}

export function statusOf(e: DockerEngine, ctr: Container): string {
  switch (ctr.state) {
    case "running":
      return `Up ${humanDuration(e.now - (ctr.startedAt ?? e.now))}`;
    case "created":
      return "Created";
    case "exited":
      return ctr.finishedAt === undefined
        ? ""
        : `Exited (${ctr.exitCode}) ${humanDuration(e.now - ctr.finishedAt)} ago`;
    case "removing":
      return "Removal In Progress";
    default:
      return "Dead";
  }
}

function commandOf(ctr: Container): string {
  if (!ctr.args.length) return ctr.path;
  return `${ctr.path} ${ctr.args.map((a) => (a.includes(" ") ? `'${a}'` : a)).join(" ")}`;
}

function psContext(e: DockerEngine, ctr: Container, trunc: boolean): Record<string, unknown> {
  const labels = Object.entries(ctr.opts.labels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .sort()
    .join(",");
  const image = ctr.opts.imageById
    ? trunc
      ? ctr.image.id.slice(0, 12)
      : `sha256:${ctr.image.id}`
    : ctr.opts.imageRef;
  return {
    Command: goQuote(trunc ? ellipsis(commandOf(ctr), 20) : commandOf(ctr)),
    CreatedAt: timeString(ctr.created),
    ID: trunc ? ctr.id.slice(0, 12) : ctr.id,
    Image: image,
    Labels: labels,
    LocalVolumes: "0",
    Mounts: "",
    Names: ctr.name,
    Networks:
      ctr.opts.networkMode === "default"
        ? "bridge"
        : ctr.opts.networkMode.startsWith("container:")
          ? ""
          : ctr.networks.join(",") || ctr.opts.networkMode,
    Ports: displayablePorts(portSummaries(ctr)),
    RunningFor: `${humanDuration(e.now - ctr.created)} ago`,
    Size: "0B",
    State: ctr.state,
    Status: statusOf(e, ctr),
  };
}

const PS_HEADERS: Record<string, string> = {
  ID: "CONTAINER ID",
  Image: "IMAGE",
  Command: "COMMAND",
  CreatedAt: "CREATED AT",
  RunningFor: "CREATED",
  Ports: "PORTS",
  State: "STATE",
  Status: "STATUS",
  Size: "SIZE",
  Names: "NAMES",
  Labels: "LABELS",
  Mounts: "MOUNTS",
  LocalVolumes: "LOCAL VOLUMES",
  Networks: "NETWORKS",
};

/** formatter.Context.Write: a table (header row, tabwriter) or one rendered template per item. */
function writeFormatted(
  c: Cmd,
  format: string,
  items: Record<string, unknown>[],
  headers: Record<string, string>,
): void {
  let f = format;
  const table = f.startsWith("table");
  if (table) f = f.slice(5);
  if (format === "json") f = "{{json .}}";
  f = f
    .replace(/^ +| +$/g, "")
    .replace(/\\t/g, "\t")
    .replace(/\\n/g, "\n");
  const tmpl = new GoTemplate(f);
  let body = "";
  for (const it of items) body += tmpl.execute(it) + "\n";
  if (!table) {
    c.out(body);
    return;
  }
  const header = new GoTemplate(f).execute(
    new Proxy(
      {},
      {
        get: (_t, k) => (typeof k === "string" ? (headers[k] ?? k.toUpperCase()) : undefined),
        has: () => true,
      },
    ),
  );
  c.out(tabwrite(header + "\n" + body, DOCKER_TABLE));
}

function ps(c: Cmd, e: DockerEngine, argv: string[]): number {
  const p = parse("ps", argv, [
    { long: "all", short: "a" },
    { long: "quiet", short: "q" },
    { long: "no-trunc" },
    { long: "format", value: true },
    { long: "latest", short: "l" },
    { long: "last", short: "n", value: true },
    { long: "filter", short: "f", value: true, multi: true },
    { long: "size", short: "s" },
  ]);
  if (p.args.length)
    throw new Usage(
      `"docker ps" accepts no arguments.\nSee 'docker ps --help'.\n\nUsage:  docker ps [OPTIONS]\n\nList containers\n`,
      1,
    );
  e.start();
  let list = [...e.containers].reverse();
  if (!bool(p, "all") && !bool(p, "latest") && flag(p, "last") === undefined)
    list = list.filter((x) => x.running);
  if (bool(p, "latest")) list = list.slice(0, 1);
  if (flag(p, "last") !== undefined) list = list.slice(0, Number(flag(p, "last")));
  for (const f of multi(p, "filter")) {
    const i = f.indexOf("=");
    if (i < 0) throw new DockerError(`Error response from daemon: Invalid filter '${f}'`);
    const [k, v] = [f.slice(0, i), f.slice(i + 1)];
    if (k === "name") list = list.filter((x) => x.name.includes(v));
    else if (k === "id") list = list.filter((x) => x.id.startsWith(v));
    else if (k === "status") list = list.filter((x) => x.state === v);
    else if (k === "label") {
      const j = v.indexOf("=");
      list = list.filter((x) =>
        j < 0 ? v in (x.opts.labels ?? {}) : x.opts.labels?.[v.slice(0, j)] === v.slice(j + 1),
      );
    } else if (k === "ancestor") list = list.filter((x) => x.opts.imageRef === v || x.image.repo === v);
    else if (k === "network") list = list.filter((x) => x.networks.includes(v));
    else throw new DockerError(`Error response from daemon: Invalid filter '${k}'`);
  }
  const trunc = !bool(p, "no-trunc");
  const items = list.map((x) => psContext(e, x, trunc));
  if (bool(p, "quiet")) {
    for (const it of items) c.out(`${it.ID}\n`);
    return 0;
  }
  const format =
    flag(p, "format") ??
    "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}";
  writeFormatted(c, format, items, PS_HEADERS);
  return 0;
}

// ---------------------------------------------------------------- exec

function envOf(ctr: Container, extra: string[], tty: boolean): Map<string, string> {
  const env = new Map<string, string>();
  for (const kv of [...ctr.image.config.Env, ...(ctr.opts.env ?? [])]) {
    const i = kv.indexOf("=");
    if (i > 0) env.set(kv.slice(0, i), kv.slice(i + 1));
  }
  env.set("HOSTNAME", ctr.hostname);
  if (tty) env.set("TERM", "xterm");
  for (const kv of extra) {
    const i = kv.indexOf("=");
    if (i > 0) env.set(kv.slice(0, i), kv.slice(i + 1));
  }
  env.set("HOME", "/root");
  return env;
}

export function ociExecError(prog: string): string {
  return `OCI runtime exec failed: exec failed: unable to start container process: exec: "${prog}": executable file not found in $PATH: unknown`;
}

function* execCmd(c: Cmd, e: DockerEngine, argv: string[]): Generator<Wait, number, void> {
  const p = parse("exec", argv, EXEC_FLAGS, false);
  requires("exec", p.args);
  e.start();
  const ctr = lookup(e, p.args[0]);
  if (!ctr.running)
    throw new DockerError(`Error response from daemon: Container ${ctr.id} is not running`, 1);
  const prog = p.args.slice(1);
  const user = flag(p, "user");
  if (user !== undefined && user !== "root" && user !== "0")
    throw new Usage(`unknown flag: --user\nSee 'docker exec --help'.\n`, 125);
  const ctx = ctr.ctx();
  // the image's programs only (PATH lookup inside the container's mount namespace)
  const have = (ctx.nsproxy?.mnt?.programs as ReadonlyMap<string, unknown> | undefined)?.has(
    prog[0].slice(prog[0].lastIndexOf("/") + 1),
  );
  if (!have) {
    c.err(ociExecError(prog[0]) + "\n");
    return 126;
  }
  // the container lists an exec while it runs (the daemon's monitor deletes it at its exit)
  const execId = e.id();
  ctr.execIds.push(execId);
  const ended = () => {
    const i = ctr.execIds.indexOf(execId);
    if (i >= 0) ctr.execIds.splice(i, 1);
  };
  const name = prog[0].slice(prog[0].lastIndexOf("/") + 1);
  const tty = bool(p, "tty");
  const env = envOf(ctr, multi(p, "env"), tty);
  const workdir = flag(p, "workdir") || ctr.opts.workdir || ctr.image.config.WorkingDir || "/";
  if (bool(p, "interactive") && SHELLS.includes(name) && prog.length === 1 && !bool(p, "detach")) {
    // an interactive shell: the terminal enters the container until `exit`
    const m = ctr.engine.machine;
    const proc = m.spawn([prog[0]], ctx.ns, { nsproxy: ctx.nsproxy, ppid: ctr.shimPid });
    yield* enterContainer(c, ctr, () => {
      m.kill(proc.pid);
      ended();
    });
    c.fs.cwd = workdir;
    return 0;
  }
  if (bool(p, "detach")) {
    const gen = (function* () {
      const x = c.run(prog, ctx, { io: { out: () => {}, err: () => {} }, env });
      return typeof x === "number" ? x : yield* x;
    })();
    Driver.of(e.world).start(gen, ended);
    return 0;
  }
  const saved = c.fs.cwd;
  c.fs.cwd = workdir;
  try {
    const r = c.run(prog, ctx, { env });
    return typeof r === "number" ? r : yield* r;
  } finally {
    c.fs.cwd = saved;
    ended();
  }
}

function* attachCmd(c: Cmd, e: DockerEngine, argv: string[]): Generator<Wait, number, void> {
  const p = parse("attach", argv, [{ long: "no-stdin" }, { long: "sig-proxy" }]);
  requires("attach", p.args);
  e.start();
  const ctr = lookup(e, p.args[0]);
  if (!ctr.running) throw new DockerError("You cannot attach to a stopped container, start it first", 1);
  const prog = ctr.path.slice(ctr.path.lastIndexOf("/") + 1);
  if (SHELLS.includes(prog) && !ctr.args.length && (ctr.opts.tty || ctr.opts.openStdin)) {
    ctr.interactive = true;
    // exiting the attached shell ends PID 1
    yield* enterContainer(c, ctr, (status) => e.leaveInteractive(ctr, status));
    return 0;
  }
  const sink = { out: c.out, err: c.err };
  ctr.attached.add(sink);
  yield { until: Infinity, cond: () => !ctr.running || c.interrupted() };
  ctr.attached.delete(sink);
  if (c.interrupted() && ctr.running) {
    e.signal(ctr, "SIGINT");
    yield { until: Infinity, cond: () => !ctr.running };
  }
  return ctr.exitCode;
}

// ---------------------------------------------------------------- logs / top / port

function* logsCmd(c: Cmd, e: DockerEngine, argv: string[]): Generator<Wait, number, void> {
  const p = parse("logs", argv, [
    { long: "follow", short: "f" },
    { long: "tail", short: "n", value: true },
    { long: "timestamps", short: "t" },
    { long: "details" },
  ]);
  requires("logs", p.args);
  e.start();
  const ctr = lookup(e, p.args[0]);
  const ts = bool(p, "timestamps");
  const emit = (stream: "stdout" | "stderr", text: string, time: Nanos) => {
    const lines = text.split(/(?<=\n)/);
    for (const l of lines) (stream === "stdout" ? c.out : c.err)(ts ? `${rfc3339Nano(time)} ${l}` : l);
  };
  // json-file keeps one record per line
  const records: { stream: "stdout" | "stderr"; text: string; time: Nanos }[] = [];
  for (const l of ctr.log)
    for (const part of l.text.split(/(?<=\n)/))
      if (part) records.push({ stream: l.stream, text: part, time: l.time });
  const tail = flag(p, "tail");
  const shown =
    tail === undefined || tail === "all"
      ? records
      : records.slice(Math.max(0, records.length - Number(tail)));
  for (const r of shown) emit(r.stream, r.text, r.time);
  if (!bool(p, "follow")) return 0;
  const sink = { out: (s: string) => emit("stdout", s, e.now), err: (s: string) => emit("stderr", s, e.now) };
  ctr.attached.add(sink);
  try {
    yield { until: Infinity, cond: () => !ctr.running || c.interrupted() };
  } finally {
    ctr.attached.delete(sink);
  }
  return c.interrupted() ? 130 : 0;
}

function topCmd(c: Cmd, e: DockerEngine, argv: string[]): number {
  requires("top", argv);
  e.start();
  const ctr = lookup(e, argv[0]);
  if (!ctr.running)
    throw new DockerError(`Error response from daemon: Container ${ctr.id} is not running`, 1);
  const m = e.machine;
  const rows = ["UID\tPID\tPPID\tC\tSTIME\tTTY\tTIME\tCMD"];
  const start = wall(ctr.startedAt ?? 0);
  const stime = `${String(start.getUTCHours()).padStart(2, "0")}:${String(start.getUTCMinutes()).padStart(2, "0")}`;
  for (const pid of ctr.pids()) {
    const pr = m.processes.get(pid)!;
    if (pr.nsproxy?.pid !== ctr.nsproxy?.pid) continue;
    rows.push(["root", pid, pr.ppid ?? 1, 0, stime, "?", "00:00:00", pr.argv.join(" ")].join("\t"));
  }
  c.out(tabwrite(rows.join("\n") + "\n", { minwidth: 20, padding: 3 }));
  return 0;
}

function portCmd(c: Cmd, e: DockerEngine, argv: string[]): number {
  requires("port", argv);
  e.start();
  const ctr = lookup(e, argv[0]);
  const want = argv[1];
  const lines: string[] = [];
  for (const b of ctr.ports) {
    const key = `${b.containerPort}/${b.proto}`;
    if (want && want !== key && want !== String(b.containerPort)) continue;
    const prefix = want ? "" : `${key} -> `;
    lines.push(`${prefix}${b.hostIp}:${b.hostPort}`);
    if (b.hostIp === "0.0.0.0") lines.push(`${prefix}:::${b.hostPort}`);
  }
  if (want && !lines.length)
    throw new DockerError(
      `Error: No public port '${want.includes("/") ? want : want + "/tcp"}' published for ${argv[0]}`,
      1,
    );
  for (const l of lines) c.out(l + "\n");
  return 0;
}

// ---------------------------------------------------------------- inspect

function networkSettingsOf(e: DockerEngine, ctr: Container): Record<string, unknown> {
  const running = ctr.running;
  const mode = ctr.opts.networkMode;
  const ports = new Map<string, unknown>();
  if (running && mode !== "host" && !mode.startsWith("container:")) {
    const exposed = new Set([
      ...ctr.image.config.ExposedPorts,
      ...ctr.opts.publish.map((p) => `${p.containerPort}/${p.proto}`),
    ]);
    for (const ep of exposed) {
      const binds = ctr.ports.filter((b) => `${b.containerPort}/${b.proto}` === ep);
      ports.set(
        ep,
        binds.length
          ? binds.flatMap((b) => [
              { HostIp: b.hostIp, HostPort: String(b.hostPort) },
              ...(b.hostIp === "0.0.0.0" ? [{ HostIp: "::", HostPort: String(b.hostPort) }] : []),
            ])
          : null,
      );
    }
  }
  const networks = new Map<string, unknown>();
  const epView = (name: string, ep?: (typeof ctr.endpoints)[number], net?: Network) => ({
    IPAMConfig: null,
    Links: null,
    Aliases: net && !net.isDefault && ep ? [ctr.id.slice(0, 12)] : null,
    NetworkID: net?.id ?? "",
    EndpointID: ep?.id ?? "",
    Gateway: ep && net?.gateway ? ip4Str(net.gateway) : "",
    IPAddress: ep ? ip4Str(ep.ip) : "",
    IPPrefixLen: ep ? (net?.prefixLen ?? 0) : 0,
    IPv6Gateway: "",
    GlobalIPv6Address: "",
    GlobalIPv6PrefixLen: 0,
    MacAddress: ep?.mac ?? "",
    DriverOpts: null,
  });
  if (!mode.startsWith("container:")) {
    const names =
      mode === "host" || mode === "none"
        ? [mode]
        : ctr.networks.length
          ? ctr.networks
          : [mode === "default" ? "bridge" : mode];
    for (const n of names) {
      const net = e.network(n);
      const ep = ctr.endpoints.find((x) => x.network === net);
      networks.set(n, epView(n, running ? ep : undefined, net));
    }
  }
  const bridgeEp = ctr.endpoints.find((x) => x.network.isDefault);
  const sandbox =
    mode === "host"
      ? "/var/run/docker/netns/default"
      : (ctr.sandbox?.key.replace(/^\/run/, "/var/run") ?? "");
  return {
    Bridge: "",
    SandboxID:
      running && !mode.startsWith("container:") && !ctr.networkDisabled ? (ctr.sandbox?.id ?? e.id()) : "",
    HairpinMode: false,
    LinkLocalIPv6Address: "",
    LinkLocalIPv6PrefixLen: 0,
    Ports: ports,
    SandboxKey: running ? sandbox : "",
    SecondaryIPAddresses: null,
    SecondaryIPv6Addresses: null,
    EndpointID: bridgeEp?.id ?? "",
    Gateway: bridgeEp ? ip4Str(bridgeEp.network.gateway!) : "",
    GlobalIPv6Address: "",
    GlobalIPv6PrefixLen: 0,
    IPAddress: bridgeEp ? ip4Str(bridgeEp.ip) : "",
    IPPrefixLen: bridgeEp ? bridgeEp.network.prefixLen! : 0,
    IPv6Gateway: "",
    MacAddress: bridgeEp?.mac ?? "",
    Networks: networks,
  };
}

export function inspectContainer(e: DockerEngine, ctr: Container): Record<string | symbol, unknown> {
  const o = ctr.opts;
  const dir = `/var/lib/docker/containers/${ctr.id}`;
  const exposed = new Map<string, unknown>();
  for (const p of [
    ...ctr.image.config.ExposedPorts,
    ...o.publish.map((x) => `${x.containerPort}/${x.proto}`),
  ])
    exposed.set(p, {});
  const portBindings = new Map<string, unknown>();
  for (const p of o.publish) {
    const k = `${p.containerPort}/${p.proto}`;
    const l = (portBindings.get(k) as unknown[] | undefined) ?? [];
    l.push({ HostIp: p.hostIp, HostPort: p.hostPort });
    portBindings.set(k, l);
  }
  const layer = ctr.id.split("").reverse().join("");
  const env = [
    ...(o.env ?? []),
    ...ctr.image.config.Env.filter((kv) => !(o.env ?? []).some((x) => x.split("=")[0] === kv.split("=")[0])),
  ];
  const labels = new Map<string, string>(
    Object.entries({ ...(ctr.image.config.Labels ?? {}), ...(o.labels ?? {}) }),
  );
  const obj: Record<string | symbol, unknown> = {
    Id: ctr.id,
    Created: rfc3339Nano(ctr.created),
    Path: ctr.path,
    Args: ctr.args,
    State: {
      Status: ctr.state === "dead" ? "dead" : ctr.state,
      Running: ctr.running,
      Paused: false,
      Restarting: false,
      OOMKilled: false,
      Dead: ctr.state === "dead",
      Pid: ctr.pid,
      ExitCode: ctr.exitCode,
      Error: ctr.error,
      StartedAt: ctr.startedAt === undefined ? ZERO_TIME : rfc3339Nano(ctr.startedAt),
      FinishedAt: ctr.finishedAt === undefined ? ZERO_TIME : rfc3339Nano(ctr.finishedAt),
    },
    Image: `sha256:${ctr.image.id}`,
    ResolvConfPath: `${dir}/resolv.conf`,
    HostnamePath: `${dir}/hostname`,
    HostsPath: `${dir}/hosts`,
    LogPath: `${dir}/${ctr.id}-json.log`,
    Name: `/${ctr.name}`,
    RestartCount: ctr.restartCount,
    Driver: "overlay2",
    Platform: "linux",
    MountLabel: "",
    ProcessLabel: "",
    AppArmorProfile: "docker-default",
    ExecIDs: ctr.execIds.length && ctr.running ? ctr.execIds : null,
    HostConfig: {
      Binds: null,
      ContainerIDFile: "",
      LogConfig: { Type: "json-file", Config: new Map() },
      NetworkMode: o.networkMode,
      PortBindings: portBindings,
      RestartPolicy: { Name: "no", MaximumRetryCount: 0 },
      AutoRemove: o.autoRemove,
      VolumeDriver: "",
      VolumesFrom: null,
      CapAdd: null,
      CapDrop: null,
      CgroupnsMode: "private",
      Dns: [],
      DnsOptions: [],
      DnsSearch: [],
      ExtraHosts: null,
      GroupAdd: null,
      IpcMode: o.ipcMode,
      Cgroup: "",
      Links: null,
      OomScoreAdj: 0,
      PidMode: o.pidMode,
      Privileged: false,
      PublishAllPorts: false,
      ReadonlyRootfs: false,
      SecurityOpt: null,
      UTSMode: o.utsMode ?? "",
      UsernsMode: "",
      ShmSize: 67108864,
      Runtime: "runc",
      ConsoleSize: [0, 0],
      Isolation: "",
      CpuShares: 0,
      Memory: 0,
      NanoCpus: 0,
      CgroupParent: "",
      BlkioWeight: 0,
      BlkioWeightDevice: [],
      BlkioDeviceReadBps: null,
      BlkioDeviceWriteBps: null,
      BlkioDeviceReadIOps: null,
      BlkioDeviceWriteIOps: null,
      CpuPeriod: 0,
      CpuQuota: 0,
      CpuRealtimePeriod: 0,
      CpuRealtimeRuntime: 0,
      CpusetCpus: "",
      CpusetMems: "",
      Devices: [],
      DeviceCgroupRules: null,
      DeviceRequests: null,
      KernelMemory: 0,
      KernelMemoryTCP: 0,
      MemoryReservation: 0,
      MemorySwap: 0,
      MemorySwappiness: null,
      OomKillDisable: false,
      PidsLimit: null,
      Ulimits: null,
      CpuCount: 0,
      CpuPercent: 0,
      IOMaximumIOps: 0,
      IOMaximumBandwidth: 0,
      MaskedPaths: [
        "/proc/asound",
        "/proc/acpi",
        "/proc/kcore",
        "/proc/keys",
        "/proc/latency_stats",
        "/proc/timer_list",
        "/proc/timer_stats",
        "/proc/sched_debug",
        "/proc/scsi",
        "/sys/firmware",
      ],
      ReadonlyPaths: ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"],
    },
    GraphDriver: {
      Data: new Map([
        ["LowerDir", `/var/lib/docker/overlay2/${layer}-init/diff`],
        ["MergedDir", `/var/lib/docker/overlay2/${layer}/merged`],
        ["UpperDir", `/var/lib/docker/overlay2/${layer}/diff`],
        ["WorkDir", `/var/lib/docker/overlay2/${layer}/work`],
      ]),
      Name: "overlay2",
    },
    Mounts: [],
    Config: {
      Hostname: ctr.configHostname,
      Domainname: "",
      User: "",
      AttachStdin: !o.detach && o.openStdin,
      AttachStdout: !o.detach,
      AttachStderr: !o.detach,
      ...(exposed.size ? { ExposedPorts: exposed } : {}),
      Tty: o.tty,
      OpenStdin: o.openStdin,
      StdinOnce: !o.detach && o.openStdin,
      Env: env,
      Cmd: o.cmd ?? (o.entrypoint ? null : ctr.image.config.Cmd),
      Image: o.imageById ? `sha256:${ctr.image.id}` : o.imageRef,
      Volumes: null,
      WorkingDir: o.workdir ?? ctr.image.config.WorkingDir,
      Entrypoint: o.entrypoint ?? ctr.image.config.Entrypoint,
      OnBuild: null,
      Labels: labels,
      ...(ctr.image.config.StopSignal ? { StopSignal: ctr.image.config.StopSignal } : {}),
    },
    NetworkSettings: networkSettingsOf(e, ctr),
  };
  obj[TYPE] = "*types.ContainerJSON";
  return obj;
}

export function inspectNetwork(e: DockerEngine, net: Network): Record<string | symbol, unknown> {
  const containers = new Map<string, unknown>();
  for (const ctr of e.containers)
    for (const ep of ctr.endpoints)
      if (ep.network === net && ctr.running)
        containers.set(ctr.id, {
          Name: ctr.name,
          EndpointID: ep.id,
          MacAddress: ep.mac,
          IPv4Address: `${ip4Str(ep.ip)}/${net.prefixLen}`,
          IPv6Address: "",
        });
  const obj: Record<string | symbol, unknown> = {
    Name: net.name,
    Id: net.id,
    Created: rfc3339Nano(net.created),
    Scope: "local",
    Driver: net.driver,
    EnableIPv6: false,
    IPAM: {
      Driver: "default",
      Options: net.isDefault ? null : new Map(),
      Config:
        net.subnet !== undefined
          ? [{ Subnet: `${ip4Str(net.subnet)}/${net.prefixLen}`, Gateway: ip4Str(net.gateway!) }]
          : [],
    },
    Internal: net.internal,
    Attachable: false,
    Ingress: false,
    ConfigFrom: { Network: "" },
    ConfigOnly: false,
    Containers: containers,
    Options: net.options,
    Labels: net.labels,
  };
  obj[TYPE] = "types.NetworkResource";
  return obj;
}

function inspectCmd(c: Cmd, e: DockerEngine, argv: string[], type: string): number {
  const p = parse("inspect", argv, [
    { long: "format", short: "f", value: true },
    { long: "type", value: true },
    { long: "size", short: "s" },
  ]);
  requires("inspect", p.args);
  e.start();
  const t = flag(p, "type") ?? type;
  if (t && !["container", "network", "image"].includes(t))
    throw new DockerError(`"${t}" is not a valid value for --type`, 1);
  const objs: Record<string | symbol, unknown>[] = [];
  let st = 0;
  const errs: string[] = [];
  for (const ref of p.args) {
    const ctr = !t || t === "container" ? e.container(ref) : undefined;
    const net = !ctr && (!t || t === "network") ? e.network(ref) : undefined;
    const img = !ctr && !net && (!t || t === "image") ? imageFor(ref)?.spec : undefined;
    if (ctr) objs.push(inspectContainer(e, ctr));
    else if (net) objs.push(inspectNetwork(e, net));
    else if (img && e.pulled.has(img)) objs.push(inspectImage(img, ref));
    else {
      errs.push(`Error: No such ${t || "object"}: ${ref}`);
      st = 1;
    }
  }
  const format = flag(p, "format");
  if (format !== undefined) {
    const tmpl = new GoTemplate(format.replace(/\\t/g, "\t").replace(/\\n/g, "\n"));
    for (const o of objs) c.out(tmpl.execute(o) + "\n");
  } else c.out(goJsonIndent(objs) + "\n");
  for (const er of errs) c.err(er + "\n");
  return st;
}

function inspectImage(img: ImageSpec, ref: string): Record<string | symbol, unknown> {
  const exposed = new Map<string, unknown>(img.config.ExposedPorts.map((p) => [p, {}]));
  const obj: Record<string | symbol, unknown> = {
    Id: `sha256:${img.id}`,
    RepoTags: img.tags.map((t) => `${img.repo}:${t}`),
    RepoDigests: [`${img.repo}@sha256:${img.digest}`],
    Parent: "",
    Comment: "",
    Created: img.created,
    DockerVersion: "20.10.23",
    Author: "",
    Config: {
      Hostname: "",
      Domainname: "",
      User: "",
      AttachStdin: false,
      AttachStdout: false,
      AttachStderr: false,
      ...(exposed.size ? { ExposedPorts: exposed } : {}),
      Tty: false,
      OpenStdin: false,
      StdinOnce: false,
      Env: img.config.Env,
      Cmd: img.config.Cmd,
      Image: "",
      Volumes: null,
      WorkingDir: img.config.WorkingDir,
      Entrypoint: img.config.Entrypoint,
      OnBuild: null,
      Labels: img.config.Labels ? new Map(Object.entries(img.config.Labels)) : null,
      ...(img.config.StopSignal ? { StopSignal: img.config.StopSignal } : {}),
    },
    Architecture: "amd64",
    Os: "linux",
  };
  void ref;
  obj[TYPE] = "types.ImageInspect";
  return obj;
}

// ---------------------------------------------------------------- network

function networkCmd(c: Cmd, e: DockerEngine, argv: string[]): number {
  const sub = argv[0];
  const rest = argv.slice(1);
  e.start();
  switch (sub) {
    case "ls":
    case "list": {
      const p = parse("network ls", rest, [
        { long: "quiet", short: "q" },
        { long: "no-trunc" },
        { long: "format", value: true },
        { long: "filter", short: "f", value: true, multi: true },
      ]);
      const nets = [...e.networks].sort((a, b) => naturalLess(a.name, b.name));
      const trunc = !bool(p, "no-trunc");
      const items = nets.map((n) => ({
        ID: trunc ? n.id.slice(0, 12) : n.id,
        Name: n.name,
        Driver: n.driver,
        Scope: "local",
        IPv6: "false",
        Internal: String(n.internal),
        Labels: "",
        CreatedAt: timeString(n.created),
      }));
      if (bool(p, "quiet")) {
        for (const it of items) c.out(it.ID + "\n");
        return 0;
      }
      writeFormatted(c, flag(p, "format") ?? "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}", items, {
        ID: "NETWORK ID",
        Name: "NAME",
        Driver: "DRIVER",
        Scope: "SCOPE",
        IPv6: "IPV6",
        Internal: "INTERNAL",
        Labels: "LABELS",
        CreatedAt: "CREATED AT",
      });
      return 0;
    }
    case "inspect": {
      const p = parse("network inspect", rest, [
        { long: "format", short: "f", value: true },
        { long: "verbose", short: "v" },
      ]);
      requires("network inspect", p.args);
      const objs: Record<string | symbol, unknown>[] = [];
      let st = 0;
      const errs: string[] = [];
      for (const ref of p.args) {
        const n = e.network(ref);
        if (n) objs.push(inspectNetwork(e, n));
        else {
          errs.push(`Error: No such network: ${ref}`);
          st = 1;
        }
      }
      const format = flag(p, "format");
      if (format !== undefined) {
        const tmpl = new GoTemplate(format);
        for (const o of objs) c.out(tmpl.execute(o) + "\n");
      } else c.out(goJsonIndent(objs) + "\n");
      for (const er of errs) c.err(er + "\n");
      return st;
    }
    case "create": {
      const p = parse("network create", rest, [
        { long: "driver", short: "d", value: true },
        { long: "subnet", value: true },
        { long: "gateway", value: true },
        { long: "internal" },
        { long: "label", value: true, multi: true },
        { long: "attachable" },
      ]);
      requires("network create", p.args);
      if (flag(p, "gateway") !== undefined)
        throw new Usage(`unknown flag: --gateway\nSee 'docker network create --help'.\n`, 125);
      if (p.args.length > 1)
        throw new Usage(
          `"docker network create" requires exactly 1 argument.\nSee 'docker network create --help'.\n\nUsage:  docker network create [OPTIONS] NETWORK\n\nCreate a network\n`,
          1,
        );
      const labels = new Map<string, string>();
      for (const l of multi(p, "label")) {
        const i = l.indexOf("=");
        labels.set(i < 0 ? l : l.slice(0, i), i < 0 ? "" : l.slice(i + 1));
      }
      const net = e.networkCreate(p.args[0], {
        subnet: flag(p, "subnet"),
        internal: bool(p, "internal"),
        labels,
        driver: flag(p, "driver"),
      });
      c.out(net.id + "\n");
      return 0;
    }
    case "connect":
    case "disconnect": {
      const p = parse(`network ${sub}`, rest, [
        { long: "force", short: "f" },
        { long: "alias", value: true, multi: true },
        { long: "ip", value: true },
      ]);
      requires(`network ${sub}`, p.args);
      const net = e.network(p.args[0]);
      if (!net) throw new DockerError(`Error response from daemon: network ${p.args[0]} not found`, 1);
      const ctr = e.container(p.args[1]);
      if (!ctr) throw new DockerError(`Error response from daemon: No such container: ${p.args[1]}`, 1);
      if (sub === "connect") e.connect(ctr, net);
      else e.disconnect(ctr, net);
      return 0;
    }
    case "rm":
    case "remove": {
      requires("network rm", rest);
      let st = 0;
      for (const ref of rest) {
        const n = e.network(ref);
        if (!n) {
          c.err(`Error: No such network: ${ref}\n`);
          st = 1;
          continue;
        }
        try {
          e.networkRemove(n);
          c.out(ref + "\n");
        } catch (err) {
          if (!(err instanceof DockerError)) throw err;
          c.err(err.message + "\n");
          st = 1;
        }
      }
      return st;
    }
    case undefined:
      c.out(
        `\nUsage:  docker network COMMAND\n\nManage networks\n\nCommands:\n  connect     Connect a container to a network\n  create      Create a network\n  disconnect  Disconnect a container from a network\n  inspect     Display detailed information on one or more networks\n  ls          List networks\n  prune       Remove all unused networks\n  rm          Remove one or more networks\n\nRun 'docker network COMMAND --help' for more information on a command.\n`,
      );
      return 0;
    default:
      c.err(`docker: 'network ${sub}' is not a docker command.\nSee 'docker network --help'\n`);
      return 1;
  }
}

/** sortorder.NaturalLess: runs of digits compare as numbers, the rest byte by byte. */
function naturalLess(a: string, b: string): number {
  const re = /(\d+|\D+)/g;
  const pa = a.match(re) ?? [];
  const pb = b.match(re) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === y) continue;
    if (/^\d/.test(x) && /^\d/.test(y)) return Number(x) - Number(y) || x.length - y.length;
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}

export { IMAGES, goJson };
