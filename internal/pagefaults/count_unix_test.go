//go:build unix

package pagefaults_test

import (
	"syscall"
	"testing"

	"github.com/carecoord/carecoord/internal/pagefaults"
)

// Writing to memory the process has just mapped faults its pages in, and Count sees them.
func TestCountSeesFreshPages(t *testing.T) {
	const pages = 256
	mem, err := syscall.Mmap(-1, 0, pages*4096, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		t.Skipf("cannot map memory here: %v", err)
	}
	defer syscall.Munmap(mem)
	before := pagefaults.Count()
	if before < 0 {
		t.Fatal("Count gives -1 on a Unix system")
	}
	for i := 0; i < len(mem); i += 4096 {
		mem[i] = 1
	}
	if after := pagefaults.Count(); after <= before {
		t.Fatalf("Count went from %d to %d over writing %d fresh pages", before, after, pages)
	}
}
