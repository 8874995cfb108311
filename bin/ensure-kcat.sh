# Sourced by ./veritrail test. One integration test produces to events.inbox with Debian's kcat, a Kafka client
# not written here (librdkafka): install it when it is missing and the machine lets us, else say how.
if ! command -v kcat >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [[ $(id -u) -eq 0 ]]; then
    echo "Installing kcat (Debian package) for the third-party client test..."
    apt-get install -y -q kcat >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q kcat >/dev/null 2>&1; } \
      || echo "Could not install kcat; ThirdPartyClientIT will fail. Install it: apt-get install kcat" >&2
  else
    echo "kcat is not installed; ThirdPartyClientIT will fail. Install it: sudo apt-get install kcat" >&2
  fi
fi
