/** Reading terminal lines: prompts and their commands, ping's icmp_seq, tcpdump's -w file. */
import { describe, expect, it } from "vitest";
import { commandOf, seqOf, tcpdumpFile } from "./terminal-links";

describe("terminal lines", () => {
  it("finds the command after a prompt", () => {
    expect(commandOf("root@host:~# ping -c 1 10.0.0.2")).toBe("ping -c 1 10.0.0.2");
    expect(commandOf("root@k8s-w1 [netns pod-1]:/tmp# ip a")).toBe("ip a");
    expect(commandOf("/ # wget -qO- 10.0.0.2")).toBe("wget -qO- 10.0.0.2");
    expect(commandOf("root@host:~# ")).toBeNull();
    expect(commandOf("64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=0.040 ms")).toBeNull();
  });

  it("reads ping's sequence number", () => {
    expect(seqOf("64 bytes from 10.0.0.2: icmp_seq=12 ttl=64 time=0.040 ms")).toBe(12);
    expect(seqOf("From 11.11.11.2 icmp_seq=3 Destination Host Unreachable")).toBe(3);
    expect(seqOf("--- 10.0.0.2 ping statistics ---")).toBeUndefined();
  });

  it("finds the file tcpdump writes", () => {
    expect(tcpdumpFile("tcpdump -i eth0 -w /tmp/a.pcap icmp")).toBe("/tmp/a.pcap");
    expect(tcpdumpFile("tcpdump -ni eth0 -w cap.pcap")).toBe("cap.pcap");
    expect(tcpdumpFile("tcpdump -nw x.pcap")).toBe("x.pcap");
    expect(tcpdumpFile("ip netns exec RED tcpdump -i veth0 -w/tmp/b.pcap")).toBe("/tmp/b.pcap");
    expect(tcpdumpFile("tcpdump -i eth0 -w - | tcpdump -r -")).toBeUndefined();
    expect(tcpdumpFile("tcpdump -i eth0 icmp")).toBeUndefined();
    expect(tcpdumpFile("echo -w x")).toBeUndefined();
  });
});
