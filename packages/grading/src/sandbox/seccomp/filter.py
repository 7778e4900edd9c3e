"""Writes the sandbox's seccomp filter (classic BPF, for bubblewrap's --seccomp) to stdout,
compiled by libseccomp (Debian's python3-seccomp). Everything is allowed except the calls a
test never needs and an escape would: debugging other processes, namespaces and mounts, the
kernel keyring, BPF and perf, loading kernel code, io_uring. Denied calls fail with EPERM; a
call from another ABI than the native one (x32, i386 on x86_64) kills the process."""

import errno
import sys

import seccomp

DENIED = [
    # other processes' memory and control
    "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "pidfd_getfd",
    # namespaces, mounts and the root
    "unshare", "setns", "mount", "umount2", "pivot_root", "chroot", "move_mount",
    "open_tree", "fsopen", "fsmount", "fsconfig", "fspick", "mount_setattr",
    "open_by_handle_at", "name_to_handle_at",
    # the kernel keyring
    "keyctl", "add_key", "request_key",
    # BPF, perf and tracing
    "bpf", "perf_event_open", "userfaultfd", "fanotify_init", "lookup_dcookie",
    # loading kernel code, rebooting, swapping, the clock
    "kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module",
    "reboot", "swapon", "swapoff", "acct", "quotactl", "syslog", "vhangup",
    "settimeofday", "clock_settime", "clock_adjtime", "adjtimex",
    # io_uring: a large kernel surface no test needs
    "io_uring_setup", "io_uring_enter", "io_uring_register",
]


def main():
    rules = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
    for name in DENIED:
        try:
            rules.add_rule(seccomp.ERRNO(errno.EPERM), name)
        except (ValueError, RuntimeError):
            pass  # not a call of this architecture or this libseccomp
    rules.export_bpf(sys.stdout)


main()
