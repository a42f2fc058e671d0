# shellcheck shell=sh
# Variables set here are read by the sourcing script:
# shellcheck disable=SC2034,SC2154
# Shell functions shared by the guest runners (sourced, not run): process
# control, the model, the guest's inputs and QEMU's common arguments.
# The caller sets VFNIC_ROOT and BUILD (absolute) before sourcing this.

die() { echo "${GL_NAME:-guest}: $*" >&2; exit 1; }
now() { date +%s; }

# stop_pid PID: TERM, wait up to 5 s, then KILL; exit status in $rc
stop_pid() {
	kill -TERM "$1" 2>/dev/null
	i=0
	while kill -0 "$1" 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -KILL "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	rc=$?
}

# wait_file FILE PATTERN SECONDS [PID]: until grep finds PATTERN in FILE;
# fails after SECONDS or as soon as PID (if given) is gone
wait_file() {
	_t=$(($(now) + $3))
	until grep -q "$2" "$1" 2>/dev/null; do
		[ -n "${4:-}" ] && ! kill -0 "$4" 2>/dev/null && return 1
		[ "$(now)" -ge "$_t" ] && return 1
		sleep 0.2
	done
}

# guest_inputs: sets qemu, vmlinuz, initrd, romdir, model_bin or dies
guest_inputs() {
	qemu=${VFNIC_QEMU:-$(cat "$BUILD/qemu-bin" 2>/dev/null)}
	{ [ -n "$qemu" ] && [ -x "$qemu" ]; } || die "no QEMU binary ('$qemu'): make qemu, or set VFNIC_QEMU"
	kdir=$VFNIC_CACHE/kernel/current
	kver=$(basename "$(readlink -f "$kdir")")
	vmlinuz=$kdir/root/boot/vmlinuz-$kver
	[ -f "$vmlinuz" ] || die "no guest kernel at $vmlinuz: make deps"
	initrd=$BUILD/guest/initramfs.cpio.gz
	[ -f "$initrd" ] || die "no $initrd: make initramfs"
	model_bin=${VFNIC_MODEL:-$BUILD/model/vfnic-model}
	[ -x "$model_bin" ] || die "no $model_bin: make model"
	romdir=$BUILD/qemu-roms
	# -L directory: SeaBIOS and the option ROMs a -kernel boot needs
	sh "$VFNIC_ROOT/scripts/qemu-roms.sh" "$romdir" || die "cannot make the QEMU ROM directory"
}

# start_model SOCKET LOGDIR [ARG...]: model in the background, $mpid; waits
# for its ready line (logs LOGDIR/model.log and LOGDIR/model.stderr)
start_model() {
	_sock=$1 _log=$2
	shift 2
	"$model_bin" --socket "$_sock" --log "$_log/model.log" "$@" \
		</dev/null >"$_log/model.stderr" 2>&1 &
	mpid=$!
	wait_file "$_log/model.stderr" "vfnic-model: ready" 60 "$mpid" || {
		cat "$_log/model.stderr" >&2
		die "model not ready"
	}
}

# guest_qemu_args APPEND: sets "$@"-ready words in $qargs (no device):
# q35, TCG, 512 MiB, our kernel and initramfs, no defaults, no reboot
guest_qemu_args() {
	qargs="-M q35 -accel tcg -m 512M -smp ${VFNIC_GUEST_SMP:-1} -nodefaults -nographic -no-reboot -L $romdir -kernel $vmlinuz -initrd $initrd"
	qappend="console=ttyS0 panic=-1 loglevel=4 $1"
}

# tap_from CONSOLE PREFIX: the guest's TAP lines (dmesg dump left out),
# renumbered from $n + 1 with PREFIX in front of each name; updates n, fails
tap_from() {
	tr -d '\r' <"$1" 2>/dev/null | awk -v n="$n" -v p="$2" '
		/^VFNIC-DMESG-BEGIN/ { skip = 1 }
		/^VFNIC-DMESG-END/ { skip = 0; next }
		skip { next }
		/^(not )?ok [0-9]+( |$)/ {
			n++
			nok = ($1 == "not")
			sub(/^(not )?ok [0-9]+ (- )?/, "")
			print (nok ? "not ok " : "ok ") n " - " p $0
		}' >"$tmp/tap.part"
	cat "$tmp/tap.part"
	n=$((n + $(grep -c -E '^(not )?ok ' "$tmp/tap.part")))
	fails=$((fails + $(grep -c '^not ok ' "$tmp/tap.part")))
}

# host_check NAME STATUS: one TAP line; updates n, fails
host_check() {
	n=$((n + 1))
	if [ "$2" -eq 0 ]; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1"
		fails=$((fails + 1))
	fi
}
