# Sourced by tests that start servers: loopback ports for them, taken below
# the kernel's ephemeral range. A port in that range can be given at any
# moment to a client's outgoing connection (another test's, or a broker's
# own to its peers), so a port that was free when checked could be taken
# before Kafka bound it: a three-broker start once failed with "Address
# already in use" that way.

# The first port of the ephemeral range (32768 on Debian).
ephemeral_low() { cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768; }

# No socket in any state uses the port (listening or connected).
port_free() { [ -z "$(ss -Htan "( sport = :$1 )" 2>/dev/null)" ]; }

# pick_ports FROM TO OFFSET...: prints a base in [FROM, TO), TO lowered to the
# ephemeral range's start, such that base+OFFSET is free for every OFFSET.
# Starts at a random point, so parallel tests rarely try the same base.
pick_ports() {
  local from=$1 to=$2 low max=0 o span start k b ok
  shift 2
  low=$(ephemeral_low)
  for o in "$@"; do [ "$o" -le "$max" ] || max=$o; done
  # A machine whose ephemeral range starts low: its ports are what is left.
  [ "$low" -le $((from + max + 100)) ] || [ "$to" -le "$low" ] || to=$low
  span=$((to - max - from))
  [ "$span" -gt 0 ] || return 1
  start=$((RANDOM % span))
  for ((k = 0; k < span; k++)); do
    b=$((from + (start + k) % span))
    ok=1
    for o in "$@"; do port_free $((b + o)) || { ok=0; break; }; done
    [ "$ok" = 0 ] || { echo "$b"; return 0; }
  done
  return 1
}
