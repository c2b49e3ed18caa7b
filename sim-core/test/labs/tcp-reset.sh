# Servers that answer badly: nothing (curl 52), a hand-written HTTP reply from nc, a port that
# closes after a while, and curl's -f, -I, -v and -w with what they get.
#@link a:eth0 b:eth0
#@machine a
ip addr add 10.0.0.1/24 dev eth0
ip link set eth0 up
printf 'HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nhello from nc\n' > /run/reply.txt
nc -l -p 9001 -q 1 </run/reply.txt >/run/request.txt 2>&1 &
printf 'HTTP/1.0 404 Not Found\r\nContent-Length: 4\r\n\r\nnope' > /run/404.txt
nc -l -p 9002 -q 1 </run/404.txt >/dev/null 2>&1 &
nc -l -p 9003 -q 1 </run/404.txt >/dev/null 2>&1 &
#@machine b
ip addr add 10.0.0.2/24 dev eth0
ip link set eth0 up
curl -sS 10.0.0.1:9001/path?q=1
curl -sS -f -w '%{http_code}\n' 10.0.0.1:9002
curl -sS -w '%{http_code} %{size_download}\n' 10.0.0.1:9003
#@machine a
cat /run/request.txt
