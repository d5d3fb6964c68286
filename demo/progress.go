package demo

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// bar draws a one-line progress bar of the members written. A nil *bar
// draws nothing, so callers need not check.
type bar struct {
	w           io.Writer
	total, done int
	start, last time.Time
}

// barEvery bounds how often the bar is redrawn.
const barEvery = 200 * time.Millisecond

func newBar(w io.Writer, total int) *bar {
	if w == nil {
		return nil
	}
	now := time.Now()
	b := &bar{w: w, total: total, start: now}
	b.draw(now)
	return b
}

func (b *bar) add(n int) {
	if b == nil {
		return
	}
	b.done += n
	if now := time.Now(); now.Sub(b.last) >= barEvery {
		b.draw(now)
	}
}

// finish draws the final state and ends the line.
func (b *bar) finish() {
	if b == nil {
		return
	}
	b.draw(time.Now())
	fmt.Fprintln(b.w)
}

func (b *bar) draw(now time.Time) {
	b.last = now
	const width = 30
	frac := 1.0
	if b.total > 0 {
		frac = min(1, float64(b.done)/float64(b.total))
	}
	fill := int(frac * width)
	elapsed := now.Sub(b.start)
	eta := "--"
	if b.done > 0 && frac < 1 {
		eta = (time.Duration(float64(elapsed) * (1 - frac) / frac)).Round(time.Second).String()
	}
	rate := 0.0
	if s := elapsed.Seconds(); s > 0 {
		rate = float64(b.done) / s
	}
	fmt.Fprintf(b.w, "\r生成党员 members [%s%s] %3.0f%% %d/%d %.0f/s 剩余 eta %s   ",
		strings.Repeat("█", fill), strings.Repeat("░", width-fill), frac*100, b.done, b.total, rate, eta)
}
