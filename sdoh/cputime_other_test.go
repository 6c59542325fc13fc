//go:build !unix

package sdoh_test

func processCPU() int64 { return -1 }
