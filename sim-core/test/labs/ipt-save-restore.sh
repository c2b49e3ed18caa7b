# ipt-save-restore: which tables iptables-save lists (nf_tables: only the ones a command touched,
# in mangle security raw filter nat order), -c counters, -t, iptables-restore with flush, --noflush,
# -n, --test, counters, and its error messages with line numbers; a save -> restore round trip.
iptables -F
iptables-save
iptables -Z
iptables -X
iptables-save
iptables -t nat -P INPUT ACCEPT
iptables-save | grep -v '^#'
iptables -t mangle -N X
iptables -t mangle -X X
iptables -t raw -C PREROUTING -j ACCEPT
iptables-save | grep -v '^#'
iptables -t security -A INPUT -j ACCEPT
iptables -t raw -A OUTPUT -j ACCEPT
iptables -A INPUT -p tcp --dport 22 -j ACCEPT
iptables -N ZZ
iptables -N AA
iptables -A AA -j RETURN
iptables -t nat -A POSTROUTING -s 10.0.0.0/8 ! -o eth0 -j MASQUERADE
iptables-save | grep -v '^#'
iptables-save -c | grep -v '^#'
iptables-save -t filter | grep -v '^#'
iptables-save -t foo
iptables -S -v
iptables -L -v --line-numbers -x
printf '*filter\n:INPUT DROP [5:300]\n:NEW - [0:0]\n-A INPUT -s 1.2.3.4 -j NEW\n-A NEW -j ACCEPT\nCOMMIT\n' | iptables-restore
iptables-save -t filter | grep -v '^#'
iptables -L -v
printf '*filter\n-A INPUT -j ACCEPT\nCOMMIT\n' | iptables-restore --noflush
iptables -S
printf '*filter\n-A INPUT -j ACCEPT\nCOMMIT\n' | iptables-restore -n
iptables -S INPUT
printf '*filter\n-A INPUT -j NOPE\nCOMMIT\n' | iptables-restore
printf '*filter\n-A INPUT -j ACCEPT\n' | iptables-restore
printf '*foo\nCOMMIT\n' | iptables-restore
printf '*filter\n:INPUT ACCEPT\nCOMMIT\n' | iptables-restore
printf '*filter\n:FOO BAR [0:0]\nCOMMIT\n' | iptables-restore
printf '*filter\n:INPUT FOO [0:0]\nCOMMIT\n' | iptables-restore
printf '*filter\n-A INPUT -p tcp --dport 99999 -j ACCEPT\nCOMMIT\n' | iptables-restore
printf '*filter\n-A INPUT -j ACCEPT\nCOMMIT\n*nat\n-A PREROUTING -j DROP\nCOMMIT\n' | iptables-restore
printf '*filter\n-X\n-A INPUT -j ACCEPT\nCOMMIT\n' | iptables-restore --test
printf '*filter\n-A INPUT -j ACCEPT\nbogus\nCOMMIT\n' | iptables-restore
printf '# comment\n\n*filter\n-A INPUT -m comment --comment "a b" -j ACCEPT\n-A INPUT -p udp --dport 53 -j ACCEPT\nCOMMIT\n' | iptables-restore
iptables-save | grep -v '^#'
printf '*filter\n-A INPUT -j MASQUERADE\nCOMMIT\n' | iptables-restore
printf '*filter\n:X - [0:0]\n:X - [0:0]\nCOMMIT\n' | iptables-restore
printf '*filter\n-A INPUT -j ACCEPT\nCOMMIT\n' | iptables-restore --foo
printf '*filter\n:INPUT ACCEPT [0:0]\n[3:180] -A INPUT -j ACCEPT\nCOMMIT\n' | iptables-restore -c
iptables -L INPUT -v -n
iptables-save -c -t filter | grep -v '^#'
iptables-save | grep -v '^#' | iptables-restore
iptables-save | grep -v '^#'
printf '*filter\n-F\n-X\nCOMMIT\n' | iptables-restore
iptables-save | grep -v '^#'
printf '*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n:DOCKER - [0:0]\n-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER\n-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE\n-A DOCKER -i docker0 -j RETURN\nCOMMIT\n' | iptables-restore
iptables -t nat -S
iptables -t nat -L -n -v
