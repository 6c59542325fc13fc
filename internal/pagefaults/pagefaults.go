// Package pagefaults counts the page faults of the running process, for benchmarks. On a
// virtual machine where the kernel takes microseconds to map a page, a run that has to grow
// the heap measures the machine more than the code: reporting its faults beside its time says
// which kind of run it was.
package pagefaults

import "testing"

// Report reports, as the metric faults/op, the page faults each of b's runs took on average
// since [Count] returned since. It reports nothing when since is negative.
func Report(b *testing.B, since int64) {
	if since < 0 || b.N == 0 {
		return
	}
	b.ReportMetric(float64(Count()-since)/float64(b.N), "faults/op")
}
