//go:build !unix

package main

import "os"

// readAll returns the bytes of the file at path, and a function that releases them.
func readAll(path string) ([]byte, func(), error) {
	b, err := os.ReadFile(path)
	return b, func() {}, err
}
