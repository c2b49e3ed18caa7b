/**
 * `python3 -m http.server` of Python 3.11.2 (Debian 12) as a simulated process: argparse's
 * usage and errors, a ThreadingHTTPServer bound with SO_REUSEADDR and listen(5), and
 * SimpleHTTPRequestHandler (HTTP/1.0, "SimpleHTTP/0.6 Python/3.11.2"): GET and HEAD of files and
 * directory listings from the virtual filesystem (exact HTML of list_directory and of the error
 * page), 301 for a directory without its slash, 404, 501 for other methods, and the request log
 * on stderr. It runs until it is killed (Ctrl-C prints "Keyboard interrupt received, exiting.").
 * Other uses of python3 are not modelled.
 */
import type { Ip4 } from "../../util/brand";
import { ip4Str } from "../../util/inet";
import { STRERROR } from "../../kernel/types";
import type { Cmd, CmdResult, Wait } from "../types";
import { socketsOf } from "../../sockets/table";
import { TcpState, type TcpSocket } from "../../sockets/tcp";
import { bytesOf, textOf } from "../../sockets/bytes";
import { httpDate, logDate } from "../../sockets/clock";
import { inetAton } from "../resolve";

const SERVER = "SimpleHTTP/0.6 Python/3.11.2";

const USAGE = "usage: server.py [-h] [--cgi] [-b ADDRESS] [-d DIRECTORY] [-p VERSION] [port]\n";

export function python3(c: Cmd): CmdResult {
  const a = c.argv.slice(1);
  if (a[0] === "-m" && a[1] === "http.server") return httpServer(c, a.slice(2));
  if (a[0] === "--version" || a[0] === "-V") {
    c.out("Python 3.11.2\n");
    return 0;
  }
  if (a[0] === "-m" && a[1]) {
    c.err(`/usr/bin/python3: No module named ${a[1]}\n`);
    return 1;
  }
  c.err("python3: only `python3 -m http.server` is simulated\n");
  return 2;
}

/** The explanations of http.HTTPStatus used by send_error. */
const STATUS: Record<number, [string, string]> = {
  200: ["OK", "Request fulfilled, document follows"],
  301: ["Moved Permanently", "Object moved permanently -- see URI list"],
  400: ["Bad Request", "Bad request syntax or unsupported method"],
  404: ["Not Found", "Nothing matches the given URI"],
  501: ["Not Implemented", "Server does not support this operation"],
  505: ["HTTP Version Not Supported", "Cannot fulfill request"],
};

function errorPage(code: number, message: string, explain: string): string {
  return (
    "<!DOCTYPE HTML>\n" +
    '<html lang="en">\n' +
    "    <head>\n" +
    '        <meta charset="utf-8">\n' +
    "        <title>Error response</title>\n" +
    "    </head>\n" +
    "    <body>\n" +
    "        <h1>Error response</h1>\n" +
    `        <p>Error code: ${code}</p>\n` +
    `        <p>Message: ${htmlEscape(message)}.</p>\n` +
    `        <p>Error code explanation: ${code} - ${htmlEscape(explain)}.</p>\n` +
    "    </body>\n" +
    "</html>\n"
  );
}

function htmlEscape(s: string, quote = false): string {
  let r = s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  if (quote) r = r.replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
  return r;
}

/** urllib.parse.unquote */
function unquote(s: string): string {
  try {
    return decodeURIComponent(s.replace(/%(?![0-9A-Fa-f]{2})/g, "%25"));
  } catch {
    return s.replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
}

/** urllib.parse.quote with safe="/" */
function quote(s: string): string {
  let out = "";
  for (const b of bytesOf(s)) {
    const ch = String.fromCharCode(b);
    if (/[A-Za-z0-9_.\-~/]/.test(ch)) out += ch;
    else out += "%" + b.toString(16).toUpperCase().padStart(2, "0");
  }
  return out;
}

/** mimetypes.guess_type for the common extensions (Debian's /etc/mime.types). */
function guessType(path: string): string {
  const ext = /\.([^./]+)$/.exec(path)?.[1]?.toLowerCase() ?? "";
  const map: Record<string, string> = {
    html: "text/html",
    htm: "text/html",
    txt: "text/plain",
    text: "text/plain",
    log: "text/plain",
    conf: "text/plain",
    sh: "text/x-sh",
    css: "text/css",
    js: "text/javascript",
    json: "application/json",
    xml: "text/xml",
    png: "image/png",
    jpg: "image/jpeg",
    jpeg: "image/jpeg",
    gif: "image/gif",
    svg: "image/svg+xml",
    pdf: "application/pdf",
    csv: "text/csv",
    md: "text/markdown",
    py: "text/x-python",
    c: "text/x-csrc",
    gz: "application/gzip",
    tar: "application/x-tar",
    zip: "application/zip",
  };
  return map[ext] ?? "application/octet-stream";
}

interface Conn {
  sk: TcpSocket;
  buf: string;
  done: boolean;
}

function* httpServer(c: Cmd, args: string[]): Generator<Wait, number, void> {
  let port = 8000;
  let bind: string | undefined;
  let directory: string | undefined;
  let protocol = "HTTP/1.0";
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const takeArg = (flag: string): string | undefined => {
      if (a.includes("=")) return a.slice(a.indexOf("=") + 1);
      if (i + 1 >= args.length) {
        c.err(`${USAGE}server.py: error: argument ${flag}: expected one argument\n`);
        return undefined;
      }
      return args[++i];
    };
    if (a === "-h" || a === "--help") {
      c.out(
        USAGE +
          "\npositional arguments:\n  port                  bind to this port (default: 8000)\n\noptions:\n  -h, --help            show this help message and exit\n  --cgi                 run as CGI server\n  -b ADDRESS, --bind ADDRESS\n                        bind to this address (default: all interfaces)\n  -d DIRECTORY, --directory DIRECTORY\n                        serve this directory (default: current directory)\n  -p VERSION, --protocol VERSION\n                        conform to this HTTP version (default: HTTP/1.0)\n",
      );
      return 0;
    }
    if (a === "-b" || a === "--bind" || a.startsWith("--bind=")) {
      const v = takeArg("-b/--bind");
      if (v === undefined) return 2;
      bind = v;
    } else if (a === "-d" || a === "--directory" || a.startsWith("--directory=")) {
      const v = takeArg("-d/--directory");
      if (v === undefined) return 2;
      directory = v;
    } else if (a === "-p" || a === "--protocol" || a.startsWith("--protocol=")) {
      const v = takeArg("-p/--protocol");
      if (v === undefined) return 2;
      protocol = v;
    } else if (a === "--cgi") {
      // CGIHTTPRequestHandler: not modelled beyond serving files
    } else if (a.startsWith("-") && a !== "-") {
      c.err(`${USAGE}server.py: error: unrecognized arguments: ${a}\n`);
      return 2;
    } else positional.push(a);
  }
  if (positional.length > 1) {
    c.err(`${USAGE}server.py: error: unrecognized arguments: ${positional.slice(1).join(" ")}\n`);
    return 2;
  }
  if (positional.length) {
    if (!/^[-+]?\d+$/.test(positional[0].trim())) {
      c.err(`${USAGE}server.py: error: argument port: invalid int value: '${positional[0]}'\n`);
      return 2;
    }
    port = parseInt(positional[0], 10);
  }
  void protocol;
  const root = c.fs.resolve(directory ?? c.fs.cwd);
  let addr = 0;
  if (bind !== undefined) {
    const a = inetAton(bind);
    if (a === undefined) {
      c.err(traceback(`socket.gaierror: [Errno -2] Name or service not known`));
      return 1;
    }
    addr = a;
  }
  // the address comes from getaddrinfo(), whose numeric service is cut to 16 bits (70000 → 4464)
  if (port > 65535) port &= 0xffff;
  if (port < 0) {
    c.err(traceback(`OverflowError: bind(): port must be 0-65535.`));
    return 1;
  }
  const table = socketsOf(c.ctx.ns);
  const ls = table.tcpSocket();
  ls.reuseAddr = true;
  const pid = c.ctx.jobPid ?? c.pid;
  ls.owners.push({ comm: "python3", pid, fd: 3 });
  let e = ls.bind(addr, port);
  if (!e) e = ls.listen(5);
  if (e) {
    ls.close();
    c.err(traceback(`OSError: [Errno ${e}] ${STRERROR[e]}`));
    return 1;
  }
  const shown = ip4Str(ls.localAddr);
  const urlHost = shown;
  // stdout is line-buffered on a terminal, block-buffered otherwise: then the banner only
  // appears when Python exits normally (Ctrl-C), and is lost when it is killed
  const banner = `Serving HTTP on ${shown} port ${ls.localPort} (http://${urlHost}:${ls.localPort}/) ...\n`;
  if (c.interactive) c.out(banner);
  const machine = c.ctx.machine;
  const killed = () =>
    !machine.processes.has(c.pid) || (c.ctx.jobPid !== undefined && !machine.processes.has(c.ctx.jobPid));
  const conns: Conn[] = [];
  let nextFd = 4;
  const world = c.ctx.world;
  try {
    for (;;) {
      yield {
        until: Infinity,
        cond: () =>
          killed() ||
          c.interrupted() ||
          ls.acceptQueue.length > 0 ||
          conns.some((k) => k.sk.recvQueued() > 0 || k.sk.eof || k.sk.state === TcpState.CLOSE),
      };
      if (killed()) return 143;
      if (c.interrupted()) {
        c.err("\nKeyboard interrupt received, exiting.\n");
        if (!c.interactive) c.out(banner);
        return 0;
      }
      for (let sk = ls.accept(); sk; sk = ls.accept()) {
        sk.owners.push({ comm: "python3", pid, fd: nextFd++ });
        conns.push({ sk, buf: "", done: false });
      }
      for (const k of conns) {
        const data = k.sk.read();
        if (data.length) k.buf += textOf(data);
        const end = k.buf.indexOf("\r\n\r\n") >= 0 ? k.buf.indexOf("\r\n\r\n") : k.buf.indexOf("\n\n");
        if (end >= 0 || (k.sk.eof && k.buf)) {
          handle(c, k, root, world.sched.now);
          k.done = true;
        } else if (k.sk.eof || k.sk.state === TcpState.CLOSE) {
          // handle_one_request: an empty request line just closes
          k.sk.close();
          k.done = true;
        }
      }
      for (let i = conns.length - 1; i >= 0; i--) if (conns[i].done) conns.splice(i, 1);
      if (!conns.length) nextFd = 4;
    }
  } finally {
    for (const k of conns) k.sk.close();
    ls.close();
  }
}

function traceback(last: string): string {
  return (
    "Traceback (most recent call last):\n" +
    '  File "<frozen runpy>", line 198, in _run_module_as_main\n' +
    '  File "<frozen runpy>", line 88, in _run_code\n' +
    '  File "/usr/lib/python3.11/http/server.py", line 1309, in <module>\n' +
    "    test(\n" +
    '  File "/usr/lib/python3.11/http/server.py", line 1256, in test\n' +
    "    with ServerClass(addr, HandlerClass) as httpd:\n" +
    "         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n" +
    '  File "/usr/lib/python3.11/socketserver.py", line 456, in __init__\n' +
    "    self.server_bind()\n" +
    '  File "/usr/lib/python3.11/http/server.py", line 1303, in server_bind\n' +
    "    return super().server_bind()\n" +
    "           ^^^^^^^^^^^^^^^^^^^^^\n" +
    '  File "/usr/lib/python3.11/http/server.py", line 136, in server_bind\n' +
    "    socketserver.TCPServer.server_bind(self)\n" +
    '  File "/usr/lib/python3.11/socketserver.py", line 472, in server_bind\n' +
    "    self.socket.bind(self.server_address)\n" +
    `${last}\n`
  );
}

/** BaseHTTPRequestHandler.handle_one_request + SimpleHTTPRequestHandler.do_GET/do_HEAD. */
function handle(c: Cmd, k: Conn, root: string, now: number): void {
  const sk = k.sk;
  const client = ip4Str(sk.remoteAddr);
  const requestLine = k.buf.split(/\r?\n/)[0];
  const log = (msg: string) => c.err(`${client} - - [${logDate(now)}] ${msg}\n`);
  const headers: string[] = [];
  let requestVersion = "HTTP/0.9";
  const send = (status: string, hdrs: [string, string][], body: string, withBody: boolean) => {
    let h = "";
    if (requestVersion !== "HTTP/0.9") {
      h += `HTTP/1.0 ${status}\r\nServer: ${SERVER}\r\nDate: ${httpDate(now)}\r\n`;
      for (const [n, v] of hdrs) h += `${n}: ${v}\r\n`;
      h += "\r\n";
    }
    sk.write(bytesOf(h + (withBody ? body : "")));
    sk.close();
  };
  const sendError = (code: number, message?: string) => {
    const [phrase, explain] = STATUS[code] ?? ["???", ""];
    const msg = message ?? phrase;
    log(`code ${code}, message ${msg}`);
    log(`"${requestLine}" ${code} -`);
    const body =
      code >= 200 && code !== 204 && code !== 205 && code !== 304 ? errorPage(code, msg, explain) : "";
    const hdrs: [string, string][] = [["Connection", "close"]];
    if (body)
      hdrs.push(
        ["Content-Type", "text/html;charset=utf-8"],
        ["Content-Length", String(bytesOf(body).length)],
      );
    send(`${code} ${msg}`, hdrs, body, method !== "HEAD");
  };
  let method = "";
  const words = requestLine.split(/\s+/).filter(Boolean);
  if (words.length >= 3) {
    requestVersion = words[words.length - 1];
    const vm = /^HTTP\/(\d+)\.(\d+)$/.exec(requestVersion);
    if (!vm) {
      requestVersion = "HTTP/1.0";
      method = words[0];
      sendError(400, `Bad request version ('${words[words.length - 1]}')`);
      return;
    }
    if (words.length > 3) {
      method = words[0];
      sendError(400, `Bad request syntax ('${requestLine}')`);
      return;
    }
  } else if (words.length === 2) {
    requestVersion = "HTTP/0.9";
    if (words[0] !== "GET") {
      requestVersion = "HTTP/1.0";
      sendError(400, `Bad HTTP/0.9 request type ('${words[0]}')`);
      return;
    }
  } else {
    requestVersion = "HTTP/1.0";
    sendError(400, `Bad request syntax ('${requestLine}')`);
    return;
  }
  void headers;
  method = words[0];
  const rawPath = words[1];
  if (method !== "GET" && method !== "HEAD") {
    sendError(501, `Unsupported method ('${method}')`);
    return;
  }
  const withBody = method === "GET";
  // translate_path
  let path = rawPath.split("?")[0].split("#")[0];
  const trailing = path.trimEnd().endsWith("/");
  path = unquote(path);
  const parts = path.split("/").filter((p) => p && p !== "." && p !== "..");
  const fsPath = (root === "/" ? "" : root) + "/" + parts.join("/") + (trailing && parts.length ? "/" : "");
  const fs = c.fs;
  const asDir = fsPath.replace(/\/+$/, "") || "/";
  if (fs.isDir(c.ctx, asDir)) {
    const u = rawPath.split("?");
    if (!u[0].endsWith("/")) {
      const loc = u[0] + "/" + (u.length > 1 ? "?" + u.slice(1).join("?") : "");
      log(`"${requestLine}" 301 -`);
      send(
        "301 Moved Permanently",
        [
          ["Location", loc],
          ["Content-Length", "0"],
        ],
        "",
        false,
      );
      return;
    }
    for (const index of ["index.html", "index.htm"]) {
      const p = (asDir === "/" ? "" : asDir) + "/" + index;
      const r = fs.read(c.ctx, p);
      if (r.ok) {
        log(`"${requestLine}" 200 -`);
        send(
          "200 OK",
          [
            ["Content-type", "text/html"],
            ["Content-Length", String(bytesOf(r.value).length)],
            ["Last-Modified", httpDate(now)],
          ],
          r.value,
          withBody,
        );
        return;
      }
    }
    const list = fs.list(c.ctx, asDir);
    if (!list.ok) {
      sendError(404, "No permission to list directory");
      return;
    }
    const names = [...list.value].sort((a, b) =>
      a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0,
    );
    const display = htmlEscape(unquote(rawPath));
    const title = `Directory listing for ${display}`;
    const r: string[] = [
      "<!DOCTYPE HTML>",
      '<html lang="en">',
      "<head>",
      '<meta charset="utf-8">',
      `<title>${title}</title>\n</head>`,
      `<body>\n<h1>${title}</h1>`,
      "<hr>\n<ul>",
    ];
    for (const name of names) {
      const full = (asDir === "/" ? "" : asDir) + "/" + name;
      const isDir = fs.isDir(c.ctx, full);
      const display2 = isDir ? name + "/" : name;
      const link = isDir ? name + "/" : name;
      r.push(`<li><a href="${quote(link)}">${htmlEscape(display2)}</a></li>`);
    }
    r.push("</ul>\n<hr>\n</body>\n</html>\n");
    const body = r.join("\n");
    log(`"${requestLine}" 200 -`);
    send(
      "200 OK",
      [
        ["Content-type", "text/html; charset=utf-8"],
        ["Content-Length", String(bytesOf(body).length)],
      ],
      body,
      withBody,
    );
    return;
  }
  if (trailing) {
    sendError(404, "File not found");
    return;
  }
  const rd = fs.read(c.ctx, fsPath);
  // an nsfs bind mount (/run/netns/NAME) opens, has size 0, and reads as nothing
  const content = rd.ok ? rd.value : rd.errno === 22 ? "" : undefined;
  if (content === undefined) {
    sendError(404, "File not found");
    return;
  }
  log(`"${requestLine}" 200 -`);
  send(
    "200 OK",
    [
      ["Content-type", guessType(fsPath)],
      ["Content-Length", String(bytesOf(content).length)],
      ["Last-Modified", httpDate(now)],
    ],
    content,
    withBody,
  );
}

export type { Ip4 };
