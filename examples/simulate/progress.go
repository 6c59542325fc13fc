package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// isTerminal reports whether w is a terminal (a character device), where a progress bar may be
// drawn; files, pipes and test buffers are not.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// A progress bar counts the patients simulated (each replicate's patients count again) and
// redraws one line on a terminal four times a second: the bar, patients done of the total, the
// rate and the time left. It reads the wall clock, which the output never depends on. The nil
// *progress draws nothing and counts nothing.
type progress struct {
	w          io.Writer
	total      int64
	done       atomic.Int64
	start      time.Time
	stop, quit chan struct{}
	once       sync.Once
}

func startProgress(w io.Writer, total int64) *progress {
	p := &progress{w: w, total: total, start: time.Now(), stop: make(chan struct{}), quit: make(chan struct{})}
	go p.loop()
	return p
}

// add counts n more patients done.
func (p *progress) add(n int) {
	if p != nil {
		p.done.Add(int64(n))
	}
}

func (p *progress) loop() {
	defer close(p.quit)
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-p.stop:
			p.draw()
			fmt.Fprintln(p.w)
			return
		case <-tick.C:
			p.draw()
		}
	}
}

// draw writes the line over the previous one.
func (p *progress) draw() {
	const width = 30
	done := p.done.Load()
	elapsed := time.Since(p.start).Seconds()
	rate, left := 0.0, "?"
	if elapsed > 0 && done > 0 {
		rate = float64(done) / elapsed
		left = (time.Duration(float64(p.total-done)/rate) * time.Second).Round(time.Second).String()
	}
	filled := int(int64(width) * done / max(p.total, 1))
	bar := make([]byte, width)
	for i := range bar {
		bar[i] = '.'
		if i < filled {
			bar[i] = '#'
		}
	}
	fmt.Fprintf(p.w, "\r[%s] %d/%d patients  %.0f/s  %s left   ", bar, done, p.total, rate, left)
}

// finish draws the last line and ends it.
func (p *progress) finish() {
	if p == nil {
		return
	}
	p.once.Do(func() {
		close(p.stop)
		<-p.quit
	})
}
