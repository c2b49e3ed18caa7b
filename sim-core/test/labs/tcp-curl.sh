# HTTP over the simulated TCP: python3 -m http.server in the background, curl from another machine.
#@link server:eth0 client:eth0
#@machine server
ip addr add 10.0.0.1/24 dev eth0
ip link set eth0 up
ip netns add blue
ip netns add red
echo hello world > /run/hello.txt
python3 -m http.server 8000 --directory /run/netns >/dev/null 2>&1 &
python3 -m http.server 8080 --bind 10.0.0.1 --directory /run 2>/run/http.log >/dev/null &
ss -tln | sort
ss -ltn sport = :8000
curl -s 127.0.0.1:8000 | head -3
curl -s -o /dev/null -w '%{http_code}\n' 127.0.0.1:8080
curl -s -o /dev/null -w '%{http_code} %{remote_ip}:%{remote_port}\n' 10.0.0.1:8080/hello.txt
#@machine client
ip addr add 10.0.0.2/24 dev eth0
ip link set eth0 up
echo '10.0.0.1 web' >> /etc/hosts
curl -s 10.0.0.1:8000
curl -s http://10.0.0.1:8000/
curl -s http://web:8000/blue
curl -s web:8080/hello.txt
curl -s -o /dev/null -w '%{http_code}\n' 10.0.0.1:8000/missing
curl -s 10.0.0.1:8000/missing
curl -s -w '%{http_code} %{remote_ip} %{remote_port} %{size_download} %{num_connects} %{content_type}\n' -o /dev/null 10.0.0.1:8000/
curl -s -o /run/page.html 10.0.0.1:8080/hello.txt
cat /run/page.html
curl -sI 10.0.0.1:8080/hello.txt | grep -v -e Date -e Last-Modified
curl -si 10.0.0.1:8000/red | grep -v -e Date -e Last-Modified
curl -s -X POST 10.0.0.1:8000/
curl -s -d 'a=1' 10.0.0.1:8000/
curl -s -H 'Host: example' -o /dev/null -w '%{http_code}\n' 10.0.0.1:8000/
curl -s -X HEAD -m 2 -o /dev/null -w '%{http_code}\n' 10.0.0.1:8000/
curl -s 10.0.0.1:8000/blue/
curl -s "10.0.0.1:8000/a b"
curl -s 10.0.0.1:8000/..%2f
curl -o /dev/null 10.0.0.1:8000/ 2>&1 | head -2
curl -v -s -o /dev/null 10.0.0.1:8000/nothing 2>&1 | grep -v -e Date -e '^{'
curl -s -o /dev/null -w '%{http_code} %{size_header}\n' 10.0.0.1:8080/
#@machine server
cut -d' ' -f1-3,6- /run/http.log
