# neigh-cmds: ip neigh add/del/change/replace/flush/show by hand (nud permanent/noarp/reachable/stale,
# lladdr formats, proxy), the filters (dev, nud, to-prefix), and every error message and exit status.
#@lan lan1 H:eth0 T:eth0
#@machine H
ip link set eth0 address 02:00:00:00:00:01
ip link set eth0 up
ip addr add 10.0.0.1/24 dev eth0
ip link add v0 type veth peer name v1
ip neigh add 10.0.0.5 lladdr 02:00:00:00:00:05 dev eth0
ip neigh add 10.0.0.5 lladdr 02:00:00:00:00:06 dev eth0
ip neigh add 10.0.0.6 lladdr 02:00:00:00:00:06 dev eth0 nud reachable
ip neigh add 10.0.0.7 lladdr 02:00:00:00:00:07 dev eth0 nud stale
ip neigh add 10.0.0.8 lladdr 02:00:00:00:00:08 dev eth0 nud noarp
ip neigh add 10.0.0.9 dev eth0 nud failed
ip neigh add 10.0.0.10 lladdr 2:0:0:0:0:a dev eth0 nud permanent
ip neigh add 10.9.9.9 lladdr 02:00:00:00:09:09 dev eth0
ip neigh add 10.0.0.11 lladdr 02:00:00:00:00:0b dev v0
ip neigh
ip neigh show nud all
ip neigh show dev eth0
ip neigh show dev eth0 nud permanent
ip neigh show nud noarp
ip neigh show nud stale
ip neigh show 10.0.0.0/30
ip neigh show to 10.0.0.8/29
ip neigh show 10.0.0.6
ip neigh show dev v0
ip neigh show dev eth9
ip neigh show nud bogus
ip neigh change 10.0.0.5 lladdr 02:00:00:00:00:55 dev eth0
ip neigh change 10.0.0.99 lladdr 02:00:00:00:00:99 dev eth0
ip neigh replace 10.0.0.7 lladdr 02:00:00:00:00:77 dev eth0 nud permanent
ip neigh replace 10.0.0.99 lladdr 02:00:00:00:00:99 dev eth0
ip neigh show 10.0.0.5
ip neigh show 10.0.0.7
ip neigh show 10.0.0.99
ip neigh add 10.0.0.12 lladdr 02:00:00:00:00 dev eth0
ip neigh add 10.0.0.12 lladdr zz:00:00:00:00:0c dev eth0
ip neigh add 10.0.0.12 lladdr 02:00:00:00:00:0c:0d dev eth0
ip neigh add 10.0.0.300 lladdr 02:00:00:00:00:0c dev eth0
ip neigh add 10.0.0.12 lladdr 02:00:00:00:00:0c
ip neigh add 10.0.0.12 lladdr 02:00:00:00:00:0c dev eth9
ip neigh add 10.0.0.12 lladdr 02:00:00:00:00:0c dev eth0 nud bogus
ip neigh add 10.0.0.12 lladdr 02:00:00:00:00:0c dev eth0 bogus
ip neigh add lladdr 02:00:00:00:00:0c dev eth0
ip neigh add 10.0.0.12 dev eth0
ip neigh add 10.0.0.12 lladdr dev eth0
ip neigh add 10.0.0.13 dev eth0
ip neigh show nud all 10.0.0.13
ip neigh add 10.0.0.12 lladdr 02:00:00:00:00:0c dev lo
ip neigh del 10.0.0.5 dev eth0
ip neigh del 10.0.0.5 dev eth0
ip neigh del 10.0.0.5
ip neigh del 10.0.0.6 dev eth9
ip neigh add proxy 10.0.0.50 dev eth0
ip neigh show proxy
ip neigh del proxy 10.0.0.50 dev eth0
ip neigh flush dev eth0
ip neigh show nud all
ip neigh flush all
ip neigh show nud all
ip -4 neigh flush nud all
ip -4 neigh show nud all
ip neigh flush
ip neigh flush dev eth9
ip neigh bogus
ip neigh add
ip n
