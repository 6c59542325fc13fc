package main

import "math"

// tQuantiles are the 97.5th percentiles of Student's t distribution for 1 to 30 degrees of
// freedom, the multipliers of a two-sided 95% confidence interval (NIST/SEMATECH e-Handbook of
// Statistical Methods, §1.3.6.7.2, "Critical values of the Student's t distribution"), to three
// decimals. Beyond 30 degrees of freedom the normal 1.96 is used; it understates the interval
// by at most 2% (t is 2.000 at 60 degrees of freedom).
var tQuantiles = [...]float64{12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
	2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
	2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042}

// tQuantile returns the multiplier of a 95% interval with df degrees of freedom (df >= 1).
func tQuantile(df int) float64 {
	if df <= len(tQuantiles) {
		return tQuantiles[df-1]
	}
	return 1.96
}

// A summary is a measure's value over the replicates: the mean and, with two replicates or
// more, the 95% confidence interval of the mean, mean ± t(0.975, n−1) · s / √n, where s is the
// sample standard deviation across replicates. One replicate gives no interval: its spread
// cannot be estimated from one run. Valid is false when some replicate had nothing to measure
// (a denominator of 0).
type summary struct {
	mean, low, high float64
	interval, valid bool
}

// summarize returns the summary of the replicates' values. Products are converted to float64
// before they are added, so that no processor fuses them into a multiply-add and every
// machine prints the same digits.
func summarize(values []float64) summary {
	n := len(values)
	var sum float64
	for _, v := range values {
		if math.IsNaN(v) {
			return summary{}
		}
		sum += v
	}
	s := summary{mean: sum / float64(n), valid: true}
	s.low, s.high = s.mean, s.mean
	if n < 2 {
		return s
	}
	var ss float64
	for _, v := range values {
		d := v - s.mean
		ss += float64(d * d)
	}
	half := float64(tQuantile(n-1) * math.Sqrt(ss/float64(n-1)) / math.Sqrt(float64(n)))
	s.low, s.high, s.interval = s.mean-half, s.mean+half, true
	return s
}
