# Sourced by ./modelgate and ./mvnw (POSIX sh, globbing may be off): make JAVA_HOME point at a
# JDK >= 25. JAVA_HOME wins when it is suitable; otherwise the newest JDK under /usr/lib/jvm.
modelgate_jdk_version() {
  # prints the feature release (17, 21, 25, ...) of the JDK at $1, or nothing
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] && [ -f "$1/release" ] || return 0
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release"
}
modelgate_find_jdk() {
  mg_need=25
  if [ -n "${JAVA_HOME:-}" ]; then
    mg_v=$(modelgate_jdk_version "$JAVA_HOME")
    if [ -n "$mg_v" ] && [ "$mg_v" -ge "$mg_need" ]; then return 0; fi
  fi
  mg_best="" mg_bestv=0
  for mg_d in $(find /usr/lib/jvm -mindepth 1 -maxdepth 1 -type d 2>/dev/null | sort); do
    mg_v=$(modelgate_jdk_version "$mg_d")
    if [ -n "$mg_v" ] && [ "$mg_v" -ge "$mg_need" ] && [ "$mg_v" -gt "$mg_bestv" ]; then
      mg_best=$mg_d mg_bestv=$mg_v
    fi
  done
  if [ -z "$mg_best" ]; then
    echo "modelgate: needs a JDK $mg_need or newer; none in JAVA_HOME or /usr/lib/jvm." >&2
    echo "modelgate: install one (e.g. Temurin 25) and point JAVA_HOME at it." >&2
    return 1
  fi
  JAVA_HOME=$mg_best
  export JAVA_HOME
}
