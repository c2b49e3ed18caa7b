import { describe, expect, it } from "vitest";
import { deflateSync, strToU8 } from "fflate";
import { decodeLink, encodeLink, fromB64url, linkFor, toB64url } from "./link";
import { restore, type LabDoc } from "../engine/doc";

import starterIndex from "../../../public/labs/index.json";

const files = import.meta.glob<string>("../../../public/labs/*.sh", {
  query: "?raw",
  import: "default",
  eager: true,
});
const starters = starterIndex as { id: string; title: string; description: string; file: string }[];

function starter(id: string): LabDoc {
  const l = starters.find((s) => s.id === id)!;
  const r = restore({
    v: 1,
    script: files[`../../../public/labs/${l.file}`],
    title: l.title,
    description: l.description,
  });
  if (!r.ok) throw new Error(r.error);
  return r.doc;
}

const FULL: LabDoc = {
  v: 1,
  script: "#@machine A\nip netns add RED\n#@link A:eth0 B:eth0\nip link set eth0 up\n",
  seed: 7,
  title: "A lab with everything",
  description: "Something to share",
  layout: { positions: { "ns:A/RED": { x: 12, y: -40 }, "m:B": { x: 300.5, y: 2 } } },
  activeMachine: "B",
  lesson: { text: "# L\n## S\n```check\nnetns RED\n```\n", step: 0, base: 3 },
  journey: { line: 2, jid: 41, hop: 5 },
};

describe("share links (format 2)", () => {
  it("round-trip every part of the document", () => {
    const r = decodeLink(encodeLink(FULL));
    expect(r).toEqual({ ok: true, doc: FULL, warnings: [] });
  });

  it("leave out the lesson or the journey when asked", () => {
    const r = decodeLink(encodeLink(FULL, { lesson: false, journey: false }));
    expect(r.ok && r.doc.lesson).toBeUndefined();
    expect(r.ok && r.doc.journey).toBeUndefined();
    const byId = decodeLink(encodeLink({ ...FULL, lesson: { id: "veth-pair", step: 2 } }));
    expect(byId.ok && byId.doc.lesson).toEqual({ id: "veth-pair", step: 2 });
  });

  it("are URL-safe and fit the budget for every starter lab (flannel < 2,000 characters)", () => {
    for (const s of starters) {
      const doc = starter(s.id);
      const url = linkFor("https://hopscope.example.org/", doc);
      expect(url).toMatch(/^https:\/\/hopscope\.example\.org\/#lab=2\.[A-Za-z0-9_-]+$/);
      expect(url.length, s.id).toBeLessThan(2000);
      const back = decodeLink(url.slice(url.indexOf("#lab=") + 5));
      expect(back.ok && back.doc.script).toBe(doc.script);
      expect(back.ok && back.doc.title).toBe(doc.title);
    }
    expect(encodeLink(starter("flannel-vxlan")).length).toBeLessThan(1200);
  });

  it("still open format-1 links (JSON deflated, no version prefix)", () => {
    const json = JSON.stringify({
      v: 1,
      script: "ip netns add OLD\n",
      seed: 3,
      title: "Old",
      layout: { positions: {} },
    });
    const r = decodeLink(toB64url(deflateSync(strToU8(json))));
    expect(r).toMatchObject({ ok: true, doc: { script: "ip netns add OLD\n", seed: 3, title: "Old" } });
  });

  it("refuse a link cut anywhere", () => {
    const link = encodeLink(starter("bridge-nat"));
    for (let n = 0; n < link.length; n++) {
      const r = decodeLink(link.slice(0, n));
      expect(r.ok, `cut at ${n}`).toBe(false);
    }
  });

  it("refuse damaged, hostile and oversized links with a clear reason", () => {
    const enc = (text: string) => "2." + toB64url(deflateSync(strToU8(text), { level: 9 }));
    const cases: [string, RegExp][] = [
      ["", /does not start like a lab link|holds no lab/],
      ["2.", /holds no lab/],
      ["9.abc", /newer Hopscope/],
      ["x.abc", /does not start like a lab link/],
      ["2.<script>alert(1)</script>", /characters a lab link never has/],
      ["2." + "A".repeat(250_000), /too long/],
      // a decompression bomb: 50 MB of zeros in a few kB
      ["2." + toB64url(deflateSync(new Uint8Array(50_000_000), { level: 9 })), /decompression bomb/],
      // not DEFLATE at all (block type 3 does not exist)
      ["2.________", /damaged/],
      // DEFLATE of something that is not a lab
      [enc("just some text"), /header cannot be read/],
      [enc("[1,2]\nip a\n"), /header cannot be read/],
    ];
    for (const [link, msg] of cases) {
      const r = decodeLink(link);
      expect(r.ok, link.slice(0, 30)).toBe(false);
      if (!r.ok) expect(r.error, link.slice(0, 30)).toMatch(msg);
    }
  });

  it("refuse markup in names, a million commands, and control characters (as restore does)", () => {
    const hostile: [Partial<LabDoc> & Record<string, unknown>, RegExp][] = [
      [{ title: '<img src=x onerror="alert(1)">' }, /title contains HTML markup/],
      [{ description: "</textarea><script>alert(1)</script>" }, /description contains HTML markup/],
      [{ script: "#@machine <b>x</b>\nip a\n" }, /bad machine directive/],
      [{ script: "#@link a:<i> b:eth0\n" }, /bad cable directive/],
      [{ activeMachine: "<svg/onload=alert(1)>" }, /terminal with characters/],
      [{ layout: { positions: { "<img src=x>": { x: 1, y: 1 } } } }, /layout names a node with HTML markup/],
      [{ script: "ip a\n".repeat(1_000_000) }, /more than 5,000 commands|too large/],
      [{ script: "echo \u001b]52;c;cm0gLXJmIH4=\u0007\n" }, /control character/],
      [
        { lesson: { text: "# L\n## S\n<script>alert(1)</script>\n```check\nnetns A\n```\n", step: 0 } },
        /HTML is not allowed/,
      ],
      [{ lesson: { id: "../../etc/passwd", step: 0 } }, /lesson's name/],
    ];
    for (const [patch, msg] of hostile) {
      const doc = { ...FULL, ...patch } as LabDoc;
      // encode by hand: the encoder itself only takes valid documents, an attacker does not
      const h = {
        t: doc.title,
        d: doc.description,
        a: doc.activeMachine,
        p: Object.fromEntries(Object.entries(doc.layout.positions).map(([k, v]) => [k, [v.x, v.y]])),
        l: doc.lesson ? { i: doc.lesson.id, x: doc.lesson.text, k: doc.lesson.step } : undefined,
      };
      const link = "2." + toB64url(deflateSync(strToU8(JSON.stringify(h) + "\n" + doc.script), { level: 6 }));
      const r = decodeLink(link);
      // (made without the dictionary: that alone may break it, so also check restore directly)
      const direct = restore(doc);
      expect(direct.ok, JSON.stringify(patch).slice(0, 60)).toBe(false);
      if (!direct.ok) expect(direct.error).toMatch(msg);
      expect(r.ok).toBe(false);
    }
  });

  it("base64url round-trips every length and refuses impossible ones", () => {
    for (let n = 0; n < 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 255);
      expect(fromB64url(toB64url(bytes))).toEqual(bytes);
    }
    expect(fromB64url("A")).toBeUndefined();
    expect(fromB64url("AB")).toBeUndefined(); // the unused bits of the last character are not zero
  });
});
