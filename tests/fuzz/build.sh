#!/bin/bash
# Build the libFuzzer harnesses: the core's sources compiled once with clang and
# -fsanitize=fuzzer-no-link,address,undefined into OUT/core/, then one binary per harness.
# Independent of the configured compiler: `make fuzz-build` passes the paths and flags.
# usage: build.sh SRCDIR BUILDDIR OUT "CFLAGS (sqlite, uuid)" "LIBS"
set -eu
srcdir=$1 builddir=$2 out=$3 pkg_cflags=$4 libs=$5
cc=${FUZZ_CC:-clang}
san="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
flags="-std=c11 -g -O1 -D_XOPEN_SOURCE=700 -DCL_CORE -iquote $srcdir/src -iquote $srcdir/src/demo -iquote $builddir/src -I $builddir $pkg_cflags"

command -v "$cc" >/dev/null || { echo "fuzz: $cc not found (apt-get install clang)" >&2; exit 1; }
mkdir -p "$out/core"
# The core and the demo generators (src/demo/), with the generated schema.
# An object is rebuilt when its source or any core header is newer.
newest_h=$(ls -t "$srcdir"/src/*.h "$srcdir"/src/demo/*.h "$builddir/config.h" | head -n 1)
for f in "$srcdir"/src/*.c "$srcdir"/src/demo/*.c "$builddir"/src/schema_sql.c \
	"$builddir"/src/hub_sql.c; do
	o="$out/core/$(basename "$f" .c).o"
	if [ "$o" -nt "$f" ] && [ "$o" -nt "$newest_h" ]; then continue; fi
	echo "$cc -c $flags $san -fsanitize=fuzzer-no-link -o $o $f"
done | xargs -r -P "${FUZZ_JOBS:-2}" -I{} sh -c '{}'
for h in "$srcdir"/tests/fuzz/fuzz_*.c; do
	name=$(basename "$h" .c)
	echo "  CCLD   $out/$name"
	# shellcheck disable=SC2086
	$cc $flags -Wall -Wextra -Werror $san -fsanitize=fuzzer -iquote "$srcdir/tests/fuzz" -o "$out/$name" "$h" \
		"$out"/core/*.o $libs
done
