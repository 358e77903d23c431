package pipeline

import (
	"os"
	"syscall"
)

const oNonblock = syscall.O_NONBLOCK

// kernelFS are the magic numbers (statfs f_type) of the kernel's virtual
// file systems: proc, sysfs, debugfs, tracefs, securityfs, cgroup,
// cgroup2, configfs, pstore, bpf, efivarfs.
var kernelFS = map[int64]bool{0x9fa0: true, 0x62656572: true, 0x64626720: true, 0x74726163: true, 0x73636673: true,
	0x27e0eb: true, 0x63677270: true, 0x62656570: true, 0x6165676c: true, 0xcafe4a11: true, 0xde5e81e4: true}

func onKernelFS(f *os.File) bool {
	var st syscall.Statfs_t
	if err := syscall.Fstatfs(int(f.Fd()), &st); err != nil {
		return false
	}
	return kernelFS[int64(st.Type)]
}
