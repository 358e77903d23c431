package terminal

import (
	"os"
	"syscall"
	"unsafe"
)

// columns is the terminal's width in characters (TIOCGWINSZ), or 0 when it
// cannot be read.
func columns(f *os.File) int {
	rc, err := f.SyscallConn()
	if err != nil {
		return 0
	}
	var ws struct{ Row, Col, X, Y uint16 }
	var errno syscall.Errno
	if err := rc.Control(func(fd uintptr) {
		_, _, errno = syscall.Syscall(syscall.SYS_IOCTL, fd, uintptr(syscall.TIOCGWINSZ), uintptr(unsafe.Pointer(&ws)))
	}); err != nil || errno != 0 {
		return 0
	}
	return int(ws.Col)
}
