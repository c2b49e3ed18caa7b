# iptables-nft creates a built-in chain on first use and -X deletes the empty ACCEPT ones:
# what -D N, -R N, -Z, -F, -X say about chains the kernel does or does not have
#@machine m1
iptables -D FORWARD 1
iptables -R FORWARD 1 -j ACCEPT
iptables -D FORWARD -j ACCEPT
iptables -C FORWARD -j ACCEPT
iptables -L FORWARD 1
iptables -Z FORWARD 1
iptables -t nat -D POSTROUTING 1
iptables -N c1
iptables -D FORWARD 1
iptables -R FORWARD 1 -j ACCEPT
iptables -D FORWARD -j ACCEPT
iptables -C FORWARD -j ACCEPT
iptables -L FORWARD 1
iptables -Z FORWARD 1
iptables -P OUTPUT DROP
iptables -P OUTPUT ACCEPT
iptables -D OUTPUT 1
iptables -R OUTPUT 1 -j ACCEPT
iptables -L OUTPUT 1
iptables -Z OUTPUT 1
iptables -A INPUT -j ACCEPT
iptables -D INPUT 1
iptables -D INPUT 1
iptables -Z INPUT 1
iptables -L INPUT 1
iptables-save | grep -v '^#'
iptables -F
iptables -D FORWARD 1
iptables -X
iptables -D OUTPUT 1
#@machine m2
iptables -Z FORWARD 1
iptables -N c1
iptables -Z FORWARD 1
iptables -Z c1 1
iptables -A c1 -j ACCEPT
iptables -Z FORWARD 1
iptables -Z c1 2
iptables -Z c1 1
iptables -A INPUT -j ACCEPT
iptables -Z FORWARD 1
iptables -F FORWARD
iptables -D FORWARD 1
iptables -Z FORWARD 1
iptables -F -v
iptables -X
iptables -D FORWARD 1
iptables -D c1 1
iptables -t mangle -F -v
iptables -t mangle -D INPUT 1
iptables -t mangle -X -v
iptables -t mangle -D INPUT 1
iptables -t mangle -Z -v
iptables -t mangle -D INPUT 1
printf '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -j ACCEPT\nCOMMIT\n' > /run/r.txt
iptables-restore /run/r.txt
iptables -D FORWARD 1
iptables -D INPUT 2
iptables -X
iptables -D INPUT 2
printf '*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n' > /run/r2.txt
iptables-restore /run/r2.txt
iptables -D INPUT 1
iptables -D FORWARD 1
iptables -D OUTPUT 1
iptables -X
iptables -D INPUT 1
iptables -P FORWARD DROP
iptables -X
iptables -D FORWARD 1
iptables -X FORWARD
iptables -P FORWARD ACCEPT
iptables -X FORWARD
iptables -D FORWARD 1
#@machine m3
iptables -X FORWARD
iptables -A FORWARD -j ACCEPT
iptables -X FORWARD
iptables -X -v
iptables -F FORWARD
iptables -X FORWARD
iptables -X FORWARD
iptables -Z -v
iptables -P INPUT ACCEPT
iptables -Z -v
iptables -L -v -n
iptables -t nat -Z -v
iptables -t nat -F
iptables -t nat -L -n
iptables -t nat -Z POSTROUTING
iptables -t nat -Z POSTROUTING 1
iptables -t nat -L POSTROUTING 1
iptables -L -Z -v -n
iptables -X -v
iptables -Z -v
#@machine m4
iptables -P OUTPUT ACCEPT
iptables -D OUTPUT 1
iptables -F
iptables -D OUTPUT 1
iptables -P OUTPUT ACCEPT
iptables -F OUTPUT
iptables -D OUTPUT 1
iptables -X
iptables -D OUTPUT 1
iptables -P OUTPUT DROP
iptables -F
iptables -D OUTPUT 1
iptables -X
iptables -D OUTPUT 1
iptables -P OUTPUT ACCEPT
iptables -A OUTPUT -j ACCEPT
iptables -Z
iptables -D OUTPUT 2
iptables -t nat -N X
iptables -t nat -D PREROUTING 1
iptables -t nat -D X 1
iptables -t nat -Z X 1
iptables -Z INPUT
iptables -Z FORWARD
iptables -L FORWARD 1
iptables -L FORWARD 2
iptables -L OUTPUT 3
iptables -L -n -v
iptables -D FORWARD -j DROP
iptables -C FORWARD -j DROP
iptables -D OUTPUT -j DROP
