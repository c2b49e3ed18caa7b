#!/usr/bin/env bash
# The pcap tests read the simulator's capture files with Debian's tshark: install it when missing.
# Never fatal: without tshark those tests are skipped and say so.
if command -v tshark >/dev/null 2>&1; then exit 0; fi
echo "ensure-tshark: installing Debian's tshark…" >&2
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
{ $SUDO apt-get update -qq && $SUDO apt-get install -y -qq tshark; } >/dev/null 2>&1 || echo "ensure-tshark: could not install tshark; the pcap tests will be skipped" >&2
exit 0
