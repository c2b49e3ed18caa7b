# Servers as background jobs: stopped with kill %1 in the same shell, or by the pid ss -p shows;
# python3 http.server's errors; the request log on stderr.
#@link a:eth0 b:eth0
#@machine a
ip addr add 10.0.0.1/24 dev eth0
ip link set eth0 up
python3 -m http.server 8000 >/dev/null 2>&1 & sleep 0.5; ss -tln; kill %1; sleep 0.5; ss -tln
python3 -m http.server 8001 >/dev/null 2>&1 &
ss -tlnp | grep -c python3
kill $(ss -tlnp | grep -o 'pid=[0-9]*' | cut -d= -f2)
ss -tln
curl -sS 127.0.0.1:8001
python3 -m http.server 8002 2>/run/log8002 & sleep 0.5; curl -s -o /dev/null 127.0.0.1:8002; curl -s -o /dev/null 127.0.0.1:8002/nope; kill %1
cut -d' ' -f1-3,6- /run/log8002
python3 -m http.server 80 --bind 10.0.0.9
python3 -m http.server abc
python3 -m http.server 70000 >/dev/null 2>&1 & sleep 0.5; ss -tln | grep -c 4464; kill %1
python3 -m http.server --bind
python3 -m http.server 1 2
nc -l 7000 >/dev/null 2>&1 &
nc -zv 127.0.0.1 7000
ss -tan state time-wait | wc -l
ss -tn state time-wait -o | grep -c timewait
#@machine b
ip addr add 10.0.0.2/24 dev eth0
ip link set eth0 up
nc -zv 10.0.0.1 7000
curl -sS 10.0.0.1:8001
python3 -m http.server 9000 --bind 10.0.0.2 >/dev/null 2>&1 &
curl -s -o /dev/null -w '%{http_code} %{local_ip}\n' 10.0.0.2:9000
curl -s -o /dev/null -w '%{http_code}\n' 127.0.0.1:9000
