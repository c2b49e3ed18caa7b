/**
 * curl 7.88.1 (Debian 12), http:// only, over the simulated TCP: option parsing with curl's
 * messages, name resolution through /etc/hosts, the connect phase with --connect-timeout and
 * -m, an HTTP/1.1 request, the response read until the server closes or Content-Length is met,
 * -o / -i / -I / -w, -v trace lines, the progress meter (shown when stdout is not a terminal,
 * updated when libcurl wakes up: at the start, after the 200 ms happy-eyeballs timer, then once a
 * second, printed only when the wall-clock second changed, forced at the end), and the error
 * messages and exit codes (3, 6, 7, 18, 28, 52, 56).
 */
import type { Ip4 } from "../../util/brand";
import { ip4Str } from "../../util/inet";
import { Errno, STRERROR } from "../../kernel/types";
import { NS_PER_MS, NS_PER_S, NS_PER_US } from "../../engine/scheduler";
import type { Cmd, CmdResult, Wait } from "../types";
import { resolveHost } from "../resolve";
import { socketsOf } from "../../sockets/table";
import { TcpState, type TcpSocket } from "../../sockets/tcp";
import { bytesOf, textOf } from "../../sockets/bytes";

const VERSION = "7.88.1";
const TRY_HELP = "curl: try 'curl --help' or 'curl --manual' for more information\n";

/** Options that take an argument (long names; short letters map onto them). */
const SHORT: Record<string, string> = {
  o: "output",
  w: "write-out",
  m: "max-time",
  H: "header",
  X: "request",
  d: "data",
  A: "user-agent",
  e: "referer",
  u: "user",
  x: "proxy",
  T: "upload-file",
  F: "form",
  b: "cookie",
  c: "cookie-jar",
  r: "range",
  Y: "speed-limit",
  y: "speed-time",
  z: "time-cond",
  K: "config",
  E: "cert",
  D: "dump-header",
  U: "proxy-user",
  P: "ftp-port",
  Q: "quote",
  t: "telnet-option",
  C: "continue-at",
};
const FLAGS: Record<string, string> = {
  s: "silent",
  S: "show-error",
  v: "verbose",
  I: "head",
  i: "include",
  L: "location",
  f: "fail",
  k: "insecure",
  4: "ipv4",
  6: "ipv6",
  q: "disable",
  N: "no-buffer",
  O: "remote-name",
  G: "get",
  "#": "progress-bar",
  0: "http1.0",
  n: "netrc",
  l: "list-only",
  j: "junk-session-cookies",
  J: "remote-header-name",
  R: "remote-time",
  Z: "parallel",
  a: "append",
  B: "use-ascii",
  M: "manual",
  V: "version",
  h: "help",
  p: "proxytunnel",
};
const LONG_ARG = new Set([
  ...Object.values(SHORT),
  "connect-timeout",
  "interface",
  "data-raw",
  "data-binary",
  "data-ascii",
  "data-urlencode",
  "local-port",
  "resolve",
  "connect-to",
  "retry",
  "max-redirs",
  "url",
  "output-dir",
  "keepalive-time",
]);
const LONG_FLAG = new Set([
  ...Object.values(FLAGS),
  "no-progress-meter",
  "http1.1",
  "compressed",
  "fail-with-body",
  "no-keepalive",
  "tcp-nodelay",
  "raw",
  "globoff",
  "path-as-is",
  "no-silent",
  "no-verbose",
  "no-show-error",
]);

interface CurlOpts {
  silent: boolean;
  showError: boolean;
  verbose: boolean;
  head: boolean;
  include: boolean;
  fail: boolean;
  noMeter: boolean;
  output?: string;
  writeOut?: string;
  maxTime?: number;
  connectTimeout?: number;
  headers: string[];
  method?: string;
  data?: string;
  iface?: string;
  userAgent: string;
  urls: string[];
  location: boolean;
}

interface Url {
  scheme: string;
  host: string;
  port: number;
  path: string;
}

/** curl's URL parser, reduced to what http needs; undefined = CURLE_URL_MALFORMAT. */
function parseUrl(raw: string): Url | { unsupported: string } | undefined {
  let rest = raw;
  let scheme = "http";
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(rest);
  if (m) {
    scheme = m[1].toLowerCase();
    rest = rest.slice(m[0].length);
  } else {
    // no scheme: curl guesses from the host name ("ftp.…" → ftp), http otherwise
    if (/^ftp\./i.test(rest)) scheme = "ftp";
  }
  if (/[\s]/.test(raw)) return undefined;
  const slash = rest.search(/[/?#]/);
  const authority = slash < 0 ? rest : rest.slice(0, slash);
  let path = slash < 0 ? "/" : rest.slice(slash);
  if (path.startsWith("?")) path = "/" + path;
  path = path.replace(/#.*$/, "") || "/";
  const hostport = authority.replace(/^.*@/, "");
  let host: string;
  let portStr: string | undefined;
  if (hostport.startsWith("[")) {
    const end = hostport.indexOf("]");
    if (end < 0) return undefined;
    host = hostport.slice(1, end);
    const after = hostport.slice(end + 1);
    if (after && !after.startsWith(":")) return undefined;
    portStr = after ? after.slice(1) : undefined;
  } else {
    const c = hostport.lastIndexOf(":");
    host = c >= 0 ? hostport.slice(0, c) : hostport;
    portStr = c >= 0 ? hostport.slice(c + 1) : undefined;
  }
  if (!host) return undefined;
  const defaults: Record<string, number> = {
    http: 80,
    https: 443,
    ftp: 21,
    ftps: 990,
    telnet: 23,
    dict: 2628,
    gopher: 70,
    ldap: 389,
    imap: 143,
    pop3: 110,
    smtp: 25,
    tftp: 69,
    rtsp: 554,
    mqtt: 1883,
    ws: 80,
    wss: 443,
    scp: 22,
    sftp: 22,
    smb: 445,
  };
  if (!(scheme in defaults)) return { unsupported: scheme };
  let port = defaults[scheme];
  if (portStr !== undefined && portStr !== "") {
    if (!/^\d+$/.test(portStr) || Number(portStr) > 65535) return undefined;
    port = Number(portStr);
  }
  return { scheme, host, port, path };
}

/** max5data: a byte count in at most five characters. */
function max5(n: number): string {
  const K = 1024;
  const M = K * K;
  if (n < 100000) return String(Math.floor(n)).padStart(5);
  if (n < 10000 * K) return `${Math.floor(n / K)}`.padStart(4) + "k";
  if (n < 100 * M)
    return `${Math.floor(n / M)}`.padStart(2) + "." + String(Math.floor((n % M) / (M / 10))) + "M";
  if (n < 10000 * M) return `${Math.floor(n / M)}`.padStart(4) + "M";
  return `${Math.floor(n / (M * K))}`.padStart(4) + "G";
}

/** time2str */
function time2str(s: number): string {
  if (s <= 0) return "--:--:--";
  const h = Math.floor(s / 3600);
  const m = Math.floor((s - h * 3600) / 60);
  const sec = s - h * 3600 - m * 60;
  return `${String(h).padStart(2)}:${String(m).padStart(2, "0")}:${String(sec).padStart(2, "0")}`;
}

/**
 * The progress meter (lib/progress.c). The wall clock's second boundaries fall half a second
 * after the command starts (a fixed phase: the real one is whatever the clock says).
 */
class Meter {
  private lastShow = -1;
  private shownHeader = false;
  downloaded = 0;
  uploaded = 0;
  sizeDl = -1;
  sizeUl = -1;
  private speeder: { amount: number; t: number }[] = [];
  private currentSpeed = 0;
  constructor(
    private readonly c: Cmd,
    private readonly start: number,
    readonly on: boolean,
  ) {}

  private wallSec(now: number): number {
    return Math.floor((now - this.start + NS_PER_S / 2) / NS_PER_S);
  }

  update(now: number, force = false): void {
    if (!this.on) return;
    const sec = this.wallSec(now);
    if (!force && sec === this.lastShow) return;
    this.lastShow = sec;
    const spentUs = Math.max(0, Math.floor((now - this.start) / 1000));
    const dlspeed = spentUs < 1 ? this.downloaded * 1e6 : Math.floor((this.downloaded * 1e6) / spentUs);
    const ulspeed = spentUs < 1 ? this.uploaded * 1e6 : Math.floor((this.uploaded * 1e6) / spentUs);
    this.speeder.push({ amount: this.downloaded + this.uploaded, t: now });
    if (this.speeder.length > 6) this.speeder.shift();
    if (this.speeder.length > 1) {
      const first = this.speeder[0];
      const spanMs = Math.max(1, Math.floor((now - first.t) / NS_PER_MS));
      this.currentSpeed = Math.floor(((this.downloaded + this.uploaded - first.amount) * 1000) / spanMs);
    } else this.currentSpeed = dlspeed + ulspeed;
    if (!this.shownHeader) {
      this.c.err(
        "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n" +
          "                                 Dload  Upload   Total   Spent    Left  Speed\n",
      );
      this.shownHeader = true;
    }
    const dlKnown = this.sizeDl >= 0;
    const ulKnown = this.sizeUl >= 0;
    const totalExpected = (ulKnown ? this.sizeUl : this.uploaded) + (dlKnown ? this.sizeDl : this.downloaded);
    const total = this.downloaded + this.uploaded;
    const pct = (a: number, b: number) =>
      b > 10000 ? Math.floor(a / Math.floor(b / 100)) : b > 0 ? Math.floor((a * 100) / b) : 0;
    const totalPct = pct(total, totalExpected);
    const dlPct = dlKnown ? pct(this.downloaded, this.sizeDl) : 0;
    const ulPct = ulKnown ? pct(this.uploaded, this.sizeUl) : 0;
    const spent = Math.floor(spentUs / 1e6);
    let estTotal = 0;
    if (dlKnown && dlspeed > 0) estTotal = Math.floor(this.sizeDl / dlspeed);
    const left = estTotal > spent ? estTotal - spent : 0;
    const line =
      `\r${String(totalPct).padStart(3)} ${max5(totalExpected)}  ${String(dlPct).padStart(3)} ${max5(this.downloaded)}  ${String(ulPct).padStart(3)} ${max5(this.uploaded)}  ` +
      `${max5(dlspeed)}  ${max5(ulspeed)} ${time2str(estTotal)} ${time2str(spent)} ${time2str(left)} ${max5(this.currentSpeed)}`;
    this.c.err(line);
  }

  /** Curl_pgrsDone: the final forced update and its newline. */
  done(now: number): void {
    if (!this.on) return;
    this.update(now, true);
    this.c.err("\n");
  }
}

const CURLE = {
  UNSUPPORTED_PROTOCOL: 1,
  URL_MALFORMAT: 3,
  COULDNT_RESOLVE_HOST: 6,
  COULDNT_CONNECT: 7,
  PARTIAL_FILE: 18,
  WRITE_ERROR: 23,
  OPERATION_TIMEDOUT: 28,
  INTERFACE_FAILED: 45,
  GOT_NOTHING: 52,
  SEND_ERROR: 55,
  RECV_ERROR: 56,
  HTTP_RETURNED_ERROR: 22,
} as const;

export function curl(c: Cmd): CmdResult {
  const o: CurlOpts = {
    silent: false,
    showError: false,
    verbose: false,
    head: false,
    include: false,
    fail: false,
    noMeter: false,
    headers: [],
    userAgent: `curl/${VERSION}`,
    urls: [],
    location: false,
  };
  const argv = c.argv;
  const setLong = (name: string, val: string | undefined): number | undefined => {
    switch (name) {
      case "silent":
        o.silent = true;
        return;
      case "no-silent":
        o.silent = false;
        return;
      case "show-error":
        o.showError = true;
        return;
      case "verbose":
        o.verbose = true;
        return;
      case "head":
        o.head = true;
        return;
      case "include":
        o.include = true;
        return;
      case "fail":
      case "fail-with-body":
        o.fail = true;
        return;
      case "no-progress-meter":
        o.noMeter = true;
        return;
      case "location":
        o.location = true;
        return;
      case "output":
        o.output = val;
        return;
      case "write-out":
        o.writeOut = val;
        return;
      case "max-time":
      case "connect-timeout": {
        const v = Number(val);
        if (!/^\s*\d*\.?\d+\s*$/.test(val ?? "") || !Number.isFinite(v)) {
          c.err(`curl: option --${name}: expected a proper numerical parameter\n${TRY_HELP}`);
          return 2;
        }
        if (name === "max-time") o.maxTime = v;
        else o.connectTimeout = v;
        return;
      }
      case "header":
        o.headers.push(val ?? "");
        return;
      case "request":
        o.method = val;
        return;
      case "data":
      case "data-raw":
      case "data-binary":
      case "data-ascii":
      case "data-urlencode":
        o.data = o.data === undefined ? (val ?? "") : `${o.data}&${val ?? ""}`;
        return;
      case "user-agent":
        o.userAgent = val ?? "";
        return;
      case "interface":
        o.iface = val;
        return;
      case "url":
        o.urls.push(val ?? "");
        return;
      case "version":
        c.out(
          `curl ${VERSION} (x86_64-pc-linux-gnu) libcurl/${VERSION} OpenSSL/3.0.11 zlib/1.2.13 brotli/1.0.9 zstd/1.5.4 libidn2/2.3.3 libpsl/0.21.2 (+libidn2/2.3.3) libssh2/1.10.0 nghttp2/1.52.0 librtmp/2.3 OpenLDAP/2.5.13\n` +
            "Release-Date: 2023-02-20\nProtocols: dict file ftp ftps gopher gophers http https imap imaps ldap ldaps mqtt pop3 pop3s rtmp rtsp scp sftp smb smbs smtp smtps telnet tftp\n" +
            "Features: alt-svc AsynchDNS brotli GSS-API HSTS HTTP2 HTTPS-proxy IDN IPv6 Kerberos Largefile libz NTLM NTLM_WB PSL SPNEGO SSL threadsafe TLS-SRP UnixSockets zstd\n",
        );
        return 0;
      default:
        return;
    }
  };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith("--") && a.length > 2) {
      let name = a.slice(2);
      let val: string | undefined;
      if (LONG_ARG.has(name)) {
        if (i + 1 >= argv.length) {
          c.err(`curl: option ${a}: requires parameter\n${TRY_HELP}`);
          return 2;
        }
        val = argv[++i];
      } else if (!LONG_FLAG.has(name)) {
        if (name.startsWith("no-") && LONG_FLAG.has(name.slice(3))) name = name.slice(3);
        else {
          c.err(`curl: option ${a}: is unknown\n${TRY_HELP}`);
          return 2;
        }
      }
      const r = setLong(name, val);
      if (r !== undefined) return r;
      continue;
    }
    if (a.startsWith("-") && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const ch = a[j];
        if (SHORT[ch]) {
          let val = a.slice(j + 1);
          if (!val) {
            if (i + 1 >= argv.length) {
              c.err(`curl: option -${ch}: requires parameter\n${TRY_HELP}`);
              return 2;
            }
            val = argv[++i];
          }
          const r = setLong(SHORT[ch], val);
          if (r !== undefined) return r;
          break;
        }
        if (FLAGS[ch]) {
          const r = setLong(FLAGS[ch], undefined);
          if (r !== undefined) return r;
          continue;
        }
        c.err(`curl: option -${a.slice(j)}: is unknown\n${TRY_HELP}`);
        return 2;
      }
      continue;
    }
    o.urls.push(a);
  }
  if (!o.urls.length) {
    c.err(TRY_HELP);
    return 2;
  }
  return run(c, o);
}

interface Transfer {
  code: number;
  errmsg: string;
  httpCode: number;
  remoteIp: string;
  remotePort: number;
  localIp: string;
  localPort: number;
  sizeDownload: number;
  sizeHeader: number;
  sizeRequest: number;
  numConnects: number;
  contentType: string;
  method: string;
  url: string;
  scheme: string;
  start: number;
  tConnect: number;
  tStart: number;
  tTotal: number;
  redirect: string;
  httpVersion: string;
}

function* run(c: Cmd, o: CurlOpts): Generator<Wait, number, void> {
  let last = 0;
  for (const u of o.urls) last = yield* transfer(c, o, u);
  return last;
}

function* transfer(c: Cmd, o: CurlOpts, rawUrl: string): Generator<Wait, number, void> {
  const world = c.ctx.world;
  const sched = world.sched;
  const start = sched.now;
  let stdout = "";
  const toTerminal = c.interactive && o.output === undefined;
  const meter = new Meter(c, start, !o.silent && !o.noMeter && !toTerminal);
  const verbose = (s: string) => {
    if (o.verbose) c.err(s);
  };
  const method = o.method ?? (o.head ? "HEAD" : o.data !== undefined ? "POST" : "GET");
  const t: Transfer = {
    code: 0,
    errmsg: "",
    httpCode: 0,
    remoteIp: "",
    remotePort: 0,
    localIp: "",
    localPort: 0,
    sizeDownload: 0,
    sizeHeader: 0,
    sizeRequest: 0,
    numConnects: 0,
    contentType: "",
    method,
    url: rawUrl,
    scheme: "http",
    start,
    tConnect: 0,
    tStart: 0,
    tTotal: 0,
    redirect: "",
    httpVersion: "0",
  };
  const ms = () => Math.floor((sched.now - start) / NS_PER_MS);
  const finish = (code: number, msg: string): number => {
    t.code = code;
    t.errmsg = msg;
    t.tTotal = sched.now - start;
    if (code) {
      if (o.verbose && code !== CURLE.COULDNT_RESOLVE_HOST && code !== CURLE.URL_MALFORMAT) {
        // already reported
      }
      if (!o.silent || o.showError) c.err(`curl: (${code}) ${msg}\n`);
    }
    if (o.writeOut !== undefined) stdout += writeOut(c, o.writeOut, t);
    if (o.output !== undefined && o.output !== "-") {
      // the body went to the file already
    }
    c.out(stdout);
    return code;
  };

  const url = parseUrl(rawUrl);
  if (url === undefined) {
    return finish(CURLE.URL_MALFORMAT, "URL using bad/illegal format or missing URL");
  }
  if ("unsupported" in url) {
    return finish(
      CURLE.UNSUPPORTED_PROTOCOL,
      `Protocol "${url.unsupported}" not supported or disabled in libcurl`,
    );
  }
  t.scheme = url.scheme;
  t.url = `${url.scheme}://${url.host.includes(":") ? `[${url.host}]` : url.host}${url.port !== defaultPort(url.scheme) ? `:${url.port}` : ""}${url.path}`;
  meter.update(sched.now);
  if (url.host.includes(":")) {
    // IPv6 literal: the simulator has no IPv6 sockets; the connect fails as it does with no listener
    verbose(`*   Trying [${url.host}]:${url.port}...\n`);
    verbose(`* connect to ${url.host} port ${url.port} failed: Connection refused\n`);
    const msg = `Failed to connect to ${url.host} port ${url.port} after ${ms()} ms: Couldn't connect to server`;
    verbose(`* ${msg}\n`);
    meter.done(sched.now);
    verbose("* Closing connection 0\n");
    return finish(CURLE.COULDNT_CONNECT, msg);
  }
  const res = resolveHost(c.ctx, c.fs, url.host);
  if (!res.ok) {
    verbose(`* Could not resolve host: ${url.host}\n`);
    meter.done(sched.now);
    verbose("* Closing connection 0\n");
    return finish(CURLE.COULDNT_RESOLVE_HOST, `Could not resolve host: ${url.host}`);
  }
  const ip = res.ip;
  const ipStr = ip4Str(ip);
  const table = socketsOf(c.ctx.ns);
  const sk = table.tcpSocket();
  sk.owners.push({ comm: "curl", pid: c.ctx.jobPid ?? c.pid, fd: 5 });
  if (o.iface !== undefined) {
    const addr = parseIfaceAddr(c, o.iface);
    if (addr === undefined) {
      meter.done(sched.now);
      return finish(CURLE.INTERFACE_FAILED, `Couldn't bind to '${o.iface}'`);
    }
    const e = sk.bind(addr, 0);
    if (e) {
      meter.done(sched.now);
      return finish(CURLE.INTERFACE_FAILED, `bind failed with errno ${e}: ${STRERROR[e]}`);
    }
  }
  verbose(`*   Trying ${ipStr}:${url.port}...\n`);
  const maxEnd = o.maxTime ? start + o.maxTime * NS_PER_S : Infinity;
  const connEnd = start + (o.connectTimeout ?? 300) * NS_PER_S;
  const err = sk.connect(ip, url.port);
  t.numConnects = 1;
  t.remoteIp = ipStr;
  t.remotePort = url.port;
  const failConnect = (e: number): number => {
    verbose(`* connect to ${ipStr} port ${url.port} failed: ${STRERROR[e] ?? `errno ${e}`}\n`);
    const msg = `Failed to connect to ${url.host} port ${url.port} after ${ms()} ms: Couldn't connect to server`;
    verbose(`* ${msg}\n`);
    meter.done(sched.now);
    verbose("* Closing connection 0\n");
    sk.close();
    return finish(CURLE.COULDNT_CONNECT, msg);
  };
  if (err) return failConnect(err);
  // libcurl's wake-ups while connecting: the happy-eyeballs timer, then at most a second apart
  let wake = start + 200 * NS_PER_MS;
  while (sk.state === TcpState.SYN_SENT) {
    const until = Math.min(wake, maxEnd, connEnd);
    yield { until, cond: () => sk.state !== TcpState.SYN_SENT || c.interrupted() };
    if (c.interrupted()) {
      sk.close();
      c.out(stdout);
      return 130;
    }
    if (sk.state !== TcpState.SYN_SENT) break;
    if (sched.now >= maxEnd || sched.now >= connEnd) {
      sk.close();
      meter.done(sched.now);
      verbose("* Closing connection 0\n");
      if (sched.now >= connEnd && connEnd <= maxEnd)
        return finish(
          CURLE.OPERATION_TIMEDOUT,
          `Failed to connect to ${url.host} port ${url.port} after ${ms()} ms: Timeout was reached`,
        );
      return finish(CURLE.OPERATION_TIMEDOUT, `Connection timed out after ${ms()} milliseconds`);
    }
    if (sched.now >= wake) {
      meter.update(sched.now);
      wake += NS_PER_S;
    }
  }
  if (sk.state !== TcpState.ESTABLISHED && sk.state !== TcpState.CLOSE_WAIT)
    return failConnect(sk.err || Errno.ECONNREFUSED);
  t.tConnect = sched.now - start;
  t.localIp = ip4Str(sk.localAddr);
  t.localPort = sk.localPort;
  verbose(`* Connected to ${url.host} (${ipStr}) port ${url.port} (#0)\n`);
  if (url.scheme !== "http") {
    // only http is modelled: other protocols end here, after their connect
    meter.done(sched.now);
    verbose("* Closing connection 0\n");
    sk.close();
    return finish(
      CURLE.UNSUPPORTED_PROTOCOL,
      `Protocol "${url.scheme}" not supported or disabled in libcurl`,
    );
  }

  // the request
  const hostHeader = `${url.host}${url.port !== defaultPort(url.scheme) ? `:${url.port}` : ""}`;
  const custom = new Map<string, string | undefined>();
  for (const h of o.headers) {
    const i = h.indexOf(":");
    const semi = h.endsWith(";") && !h.includes(":");
    if (i > 0) custom.set(h.slice(0, i).toLowerCase(), h.slice(i + 1).trim() === "" ? undefined : h);
    else if (semi) custom.set(h.slice(0, -1).toLowerCase(), `${h.slice(0, -1)}:`);
  }
  const lines = [`${method} ${url.path} HTTP/1.1`];
  const std: [string, string][] = [
    ["host", `Host: ${hostHeader}`],
    ["user-agent", `User-Agent: ${o.userAgent}`],
    ["accept", "Accept: */*"],
  ];
  for (const [k, v] of std) {
    if (custom.has(k)) {
      const cv = custom.get(k);
      if (cv !== undefined) lines.push(cv);
      custom.delete(k);
    } else lines.push(v);
  }
  for (const h of o.headers) {
    const k = h.slice(0, Math.max(0, h.indexOf(":"))).toLowerCase();
    if (custom.has(k) && custom.get(k) !== undefined) {
      lines.push(custom.get(k)!);
      custom.delete(k);
    }
  }
  let body = "";
  if (o.data !== undefined && method !== "GET" && method !== "HEAD") {
    body = o.data;
    lines.push(`Content-Length: ${bytesOf(body).length}`);
    if (!o.headers.some((h) => /^content-type:/i.test(h)))
      lines.push("Content-Type: application/x-www-form-urlencoded");
  } else if (o.data !== undefined) {
    body = o.data;
    lines.push(`Content-Length: ${bytesOf(body).length}`);
    if (!o.headers.some((h) => /^content-type:/i.test(h)))
      lines.push("Content-Type: application/x-www-form-urlencoded");
  }
  const req = lines.join("\r\n") + "\r\n\r\n";
  for (const l of lines) verbose(`> ${l}\r\n`);
  verbose("> \r\n");
  const reqBytes = bytesOf(req + body);
  t.sizeRequest = reqBytes.length;
  if (body) {
    verbose(`} [${bytesOf(body).length} bytes data]\n`);
    meter.uploaded = bytesOf(body).length;
    meter.sizeUl = meter.uploaded;
  }
  sk.write(reqBytes);

  // the response
  let raw = new Uint8Array(0);
  let headerEnd = -1;
  let contentLength = -1;
  let httpVersion = "";
  let closeAfter = false;
  let bodyBytes = 0;
  let fileOut = "";
  const outFile = o.output !== undefined && o.output !== "-" ? o.output : undefined;
  if (outFile !== undefined) {
    const w = c.fs.write(c.ctx, outFile, "", false);
    if (!w.ok) {
      sk.close();
      meter.done(sched.now);
      return finish(CURLE.WRITE_ERROR, `Failed to open the file ${outFile}: ${STRERROR[w.errno]}`);
    }
  }
  const emitBody = (b: Uint8Array) => {
    if (!b.length) return;
    bodyBytes += b.length;
    meter.downloaded = bodyBytes;
    if (o.verbose) c.err(`{ [${b.length} bytes data]\n`);
    const txt = textOf(b);
    if (outFile !== undefined) fileOut += txt;
    else stdout += txt;
  };
  let result = 0;
  let resultMsg = "";
  const expectBody = () => method !== "HEAD" && !o.head;
  for (;;) {
    const doneReading = () =>
      headerEnd >= 0 && contentLength >= 0 && bodyBytes >= contentLength && expectBody();
    if (doneReading()) {
      // the server's FIN follows its last segment within microseconds: a real curl, scheduled a
      // little later, finds it there (and so closes second, leaving TIME_WAIT to the server)
      if (!sk.eof) yield { until: sched.now + 100 * NS_PER_US, cond: () => sk.eof || c.interrupted() };
      break;
    }
    yield {
      until: Math.min(maxEnd, sched.now + NS_PER_S),
      cond: () => sk.recvQueued() > 0 || sk.eof || isClosed(sk) || c.interrupted(),
    };
    if (c.interrupted()) {
      sk.close();
      c.out(stdout);
      return 130;
    }
    const chunk = sk.read();
    if (chunk.length) {
      if (!t.tStart) t.tStart = sched.now - start;
      if (headerEnd < 0) {
        const merged = new Uint8Array(raw.length + chunk.length);
        merged.set(raw);
        merged.set(chunk, raw.length);
        raw = merged;
        const idx = findCrlfCrlf(raw);
        if (idx >= 0) {
          headerEnd = idx;
          const headerText = textOf(raw.subarray(0, idx + 4));
          t.sizeHeader = idx + 4;
          const hl = headerText.split("\r\n").filter((l) => l !== "");
          const status = /^HTTP\/(\d(?:\.\d)?) (\d{3})/.exec(hl[0] ?? "");
          if (status) {
            httpVersion = status[1];
            t.httpCode = Number(status[2]);
            t.httpVersion = httpVersion === "1.0" ? "1" : httpVersion === "1.1" ? "1.1" : httpVersion;
          }
          if (httpVersion === "1.0") {
            closeAfter = true;
            verbose("* HTTP 1.0, assume close after body\n");
          }
          for (const l of headerText.split("\r\n").slice(0, -1)) verbose(`< ${l}\r\n`);
          for (const l of hl.slice(1)) {
            const i = l.indexOf(":");
            const k = l.slice(0, i).toLowerCase();
            const v = l.slice(i + 1).trim();
            if (k === "content-length") contentLength = Number(v);
            else if (k === "content-type") t.contentType = v;
            else if (k === "location") t.redirect = v;
          }
          if (contentLength >= 0) meter.sizeDl = contentLength;
          if (o.include || o.head) {
            const hdr = headerText;
            if (outFile !== undefined) fileOut += hdr;
            else stdout += hdr;
          }
          if (expectBody()) emitBody(raw.subarray(idx + 4));
        }
      } else if (expectBody()) emitBody(chunk);
      meter.update(sched.now);
      continue;
    }
    if (sk.eof || isClosed(sk)) {
      if (sk.resetByPeer || sk.err === Errno.ECONNRESET) {
        result = CURLE.RECV_ERROR;
        resultMsg = "Recv failure: Connection reset by peer";
      } else if (headerEnd < 0) {
        result = CURLE.GOT_NOTHING;
        resultMsg = "Empty reply from server";
      } else if (contentLength >= 0 && bodyBytes < contentLength && expectBody()) {
        result = CURLE.PARTIAL_FILE;
        resultMsg = `transfer closed with ${contentLength - bodyBytes} bytes remaining to read`;
      } else if (!expectBody() && method !== "HEAD" && contentLength > 0 && !o.head) {
        result = CURLE.PARTIAL_FILE;
        resultMsg = `transfer closed with ${contentLength} bytes remaining to read`;
      }
      break;
    }
    if (!expectBody() && headerEnd >= 0 && (o.head || method === "HEAD")) break;
    if (sched.now >= maxEnd) {
      result = CURLE.OPERATION_TIMEDOUT;
      resultMsg =
        headerEnd >= 0 && contentLength >= 0
          ? `Operation timed out after ${ms()} milliseconds with ${bodyBytes} out of ${contentLength} bytes received`
          : `Operation timed out after ${ms()} milliseconds with ${bodyBytes} bytes received`;
      break;
    }
  }
  // -X HEAD (not -I): curl still expects the body the headers announced
  if (!result && method === "HEAD" && !o.head && contentLength > 0) {
    result = CURLE.PARTIAL_FILE;
    resultMsg = `transfer closed with ${contentLength} bytes remaining to read`;
  }
  void closeAfter;
  t.sizeDownload = bodyBytes;
  if (outFile !== undefined) c.fs.write(c.ctx, outFile, fileOut, false);
  if (o.fail && t.httpCode >= 400 && !result) {
    result = CURLE.HTTP_RETURNED_ERROR;
    resultMsg = `The requested URL returned error: ${t.httpCode}`;
    if (outFile === undefined) stdout = stdout.slice(0, stdout.length - bodyBytes);
  }
  meter.done(sched.now);
  if (result === CURLE.PARTIAL_FILE || result === CURLE.RECV_ERROR || result === CURLE.GOT_NOTHING)
    verbose(`* ${resultMsg}\n`);
  verbose("* Closing connection 0\n");
  sk.close();
  return finish(result, resultMsg);
}

function defaultPort(scheme: string): number {
  return scheme === "https" ? 443 : scheme === "ftp" ? 21 : 80;
}

function findCrlfCrlf(b: Uint8Array): number {
  for (let i = 0; i + 3 < b.length; i++)
    if (b[i] === 13 && b[i + 1] === 10 && b[i + 2] === 13 && b[i + 3] === 10) return i;
  return -1;
}

/** --interface: an address, or a device name (its primary address). */
function parseIfaceAddr(c: Cmd, s: string): Ip4 | undefined {
  const name = s.replace(/^(if|host)!/, "");
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(name);
  if (m) return (((+m[1] << 24) | (+m[2] << 16) | (+m[3] << 8) | +m[4]) >>> 0) as Ip4;
  const dev = c.ctx.ns.byName(name);
  return dev?.in4[0]?.local;
}

/** -w: %{variable} substitution and the backslash escapes. */
function writeOut(c: Cmd, fmt: string, t: Transfer): string {
  let out = "";
  const secs = (ns: number) => (ns / NS_PER_S).toFixed(6);
  for (let i = 0; i < fmt.length; i++) {
    const ch = fmt[i];
    if (ch === "%") {
      if (fmt[i + 1] === "%") {
        out += "%";
        i++;
        continue;
      }
      if (fmt[i + 1] === "{") {
        const end = fmt.indexOf("}", i);
        if (end > 0) {
          const name = fmt.slice(i + 2, end);
          i = end;
          const v = variable(name, t, secs);
          if (v === undefined) {
            if (name === "stdout" || name === "stderr") continue;
            c.err(`curl: unknown --write-out variable: '${name}'\n`);
          } else out += v;
          continue;
        }
      }
      out += ch;
      continue;
    }
    if (ch === "\\" && i + 1 < fmt.length) {
      const n = fmt[i + 1];
      const esc: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\" };
      if (esc[n] !== undefined) {
        out += esc[n];
        i++;
        continue;
      }
    }
    out += ch;
  }
  return out;
}

function variable(name: string, t: Transfer, secs: (ns: number) => string): string | undefined {
  switch (name) {
    case "http_code":
    case "response_code":
      return String(t.httpCode).padStart(3, "0");
    case "http_connect":
      return "000";
    case "remote_ip":
      return t.remoteIp;
    case "remote_port":
      return t.remotePort ? String(t.remotePort) : "0";
    case "local_ip":
      return t.localIp;
    case "local_port":
      return t.localPort ? String(t.localPort) : "0";
    case "size_download":
      return String(t.sizeDownload);
    case "size_header":
      return String(t.sizeHeader);
    case "size_request":
      return String(t.sizeRequest);
    case "size_upload":
      return "0";
    case "num_connects":
      return String(t.numConnects);
    case "num_redirects":
      return "0";
    case "content_type":
      return t.contentType;
    case "exitcode":
      return String(t.code);
    case "errormsg":
      return t.errmsg;
    case "url_effective":
    case "url":
      return t.url;
    case "method":
      return t.method;
    case "scheme":
      return t.scheme.toUpperCase();
    case "http_version":
      return t.httpVersion;
    case "redirect_url":
      return t.redirect;
    case "time_total":
      return secs(t.tTotal);
    case "time_connect":
      return secs(t.tConnect);
    case "time_namelookup":
      return secs(Math.min(t.tConnect, 20_000));
    case "time_appconnect":
    case "time_pretransfer":
    case "time_redirect":
      return secs(name === "time_pretransfer" ? t.tConnect : 0);
    case "time_starttransfer":
      return secs(t.tStart);
    case "speed_download":
      return String(t.tTotal ? Math.floor((t.sizeDownload * NS_PER_S) / t.tTotal) : 0);
    case "speed_upload":
      return "0";
    case "ssl_verify_result":
    case "proxy_ssl_verify_result":
      return "0";
    case "filename_effective":
      return "";
  }
  return undefined;
}

/** The socket's state is changed by the kernel between yields (TypeScript cannot see that). */
function isClosed(sk: TcpSocket): boolean {
  return (sk.state as TcpState) === TcpState.CLOSE;
}
