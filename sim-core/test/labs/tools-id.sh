# coreutils id: formats, option errors, users
#@machine host
id
id -u
id -g
id -G
id -un
id -gn
id -Gn
id -n
id -r
id -ur
id root
id -u root
id nobody
id nosuchuser
id -x
id -u -g
id -z
id -uz
id a b
