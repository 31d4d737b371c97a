package session_test

import (
	"context"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/rolecall/rolecall/internal/session"
)

// The benchmarks run against the real Redis (redistest.URL) and report the
// Redis round trips each operation costs, counted by Store.Commands:
//
//	go test -run '^$' -bench . -benchmem ./internal/session/

func reportRoundTrips(b *testing.B, s *session.Store, before int64) {
	b.Helper()
	b.ReportMetric(float64(s.Commands()-before)/float64(b.N), "roundtrips/op")
}

func BenchmarkUpdate(b *testing.B) {
	s := openRedis(b, session.Config{})
	ctx := context.Background()
	a := fullAssessment(session.Key{Team: "T1", User: "U1", Channel: "D1"})
	if err := s.Create(ctx, a); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	before := s.Commands()
	b.ResetTimer()
	for b.Loop() {
		if err := s.Update(ctx, a); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	reportRoundTrips(b, s, before)
}

func BenchmarkClaim(b *testing.B) {
	s := openRedis(b, session.Config{})
	ctx := context.Background()
	if _, err := s.Claim(ctx, "T1", "warm-up"); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	before := s.Commands()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		i++
		ok, err := s.Claim(ctx, "T1", "Ev"+strconv.Itoa(i))
		if err != nil || !ok {
			b.Fatalf("Claim = %v, %v", ok, err)
		}
	}
	b.StopTimer()
	reportRoundTrips(b, s, before)
}

func BenchmarkGet(b *testing.B) {
	s := openRedis(b, session.Config{})
	ctx := context.Background()
	a := fullAssessment(session.Key{Team: "T1", User: "U1", Channel: "D1"})
	if err := s.Create(ctx, a); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	before := s.Commands()
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.Get(ctx, a.Key); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	reportRoundTrips(b, s, before)
}

// BenchmarkClaimParallel claims from many goroutines at once, as a bot's
// worker pool does: its ns/op is the inverse of claims per second.
func BenchmarkClaimParallel(b *testing.B) {
	s := openRedis(b, session.Config{})
	ctx := context.Background()
	var next atomic.Int64
	b.ReportAllocs()
	before := s.Commands()
	b.SetParallelism(8)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			ok, err := s.Claim(ctx, "T1", "Ev"+strconv.FormatInt(next.Add(1), 10))
			if err != nil || !ok {
				b.Errorf("Claim = %v, %v", ok, err)
				return
			}
		}
	})
	b.StopTimer()
	reportRoundTrips(b, s, before)
}
