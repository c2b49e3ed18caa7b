/** Generated labs for the benchmark. */

/** `machines` machines, each a bridge with `perMachine` namespaces plugged in: 2 × perMachine + 1 devices each. */
export function bigLab(machines = 5, perMachine = 50): string {
  const lines: string[] = ["# 500 devices: bridges full of namespaces"];
  for (let m = 1; m <= machines; m++) {
    lines.push(`#@machine m${m}`, "ip link add br0 type bridge", "ip link set br0 up");
    for (let i = 1; i <= perMachine; i++) {
      lines.push(
        `ip netns add n${i}`,
        `ip link add v${i} netns n${i} type veth peer name h${i}`,
        `ip link set h${i} master br0`,
      );
    }
  }
  return lines.join("\n") + "\n";
}

/** A 100-line paste that grows a bridge with 24 namespaces, addresses and all. */
export function pasteLab(): string[] {
  const lines = ["ip link add br0 type bridge", "ip link set br0 up"];
  for (let i = 1; i <= 24; i++) {
    lines.push(
      `ip netns add ns${i}`,
      `ip link add v${i} netns ns${i} type veth peer name h${i}`,
      `ip link set h${i} master br0`,
      `ip -n ns${i} addr add 10.0.0.${i}/24 dev v${i}`,
    );
  }
  lines.push("ip -br link | wc -l", "echo PASTE-42'-DONE'");
  return lines;
}
