/**
 * docker's output formats, checked against docker/cli's and Go's definitions: tabwriter layout,
 * Go templates, encoding/json, units.HumanDuration, DisplayablePorts (20.10's), container status.
 */
import { describe, expect, it } from "vitest";
import { tabwrite, DOCKER_TABLE } from "./tabwriter";
import { GoTemplate, TemplateError } from "./gotemplate";
import { goJson, goJsonIndent } from "./gojson";
import { displayablePorts, humanDuration } from "./cli";
import { parseFlags, FlagError } from "./flags";
import { macFromIp } from "./engine";
import { parseRef } from "./images";

const S = 1e9;

describe("tabwriter (Go text/tabwriter, docker's 10/1/3)", () => {
  it("pads each column to its widest cell plus 3, at least 10, and leaves the last cell alone", () => {
    expect(tabwrite("CONTAINER ID\tIMAGE\tNAMES\nabc\tnginx\tweb\n", DOCKER_TABLE)).toBe(
      "CONTAINER ID   IMAGE     NAMES\nabc            nginx     web\n",
    );
  });
  it("keeps an empty cell's column width (docker ps with no ports)", () => {
    expect(tabwrite("A\tPORTS\tNAMES\nx\t\ty\n", DOCKER_TABLE)).toBe(
      "A         PORTS     NAMES\nx                   y\n",
    );
  });
  it("aligns a column only over the lines that have it (a column block)", () => {
    expect(tabwrite("a\tb\nno tab\nccc\td\n", { minwidth: 0, padding: 1 })).toBe("a b\nno tab\nccc d\n");
  });
  it("counts the ellipsis as one character", () => {
    expect(tabwrite('"/docker-entrypoint.…"\tx\n"sh"\ty\n', DOCKER_TABLE)).toBe(
      '"/docker-entrypoint.…"   x\n"sh"                     y\n',
    );
  });
});

describe("Go templates", () => {
  const ctr = {
    State: { Pid: 113, Running: true },
    NetworkSettings: {
      IPAddress: "172.17.0.2",
      Networks: new Map([["bridge", { IPAddress: "172.17.0.2", Gateway: "172.17.0.1" }]]),
    },
    Name: "/web",
    Args: ["-g", "daemon off;"],
  };
  const t = (src: string) => new GoTemplate(src).execute(ctr);
  it("fields, maps, ranges, index, json, pipelines", () => {
    expect(t("{{.State.Pid}}")).toBe("113");
    expect(t("{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}")).toBe("172.17.0.2");
    expect(t('{{(index .NetworkSettings.Networks "bridge").Gateway}}')).toBe("172.17.0.1");
    expect(t("{{json .State}}")).toBe('{"Pid":113,"Running":true}\n');
    expect(t('{{.Name | printf "%s!"}}')).toBe("/web!");
    expect(t("{{if .State.Running}}up{{else}}down{{end}}")).toBe("up");
    expect(t("{{range $k, $v := .NetworkSettings.Networks}}{{$k}}={{$v.IPAddress}}{{end}}")).toBe(
      "bridge=172.17.0.2",
    );
    expect(t('{{join .Args ","}} {{len .Args}}')).toBe("-g,daemon off; 2");
    expect(t("{{- .Name -}}  ")).toBe("/web");
    expect(t("{{.NetworkSettings.Networks.host}}")).toBe("<no value>");
  });
  it("reports Go's errors", () => {
    expect(() => t("{{.Nope}}")).toThrow(/can't evaluate field Nope/);
    expect(() => new GoTemplate("{{foo .}}")).toThrow(TemplateError);
    expect(() => new GoTemplate("{{foo .}}")).toThrow('function "foo" not defined');
  });
});

describe("encoding/json as docker prints it", () => {
  it("escapes <, > and & and sorts map keys, keeps struct order", () => {
    expect(
      goJson({
        b: "<x&y>",
        a: new Map([
          ["z", 1],
          ["a", 2],
        ]),
      }),
    ).toBe('{"b":"\\u003cx\\u0026y\\u003e","a":{"a":2,"z":1}}');
  });
  it("indents like MarshalIndent with empty collections inline", () => {
    expect(goJsonIndent([{ A: [], B: {}, C: null }])).toBe(
      '[\n    {\n        "A": [],\n        "B": {},\n        "C": null\n    }\n]',
    );
  });
});

describe("docker's human-readable bits", () => {
  it("units.HumanDuration", () => {
    expect(humanDuration(0.5 * S)).toBe("Less than a second");
    expect(humanDuration(1 * S)).toBe("1 second");
    expect(humanDuration(59 * S)).toBe("59 seconds");
    expect(humanDuration(90 * S)).toBe("About a minute");
    expect(humanDuration(45 * 60 * S)).toBe("45 minutes");
    expect(humanDuration(3600 * S)).toBe("About an hour");
    expect(humanDuration(5 * 3600 * S)).toBe("5 hours");
    expect(humanDuration(3 * 86400 * S)).toBe("3 days");
  });
  it("DisplayablePorts (20.10): published host ports as IP:PORT->PORT/PROTO, IPv6 without brackets", () => {
    expect(
      displayablePorts([
        { ip: "0.0.0.0", privatePort: 80, publicPort: 10001, type: "tcp" },
        { ip: "::", privatePort: 80, publicPort: 10001, type: "tcp" },
      ]),
    ).toBe("0.0.0.0:10001->80/tcp, :::10001->80/tcp");
    expect(displayablePorts([{ privatePort: 80, type: "tcp" }])).toBe("80/tcp");
    expect(
      displayablePorts([
        { ip: "0.0.0.0", privatePort: 80, publicPort: 80, type: "tcp" },
        { ip: "0.0.0.0", privatePort: 81, publicPort: 81, type: "tcp" },
      ]),
    ).toBe("0.0.0.0:80-81->80-81/tcp");
  });
  it("container MACs come from their IPv4 address (02:42 + the 4 bytes)", () => {
    expect(macFromIp(0xac110002 as never)).toBe("02:42:ac:11:00:02");
  });
  it("image references", () => {
    expect(parseRef("nginx")).toEqual({ repo: "nginx", tag: "latest" });
    expect(parseRef("docker.io/library/nginx:alpine")).toEqual({ repo: "nginx", tag: "alpine" });
    expect(parseRef("k8s.gcr.io/pause:3.6")).toEqual({ repo: "k8s.gcr.io/pause", tag: "3.6" });
    expect(parseRef("Nginx")).toBeUndefined();
  });
});

describe("pflag parsing", () => {
  const specs = [
    { long: "detach", short: "d" },
    { long: "interactive", short: "i" },
    { long: "tty", short: "t" },
    { long: "publish", short: "p", value: true, multi: true },
    { long: "name", value: true },
  ];
  it("combined booleans, attached values, and stops at the image", () => {
    const p = parseFlags(["-dit", "-p80:80", "--name=web", "-p", "81:81", "nginx", "-p", "x"], specs, false);
    expect(p.flags.get("detach")).toEqual(["true"]);
    expect(p.flags.get("publish")).toEqual(["80:80", "81:81"]);
    expect(p.flags.get("name")).toEqual(["web"]);
    expect(p.args).toEqual(["nginx", "-p", "x"]);
  });
  it("pflag's messages", () => {
    expect(() => parseFlags(["--foo"], specs)).toThrow(new FlagError("unknown flag: --foo"));
    expect(() => parseFlags(["-z"], specs)).toThrow("unknown shorthand flag: 'z' in -z");
    expect(() => parseFlags(["--name"], specs)).toThrow("flag needs an argument: --name");
  });
});
