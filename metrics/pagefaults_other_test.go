//go:build !unix

package metrics_test

// pageFaults returns -1: this system does not tell the test process its page faults.
func pageFaults() int64 { return -1 }
