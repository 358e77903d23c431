package pipeline

import (
	"errors"
	"io/fs"
	"os"
)

// errNotRegular rejects what is not a file of data: a device, a pipe, a
// socket or a folder given where a file was expected.
var errNotRegular = errors.New("not a regular file (a device, pipe or socket): nothing to read")

// errKernelFile rejects a file of the kernel's own file systems (/proc,
// /sys): they call themselves regular files, but their size says nothing
// and a read of some (/proc/kmsg) waits for ever.
var errKernelFile = errors.New("a file of the operating system's kernel (/proc, /sys), not a data file")

// openRegular opens an input for reading only if it is a regular file on
// a disk's file system, checked on the file opened (so a link swapped
// after the inputs were listed cannot get round it). It opens without
// blocking, so a pipe put in a file's place cannot hold the run.
func openRegular(path string) (*os.File, fs.FileInfo, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|oNonblock, 0)
	if err != nil {
		return nil, nil, err
	}
	info, err := f.Stat()
	if err == nil && !info.Mode().IsRegular() {
		err = errNotRegular
	}
	if err == nil && onKernelFS(f) {
		err = errKernelFile
	}
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, info, nil
}
