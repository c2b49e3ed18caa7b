/**
 * netfilter: iptables (nf_tables back-end, iptables 1.8.9) and conntrack (conntrack-tools 1.4.7)
 * for one network namespace, as a library the kernel model calls at its hooks and the shell
 * calls for the commands. See types.ts for the boundary (NfSkb, NfEnv, NfVerdict).
 */
export * from "./types";
export { createNetfilter } from "./tables";
export { nfHook } from "./hooks";
export { runIptables } from "./iptables";
export { runIptablesSave, runIptablesRestore } from "./save";
export { runConntrack, conntrackLine } from "./conntrack-cli";
export { runXtablesMonitor } from "./monitor";
export { conntrackDeviceDown, conntrackAddressRemoved, conntrackNeeded } from "./conntrack";
export { tcpResetFor } from "./reject";
export { logLine } from "./log";
