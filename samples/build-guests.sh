#!/bin/sh
# Rebuilds every committed sample guest image from its C sources with Debian's riscv64-unknown-elf-gcc.
# Usage (from anywhere): samples/build-guests.sh [OUTPUT_DIRECTORY]
#   without an argument the images are written next to their sources (samples/*/guest/*.elf);
#   with one they are written there instead (the CI test compares those with the committed images byte for byte).
# The generated contract bindings come from `dotnet build` of each sample (its obj/cvm/include); build the samples
# first. The flags are fixed and the paths are relative to the repository root, so the output is byte-identical on
# every machine with the same Debian toolchain.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
output=${1:-}
cd "$root"
flags="-march=rv64gc -mabi=lp64d -O2 -Wall -Werror -ffreestanding -fno-builtin -ffile-prefix-map=$root=."
# The guest runtime's start-up code, assembled once to a fixed name: the linker records an object's file name as a
# symbol, and gcc's own temporary names would differ on every run.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
riscv64-unknown-elf-gcc $flags -c src/Cvm.Monitor/guest/cvm_start.S -o "$scratch/cvm_start.o"

# guest NAME SOURCE BASE [EXTRA_SOURCES...]: links samples/NAME/guest/SOURCE.c at region base BASE.
guest() {
    sample=$1 source=$2 base=$3
    shift 3
    include=samples/$sample/obj/cvm/include
    if [ ! -d "$include" ]; then
        echo "build-guests: $include is missing; run 'dotnet build samples/$sample' first" >&2
        exit 1
    fi
    target=samples/$sample/guest/$source.elf
    if [ -n "$output" ]; then
        mkdir -p "$output/$sample"
        target=$output/$sample/$source.elf
    fi
    riscv64-unknown-elf-gcc $flags -nostdlib -nostartfiles -static \
        -Wl,-Ttext-segment="$base" -Wl,-z,max-page-size=4096 -Wl,--build-id=none -Wl,--no-warn-rwx-segments \
        -Isrc/Cvm.Monitor/guest -I"$include" \
        "$scratch/cvm_start.o" "samples/$sample/guest/$source.c" "$@" -lgcc -o "$target"
    echo "$target"
}

guest HelloCvm greeter 0x20000000 samples/HelloCvm/obj/cvm/include/greeter_server.c
