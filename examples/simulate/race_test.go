//go:build race

package main

// raceDetector is set when the tests run with -race, which makes the simulation about ten
// times slower: the tests then simulate fewer patients.
const raceDetector = true
