//go:build unix

package sdoh_test

import "syscall"

// processCPU returns the CPU time the test process has used, user and system, in nanoseconds,
// or -1 if it cannot tell. Benchmarks report it beside wall time because a shared machine
// (CI, a laptop) takes the core away now and then, which inflates wall time but not CPU time.
func processCPU() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return -1
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
