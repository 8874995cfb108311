# Sourced by ./veritrail and .ci/run: sets JAVA_HOME to a JDK of version 21 or newer.
# Order: JAVA_HOME if it is one, then the java on PATH, then the newest JDK under /usr/lib/jvm.

_veritrail_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

_veritrail_pick_jdk() {
  local candidate major best="" best_major=0
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/javac" ]]; then
    major=$(_veritrail_java_major "$JAVA_HOME")
    if [[ -n "$major" && "$major" -ge 21 ]]; then echo "$JAVA_HOME"; return 0; fi
  fi
  if command -v javac >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    major=$(_veritrail_java_major "$candidate")
    if [[ -n "$major" && "$major" -ge 21 ]]; then echo "$candidate"; return 0; fi
  fi
  for candidate in /usr/lib/jvm/* /opt/java/* /opt/jdk*; do
    [[ -x "$candidate/bin/javac" ]] || continue
    major=$(_veritrail_java_major "$candidate")
    if [[ -n "$major" && "$major" -gt "$best_major" ]]; then best="$candidate"; best_major="$major"; fi
  done
  if [[ "$best_major" -ge 21 ]]; then echo "$best"; return 0; fi
  return 1
}

if _veritrail_jdk=$(_veritrail_pick_jdk); then
  export JAVA_HOME="$_veritrail_jdk"
  export PATH="$JAVA_HOME/bin:$PATH"
  # Maven 3.9's Guice warns about sun.misc.Unsafe on JDK 24+; the flag that silences it does not exist before 23.
  if [[ $(_veritrail_java_major "$JAVA_HOME") -ge 24 && "${MAVEN_OPTS:-}" != *sun-misc-unsafe* ]]; then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  fi
else
  echo "Veritrail needs a JDK 21 or newer and found none (JAVA_HOME, PATH and /usr/lib/jvm were searched)." >&2
  echo "Install one (for example Eclipse Temurin 21) and set JAVA_HOME to it." >&2
  exit 1
fi
unset _veritrail_jdk
