/**
 * nginx 1.25.3 as the official image runs it (`nginx -g 'daemon off;'` behind
 * /docker-entrypoint.sh): a master process and two workers, listening on port 80 with the
 * image's default server (root /usr/share/nginx/html, index index.html), HTTP/1.1 keep-alive
 * (65 s), the welcome page with its Last-Modified and ETag, nginx's own error pages (CRLF, as
 * ngx_http_special_response.c writes them), the access log on stdout in the `main` format and
 * errors on stderr — which is what `docker logs` shows. Also the `nginx` program of the image
 * (-v, -V, -t, -s, -g). IPv6 listening (`listen [::]:80`) is not modelled: there are no IPv6
 * sockets.
 */
import type { Cmd, CmdResult, Wait } from "../shell/types";
import { socketsOf } from "../sockets/table";
import { TcpState, type TcpSocket } from "../sockets/tcp";
import { bytesOf, textOf } from "../sockets/bytes";
import { httpDate, WALL_EPOCH_S } from "../sockets/clock";
import { ip4Str } from "../util/inet";
import { NS_PER_S } from "../engine/scheduler";

export const NGINX_VERSION = "1.25.3";
const SERVER = `nginx/${NGINX_VERSION}`;
/** The image's build time: index.html's mtime (Last-Modified, ETag). */
const HTML_MTIME = 1698155207; // Tue, 24 Oct 2023 13:46:47 GMT

export const WELCOME_HTML = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

export const ERROR_50X_HTML = `<!DOCTYPE html>
<html>
<head>
<title>Error</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>An error occurred.</h1>
<p>Sorry, the page you are looking for is currently unavailable.<br/>
Please try again later.</p>
<p>If you are the system administrator of this resource then you should check
the error log for details.</p>
<p><em>Faithfully yours, nginx.</em></p>
</body>
</html>
`;

export const DEFAULT_CONF = `server {
    listen       80;
    listen  [::]:80;
    server_name  localhost;

    #access_log  /var/log/nginx/host.access.log  main;

    location / {
        root   /usr/share/nginx/html;
        index  index.html index.htm;
    }

    #error_page  404              /404.html;

    # redirect server error pages to the static page /50x.html
    #
    error_page   500 502 503 504  /50x.html;
    location = /50x.html {
        root   /usr/share/nginx/html;
    }
}
`;

export const NGINX_CONF = `
user  nginx;
worker_processes  auto;

error_log  /var/log/nginx/error.log notice;
pid        /var/run/nginx.pid;


events {
    worker_connections  1024;
}


http {
    include       /etc/nginx/mime.types;
    default_type  application/octet-stream;

    log_format  main  '$remote_addr - $remote_user [$time_local] "$request" '
                      '$status $body_bytes_sent "$http_referer" '
                      '"$http_user_agent" "$http_x_forwarded_for"';

    access_log  /var/log/nginx/access.log  main;

    sendfile        on;
    #tcp_nopush     on;

    keepalive_timeout  65;

    #gzip  on;

    include /etc/nginx/conf.d/*.conf;
}
`;

/** The image's files (its root filesystem as far as nginx and the user see it). */
export function nginxFiles(): Record<string, string> {
  return {
    "/usr/share/nginx/html/index.html": WELCOME_HTML,
    "/usr/share/nginx/html/50x.html": ERROR_50X_HTML,
    "/etc/nginx/nginx.conf": NGINX_CONF,
    "/etc/nginx/conf.d/default.conf": DEFAULT_CONF,
  };
}

const STATUS: Record<number, string> = {
  200: "OK",
  301: "Moved Permanently",
  400: "Bad Request",
  404: "Not Found",
  405: "Not Allowed",
};

/** ngx_http_error_pages: "<html>\r\n<head><title>404 Not Found</title></head>\r\n…" */
function errorPage(code: number): string {
  const title = `${code} ${STATUS[code]}`;
  return (
    `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n` +
    `<hr><center>${SERVER}</center>\r\n</body>\r\n</html>\r\n`
  );
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const p2 = (n: number) => String(n).padStart(2, "0");

function wall(now: number): Date {
  return new Date((WALL_EPOCH_S + Math.floor(now / NS_PER_S)) * 1000);
}

/** $time_local: "01/Jan/2024:00:00:05 +0000" */
function timeLocal(now: number): string {
  const d = wall(now);
  return `${p2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000`;
}

/** The error log's time: "2024/01/01 00:00:05" */
export function nginxLogTime(now: number): string {
  const d = wall(now);
  return `${d.getUTCFullYear()}/${p2(d.getUTCMonth() + 1)}/${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
}

interface Conn {
  sk: TcpSocket;
  buf: string;
  id: number;
  idleSince: number;
}

export interface NginxOptions {
  /** pids (in the container) of the master and of the worker that logs */
  masterPid: number;
  workerPid: number;
}

/**
 * The master process's life: bind 0.0.0.0:80, then serve until killed (`docker stop` sends
 * SIGQUIT: a graceful exit, status 0). Returns the exit status.
 */
export function* nginxServe(c: Cmd, o: NginxOptions, stopped: () => boolean): Generator<Wait, number, void> {
  const world = c.ctx.world;
  const table = socketsOf(c.ctx.ns);
  const ls = table.tcpSocket();
  ls.reuseAddr = true;
  ls.owners.push({ comm: "nginx", pid: c.pid, fd: 6 });
  let e = ls.bind(0, 80);
  if (!e) e = ls.listen(511);
  const now = () => world.sched.now;
  if (e) {
    ls.close();
    for (let i = 0; i < 5; i++)
      c.err(
        `${nginxLogTime(now())} [emerg] ${o.masterPid}#${o.masterPid}: bind() to 0.0.0.0:80 failed (98: Address already in use)\nnginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)\n`,
      );
    c.err(
      `${nginxLogTime(now())} [emerg] ${o.masterPid}#${o.masterPid}: still could not bind()\nnginx: [emerg] still could not bind()\n`,
    );
    return 1;
  }
  const conns: Conn[] = [];
  let nextId = 1;
  const fs = c.fs;
  const KEEPALIVE = 65 * NS_PER_S;
  try {
    for (;;) {
      const deadline = conns.length ? Math.min(...conns.map((k) => k.idleSince + KEEPALIVE)) : Infinity;
      yield {
        until: deadline,
        cond: () =>
          stopped() ||
          ls.acceptQueue.length > 0 ||
          conns.some((k) => k.sk.recvQueued() > 0 || k.sk.eof || k.sk.state === TcpState.CLOSE),
      };
      if (stopped()) return 0;
      for (let sk = ls.accept(); sk; sk = ls.accept()) {
        sk.owners.push({ comm: "nginx", pid: c.pid, fd: 3 });
        conns.push({ sk, buf: "", id: nextId++, idleSince: now() });
      }
      for (const k of [...conns]) {
        const data = k.sk.read();
        if (data.length) {
          k.buf += textOf(data);
          k.idleSince = now();
        }
        for (;;) {
          const end = k.buf.indexOf("\r\n\r\n");
          const alt = k.buf.indexOf("\n\n");
          const at = end >= 0 ? end + 4 : alt >= 0 ? alt + 2 : -1;
          if (at < 0) break;
          const head = k.buf.slice(0, at);
          k.buf = k.buf.slice(at);
          const keep = respond(c, k, head, fs, o, now());
          if (!keep) {
            k.sk.close();
            conns.splice(conns.indexOf(k), 1);
            break;
          }
        }
        if (!conns.includes(k)) continue;
        if (k.sk.eof || k.sk.state === TcpState.CLOSE || now() >= k.idleSince + KEEPALIVE) {
          k.sk.close();
          conns.splice(conns.indexOf(k), 1);
        }
      }
    }
  } finally {
    for (const k of conns) k.sk.close();
    ls.close();
  }
}

/** One request: the response, the access log line; returns whether the connection stays open. */
function respond(c: Cmd, k: Conn, head: string, fs: Cmd["fs"], o: NginxOptions, now: number): boolean {
  const lines = head.split(/\r?\n/);
  const requestLine = lines[0];
  const headers = new Map<string, string>();
  for (const l of lines.slice(1)) {
    const i = l.indexOf(":");
    if (i > 0) headers.set(l.slice(0, i).trim().toLowerCase(), l.slice(i + 1).trim());
  }
  const client = ip4Str(k.sk.remoteAddr);
  const words = requestLine.split(" ");
  let status = 200;
  let body: string;
  let method = words[0] ?? "";
  const version = words[2] ?? "HTTP/0.9";
  const extra: [string, string][] = [];
  let contentType = "text/html";
  let keepAlive =
    version === "HTTP/1.1"
      ? headers.get("connection")?.toLowerCase() !== "close"
      : headers.get("connection")?.toLowerCase() === "keep-alive";
  if (
    words.length !== 3 ||
    !/^[A-Z]+$/.test(method) ||
    !/^HTTP\/1\.[01]$/.test(version) ||
    !words[1].startsWith("/")
  ) {
    status = 400;
    body = errorPage(400);
    keepAlive = false;
    method = "";
  } else if (method !== "GET" && method !== "HEAD") {
    status = 405;
    body = errorPage(405);
  } else {
    let path = decodeURIComponent(words[1].split("?")[0]);
    const root = "/usr/share/nginx/html";
    if (fs.isDir(c.ctx, root + path) && !path.endsWith("/")) {
      status = 301;
      body = errorPage(301);
      extra.push(["Location", `http://${headers.get("host") ?? "localhost"}${path}/`]);
    } else {
      if (path.endsWith("/")) path += "index.html";
      const r = fs.read(c.ctx, root + path);
      if (r.ok) {
        body = r.value;
        contentType =
          path.endsWith(".html") || path.endsWith(".htm")
            ? "text/html"
            : path.endsWith(".txt")
              ? "text/plain"
              : path.endsWith(".css")
                ? "text/css"
                : path.endsWith(".js")
                  ? "application/javascript"
                  : path.endsWith(".json")
                    ? "application/json"
                    : "application/octet-stream";
        const size = bytesOf(body).length;
        const mtime = path === "/index.html" || path === "/50x.html" ? HTML_MTIME : WALL_EPOCH_S;
        extra.push(["Last-Modified", httpDate((mtime - WALL_EPOCH_S) * NS_PER_S)]);
        extra.push(["__etag", `"${mtime.toString(16)}-${size.toString(16)}"`]);
      } else {
        status = 404;
        body = errorPage(404);
        c.err(
          `${nginxLogTime(now)} [error] ${o.workerPid}#${o.workerPid}: *${k.id} open() "${root}${path}" failed (2: No such file or directory), client: ${client}, server: localhost, request: "${requestLine}", host: "${headers.get("host") ?? ""}"\n`,
        );
      }
    }
  }
  const size = bytesOf(body).length;
  let h = `HTTP/1.1 ${status} ${STATUS[status]}\r\nServer: ${SERVER}\r\nDate: ${httpDate(now)}\r\nContent-Type: ${contentType}\r\nContent-Length: ${size}\r\n`;
  const etag = extra.find(([n]) => n === "__etag");
  for (const [n, v] of extra) if (n === "Last-Modified") h += `${n}: ${v}\r\n`;
  for (const [n, v] of extra) if (n === "Location") h += `${n}: ${v}\r\n`;
  h += `Connection: ${keepAlive ? "keep-alive" : "close"}\r\n`;
  if (etag) h += `ETag: ${etag[1]}\r\nAccept-Ranges: bytes\r\n`;
  h += "\r\n";
  k.sk.write(bytesOf(h + (method === "HEAD" ? "" : body)));
  const sent = method === "HEAD" ? 0 : size;
  const referer = headers.get("referer") ?? "-";
  const ua = headers.get("user-agent") ?? "-";
  const xff = headers.get("x-forwarded-for") ?? "-";
  c.out(
    `${client} - - [${timeLocal(now)}] "${requestLine}" ${status} ${sent} "${referer}" "${ua}" "${xff}"\n`,
  );
  return keepAlive;
}

/** The start-up lines nginx writes to its error log (stderr) as master `pid`. */
export function nginxStartLog(now: number, pid: number, workers: number[], alpine = false): string {
  const t = nginxLogTime(now);
  // nginx:1.25.3 is built on Debian 12, nginx:1.25.3-alpine on Alpine 3.18
  const gcc = alpine ? "12.2.1 20220924 (Alpine 12.2.1_git20220924-r10)" : "12.2.0 (Debian 12.2.0-14)";
  let s =
    `${t} [notice] ${pid}#${pid}: using the "epoll" event method\n` +
    `${t} [notice] ${pid}#${pid}: nginx/${NGINX_VERSION}\n` +
    `${t} [notice] ${pid}#${pid}: built by gcc ${gcc} \n` +
    `${t} [notice] ${pid}#${pid}: OS: Linux 6.18.0-hopscope\n` +
    `${t} [notice] ${pid}#${pid}: getrlimit(RLIMIT_NOFILE): 1048576:1048576\n` +
    `${t} [notice] ${pid}#${pid}: start worker processes\n`;
  for (const w of workers) s += `${t} [notice] ${pid}#${pid}: start worker process ${w}\n`;
  return s;
}

/** /docker-entrypoint.sh's messages (stdout) before it execs nginx. */
export const ENTRYPOINT_LOG = `/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration
/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/
/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh
10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf
10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf
/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh
/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh
/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh
/docker-entrypoint.sh: Configuration complete; ready for start up
`;

/** The `nginx` program: -v/-V/-t and -s SIGNAL; a second server cannot bind port 80. */
export function nginxProgram(c: Cmd, signal: (sig: string) => boolean, serve: () => CmdResult): CmdResult {
  const args = c.argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "-v") {
      c.err(`nginx version: nginx/${NGINX_VERSION}\n`);
      return 0;
    }
    if (a === "-V") {
      c.err(
        `nginx version: nginx/${NGINX_VERSION}\nbuilt by gcc 12.2.0 (Debian 12.2.0-14) \nbuilt with OpenSSL 3.0.9 30 May 2023 (running with OpenSSL 3.0.11 19 Sep 2023)\nTLS SNI support enabled\n`,
      );
      return 0;
    }
    if (a === "-t" || a === "-T") {
      c.err(
        "nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\nnginx: configuration file /etc/nginx/nginx.conf test is successful\n",
      );
      return 0;
    }
    if (a === "-s") {
      const sig = args[i + 1];
      if (!sig) {
        c.err('nginx: option "-s" requires parameter\n');
        return 1;
      }
      if (!["stop", "quit", "reopen", "reload"].includes(sig)) {
        c.err(`nginx: invalid option: "-s ${sig}"\n`);
        return 1;
      }
      if (!signal(sig)) {
        c.err(`${nginxLogTime(c.ctx.world.sched.now)} [notice] ${c.pid}#${c.pid}: signal process started\n`);
        c.err(
          `${nginxLogTime(c.ctx.world.sched.now)} [error] ${c.pid}#${c.pid}: invalid PID number "" in "/var/run/nginx.pid"\n`,
        );
        c.err(`nginx: [error] invalid PID number "" in "/var/run/nginx.pid"\n`);
        return 1;
      }
      c.err(`${nginxLogTime(c.ctx.world.sched.now)} [notice] ${c.pid}#${c.pid}: signal process started\n`);
      return 0;
    }
    if (a === "-g" || a === "-c" || a === "-p") {
      i++;
      continue;
    }
    if (a === "-q" || a === "-h" || a === "-?") continue;
    c.err(`nginx: invalid option: "${a.replace(/^-/, "")}"\n`);
    return 1;
  }
  return serve();
}
