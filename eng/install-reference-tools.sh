#!/usr/bin/env bash
# Installs the reference tools the differential tests compare against: Debian's RISC-V cross toolchains
# (bare-metal and Linux/glibc), picolibc, and qemu-riscv64. Nothing here is needed to build or use CvmSdk;
# without these tools the differential tests are skipped with a reason (and fail under CI=true).
set -euo pipefail

packages=(
  gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf picolibc-riscv64-unknown-elf
  gcc-riscv64-linux-gnu libc6-dev-riscv64-cross
  qemu-user
)
tools=(riscv64-unknown-elf-gcc riscv64-unknown-elf-as riscv64-unknown-elf-objdump riscv64-linux-gnu-gcc qemu-riscv64)

missing=0
for tool in "${tools[@]}"; do
  command -v "$tool" >/dev/null 2>&1 || missing=1
done
[ -d /usr/lib/picolibc/riscv64-unknown-elf ] || missing=1
if [ "$missing" = 0 ]; then
  echo "reference tools: already installed"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "reference tools: apt-get not found; install these packages by hand to run the differential tests: ${packages[*]}" >&2
  exit 0
fi

sudo=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "reference tools: not root and no sudo; install these packages to run the differential tests: ${packages[*]}" >&2
    exit 0
  fi
fi

echo "reference tools: installing ${packages[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
echo "reference tools: installed"
