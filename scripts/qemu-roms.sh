#!/bin/sh
# SPDX-License-Identifier: MIT
# Makes the directory passed to QEMU's -L: SeaBIOS (package seabios) and the
# option ROMs a q35 -kernel boot loads (package qemu-system-data), as symlinks.
# One place for everything that starts our QEMU (guest runs, qtest checks).
# usage: qemu-roms.sh DIR
set -eu
dir=$1
mkdir -p "$dir"
for f in /usr/share/seabios/bios*.bin /usr/share/seabios/vgabios*.bin \
	/usr/share/qemu/linuxboot_dma.bin /usr/share/qemu/linuxboot.bin \
	/usr/share/qemu/kvmvapic.bin /usr/share/qemu/multiboot_dma.bin \
	/usr/share/qemu/efi-e1000e.rom; do
	[ -e "$f" ] && ln -sfn "$f" "$dir/${f##*/}"
done
for need in bios-256k.bin vgabios-stdvga.bin linuxboot_dma.bin kvmvapic.bin; do
	[ -e "$dir/$need" ] || {
		echo "qemu-roms: $need missing (packages seabios, qemu-system-data)" >&2
		exit 1
	}
done
