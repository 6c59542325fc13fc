//go:build unix

package pagefaults

import "syscall"

// Count returns how many times so far the operating system has had to map a page of memory
// into the process without reading a disk (minor faults: chiefly memory the process touches
// for the first time), or -1 if it cannot tell.
func Count() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return -1
	}
	return int64(ru.Minflt)
}
