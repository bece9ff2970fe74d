#!/bin/sh
# Makes the self-contained release: modelgate-VERSION-linux-x64.tar.gz holding a jlink-trimmed
# Java runtime, the CLI jar, an AOT cache made by that runtime, and bin/modelgate.
# Run by `./mvnw package -Prelease` (modelgate-cli's release profile), after the jar is shaded:
#   scripts/release.sh JDK_HOME CLI_JAR VERSION OUT_DIR EXAMPLES_DIR
# The tarball needs no JDK and no PATH: bin/modelgate uses only shell built-ins.
set -eu
jdk=$1 jar=$2 version=$3 out=$4 examples=$5
name=modelgate-$version
stage=$out/release/$name
tarball=$out/$name-linux-x64.tar.gz

rm -rf "$out/release" "$tarball"
mkdir -p "$stage/bin" "$stage/lib"
cp "$jar" "$stage/lib/modelgate.jar"

# The modules the jar uses (jdeps), plus what is reached only by name: java.net.http (hf://),
# the charsets and the zip file system readers may need, and jdk.crypto.ec's providers.
mods=$("$jdk/bin/jdeps" --multi-release 25 --ignore-missing-deps --print-module-deps \
  "$stage/lib/modelgate.jar")
mods="$mods,java.net.http,jdk.charsets,jdk.zipfs"
"$jdk/bin/jlink" --add-modules "$mods" --strip-debug --no-man-pages --no-header-files \
  --compress zip-6 --output "$stage/runtime"

# The AOT cache must be made by the runtime that will use it, on the same jar: one training run
# of scan, hash, inspect and convert over the bundled examples (as ./modelgate does).
"$stage/runtime/bin/java" -XX:AOTCacheOutput="$stage/lib/modelgate.aot" -Xlog:disable \
  -Xlog:all=off -XX:+UseSerialGC -Xss8m -jar "$stage/lib/modelgate.jar" aot-train "$examples" \
  >/dev/null 2>&1 || true
[ -s "$stage/lib/modelgate.aot" ] || { echo "release: no AOT cache was made" >&2; exit 1; }

cat >"$stage/bin/modelgate" <<'EOF'
#!/bin/sh
# modelgate (release): runs the bundled runtime on the bundled jar and AOT cache. Shell built-ins
# only, so it works with an empty PATH and without JAVA_HOME; MODELGATE_JAVA_OPTS is passed on.
self=$0
if [ -L "$self" ] && command -v readlink >/dev/null 2>&1; then
  self=$(readlink -f "$self")
fi
case $self in
  */*) home=${self%/*}/.. ;;
  *) home=.. ;;
esac
java=$home/runtime/bin/java
[ -x "$java" ] || { echo "modelgate: $java is missing; unpack the release again" >&2; exit 2; }
opts="-Xss8m"
case " ${MODELGATE_JAVA_OPTS:-} " in
  *" -XX:+Use"*GC" "*) ;;
  *) opts="$opts -XX:+UseSerialGC" ;;
esac
[ -f "$home/lib/modelgate.aot" ] && opts="$opts -XX:AOTCache=$home/lib/modelgate.aot -Xlog:aot=off -Xlog:cds=off"
[ -t 1 ] && opts="$opts -Dmodelgate.stdout.tty=true"
[ -t 2 ] && opts="$opts -Dmodelgate.stderr.tty=true"
# shellcheck disable=SC2086
exec "$java" $opts ${MODELGATE_JAVA_OPTS:-} -jar "$home/lib/modelgate.jar" "$@"
EOF
chmod 755 "$stage/bin/modelgate"
root=${examples%/*}
for f in LICENSE NOTICE; do
  [ -f "$root/$f" ] && cp "$root/$f" "$stage/"
done
cp -R "$examples" "$stage/examples"

tar -C "$out/release" -czf "$tarball" "$name"
rm -rf "$out/release"
echo "release: $tarball ($(du -h "$tarball" | cut -f1))"
