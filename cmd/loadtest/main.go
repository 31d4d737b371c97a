// Command loadtest measures Rolecall (or a bare slack-go bot, or a minimal
// Bolt-JS app) under load
// against the fake Slack of internal/slacktest: envelopes per second, ack
// and reply latency, missing and duplicate replies, the bots' peak memory
// and goroutines, and Redis commands per event. See docs/benchmarks.md.
//
//	go run ./cmd/loadtest -rate 3000 -duration 10s
//	go run ./cmd/loadtest -rate 0 -mix mention=100
//	go run ./cmd/loadtest -target ceiling -rate 0 -window 64
//	go run ./cmd/loadtest -target bolt -rate 1500
//	go run ./cmd/loadtest -inprocess -cpuprofile cpu.prof
//
// It exits 1 when a reply is missing or duplicated, 2 on bad flags or when
// the run cannot start.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"github.com/rolecall/rolecall/internal/loadtest"
	"github.com/rolecall/rolecall/internal/slacktest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// options are the command's flags.
type options struct {
	target     string
	inprocess  bool
	instances  int
	mix        string
	rate       int
	window     int
	duration   time.Duration
	warmup     time.Duration
	drain      time.Duration
	redisURL   string
	redisCount string
	sessions   int
	workers    int
	ackTimeout time.Duration
	jsonOut    bool
	quiet      bool
	cpuprofile string
	memprofile string
	botLog     string
	boltDir    string
	bin        string
	private    bool
	countSet   bool
}

// Report is the run's outcome, as -json prints it.
type Report struct {
	Target    string `json:"target"`
	Mode      string `json:"mode"` // process or inprocess
	Instances int    `json:"instances"`
	loadtest.Result
	Bots []loadtest.Sample `json:"bots"`
	// PeakRSSMB and PeakGoroutines are the highest of any bot.
	PeakRSSMB      float64 `json:"peak_rss_mb"`
	PeakGoroutines int     `json:"peak_goroutines"`
	// RedisCommands were sent in the measured window; per event is that
	// divided by the envelopes acked in it.
	RedisCommands         int64   `json:"redis_commands"`
	RedisCommandsPerEvent float64 `json:"redis_commands_per_event"`
	// RedisRoundTripsPerEvent is measured by the counting proxy only.
	RedisRoundTripsPerEvent float64 `json:"redis_round_trips_per_event,omitempty"`
	RedisCountMethod        string  `json:"redis_count_method"`
	Sessions                int     `json:"sessions_seeded"`
	// BotCPUSeconds is the CPU the bot processes used during the run (0 in
	// process); LoadgenCPUSeconds what this process (the fake, the load
	// generator and, in process, the bots) used; per event over every
	// envelope sent.
	BotCPUSeconds        float64 `json:"bot_cpu_s"`
	BotCPUMsPerEvent     float64 `json:"bot_cpu_ms_per_event"`
	LoadgenCPUSeconds    float64 `json:"loadgen_cpu_s"`
	LoadgenCPUMsPerEvent float64 `json:"loadgen_cpu_ms_per_event"`
	Machine              string  `json:"machine"`
	// LoadAvg is /proc/loadavg before and after the run: other work on the
	// machine skews every figure.
	LoadAvg [2]string `json:"loadavg"`
	OK      bool      `json:"ok"`
	// RedisCPUMsPerEvent is the private redis-server's CPU per envelope
	// sent (with -private-redis).
	RedisCPUMsPerEvent float64 `json:"redis_cpu_ms_per_event,omitempty"`

	redis *loadtest.Redis
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var o options
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	defURL := os.Getenv("REDIS_URL")
	if defURL == "" {
		defURL = "redis://127.0.0.1:6379/0"
	}
	fs.StringVar(&o.target, "target", "rolecall", "what to drive: rolecall, ceiling (bench/ceiling: a bare slack-go bot, mentions only) or bolt (bench/bolt, mentions only)")
	fs.BoolVar(&o.inprocess, "inprocess", false, "run Rolecall inside this process (for -cpuprofile/-memprofile) instead of as ./cmd/bot processes")
	fs.IntVar(&o.instances, "instances", 1, "bot instances sharing the workspace and Redis")
	fs.StringVar(&o.mix, "mix", loadtest.DefaultMix.String(), "envelope mix: kind=weight,… (mention, dm, slash, click, assess)")
	fs.IntVar(&o.rate, "rate", 3000, "envelopes per second; 0 = as fast as replies come back, within -window")
	fs.IntVar(&o.window, "window", 256, "with -rate 0: envelopes unanswered at most")
	fs.DurationVar(&o.duration, "duration", 10*time.Second, "measured time")
	fs.DurationVar(&o.warmup, "warmup", 2*time.Second, "load before measuring, left out of the figures")
	fs.DurationVar(&o.drain, "drain", 5*time.Second, "how long to wait for the last replies")
	fs.StringVar(&o.redisURL, "redis-url", defURL, "Redis the bots use (a unique key prefix per run; its keys are deleted afterwards)")
	fs.StringVar(&o.redisCount, "redis-count", "proxy", "how to count Redis commands: proxy (a counting proxy between bots and Redis), info (INFO stats: exact only on a Redis nobody else uses, see -private-redis) or off")
	fs.IntVar(&o.sessions, "sessions", 0, "live assessment sessions to create in Redis before the run")
	fs.IntVar(&o.workers, "workers", 0, "the bot's worker pool size (0 = its default)")
	fs.DurationVar(&o.ackTimeout, "ack-timeout", 3*time.Second, "the fake redelivers envelopes not acked within this")
	fs.BoolVar(&o.jsonOut, "json", false, "print one JSON object instead of the table")
	fs.BoolVar(&o.quiet, "q", false, "no progress lines")
	fs.StringVar(&o.cpuprofile, "cpuprofile", "", "write a CPU profile of this process over the measured window: the fake and the load generator, and with -inprocess the bots")
	fs.StringVar(&o.memprofile, "memprofile", "", "write a heap profile of this process at the end")
	fs.StringVar(&o.botLog, "bot-log", "", "append the bots' output to this file")
	fs.StringVar(&o.boltDir, "bolt-dir", "", "the Bolt-JS app (default bench/bolt in the module)")
	fs.StringVar(&o.bin, "bot-binary", "", "a prebuilt ./cmd/bot (or, with -target ceiling, ./bench/ceiling) binary (default: go build it into a temp dir)")
	fs.BoolVar(&o.private, "private-redis", false, "start a private redis-server (from PATH) on a free loopback port for this run: no other client disturbs it, and -redis-count defaults to info")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	fs.Visit(func(f *flag.Flag) { o.countSet = o.countSet || f.Name == "redis-count" })
	if o.private && !o.countSet {
		o.redisCount = "info"
	}
	rep, err := execute(ctx, o, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "loadtest: %v\n", err)
		return 2
	}
	if o.jsonOut {
		enc := json.NewEncoder(stdout)
		_ = enc.Encode(rep)
	} else {
		writeTable(stdout, rep)
	}
	if !rep.OK {
		return 1
	}
	return 0
}

func execute(ctx context.Context, o options, stderr io.Writer) (*Report, error) {
	mix, err := loadtest.ParseMix(o.mix)
	if err != nil {
		return nil, err
	}
	switch o.target {
	case "rolecall":
	case "bolt", "ceiling":
		if o.inprocess {
			return nil, errors.New("-inprocess is for -target rolecall")
		}
		if mix != (loadtest.Mix{loadtest.Mention: mix[loadtest.Mention]}) {
			fmt.Fprintf(stderr, "loadtest: -target %s answers mentions only; using -mix mention=100\n", o.target)
			mix = loadtest.Mix{loadtest.Mention: 100}
		}
	default:
		return nil, fmt.Errorf("-target %q: use rolecall, ceiling or bolt", o.target)
	}
	if o.instances < 1 {
		return nil, errors.New("-instances must be at least 1")
	}
	if mix[loadtest.Assess] > 0 && o.sessions == 0 {
		return nil, errors.New("assessment clicks (assess=…) answer seeded assessments: add -sessions N (each is clicked once)")
	}

	rep := &Report{Target: o.target, Mode: "process", Instances: o.instances, Sessions: o.sessions, Machine: machine()}
	rep.LoadAvg[0] = loadavg()
	defer func() { rep.LoadAvg[1] = loadavg() }()
	if o.inprocess {
		rep.Mode = "inprocess"
	}

	// Redis: a private server, or a unique prefix on a shared one; commands
	// counted on the wire or by INFO.
	if o.private {
		srv, err := loadtest.StartRedis(ctx)
		if err != nil {
			return nil, err
		}
		defer srv.Stop()
		o.redisURL = srv.URL()
		rep.redis = srv
	}
	redisAddr, err := loadtest.RedisHostPort(o.redisURL)
	if err != nil && o.redisCount == "proxy" {
		return nil, err
	}
	rdb, err := loadtest.NewRedisClient(o.redisURL)
	if err != nil {
		return nil, fmt.Errorf("-redis-url: %w", err)
	}
	defer rdb.Close()
	var rb [4]byte
	_, _ = rand.Read(rb[:])
	prefix := "rolecall-load-" + hex.EncodeToString(rb[:])
	botURL := o.redisURL
	var proxy *loadtest.CountingProxy
	switch o.redisCount {
	case "proxy":
		if proxy, err = loadtest.NewCountingProxy(redisAddr); err != nil {
			return nil, err
		}
		defer proxy.Close()
		botURL = loadtest.WithHost(o.redisURL, proxy.Addr())
		rep.RedisCountMethod = "counting proxy (commands on the wire from the bots)"
	case "info":
		rep.RedisCountMethod = "INFO stats total_commands_processed delta: every client of that Redis, and the commands inside scripts"
	case "off":
		rep.RedisCountMethod = "off"
	default:
		return nil, fmt.Errorf("-redis-count %q: use proxy, info or off", o.redisCount)
	}
	if o.target == "rolecall" {
		defer func() {
			// Clean up even after an interrupt: ctx is done by then.
			dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
			defer cancel()
			if n, err := loadtest.DeletePrefix(dctx, rdb, prefix); err != nil {
				fmt.Fprintln(stderr, err)
			} else if !o.quiet {
				fmt.Fprintf(stderr, "loadtest: deleted %d keys of this run (%s:*)\n", n, prefix)
			}
		}()
	}

	rec := loadtest.NewRecorder()
	fake, err := slacktest.New(rec.FakeConfig(slacktest.Config{AckTimeout: o.ackTimeout}))
	if err != nil {
		return nil, err
	}
	defer fake.Close()

	var seeded *loadtest.Seeded
	if o.sessions > 0 && o.target == "rolecall" {
		t0 := time.Now()
		if seeded, err = loadtest.SeedSessions(ctx, o.redisURL, prefix, fake.Config().TeamID, o.sessions, fake.DMChannel); err != nil {
			return nil, err
		}
		if !o.quiet {
			fmt.Fprintf(stderr, "loadtest: seeded %d live assessments in %v\n", o.sessions, time.Since(t0).Round(time.Millisecond))
		}
	}

	var botOut io.Writer
	if o.botLog != "" {
		f, err := os.OpenFile(o.botLog, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		botOut = f
	}

	bots, err := startBots(ctx, o, fake, botURL, prefix, botOut, stderr)
	if err != nil {
		return nil, err
	}
	defer func() {
		for _, b := range bots {
			if err := b.Stop(); err != nil {
				fmt.Fprintf(stderr, "loadtest: stopping a bot: %v\n", err)
			}
		}
	}()

	var progress io.Writer
	if !o.quiet {
		progress = stderr
	}
	samples := func() string {
		var parts []string
		for _, b := range bots {
			s := b.Sample()
			p := fmt.Sprintf("rss %.0fMB", s.RSSMB)
			if s.Goroutines > 0 {
				p += fmt.Sprintf(" g %d", s.Goroutines)
			}
			parts = append(parts, p)
		}
		return strings.Join(parts, " | ")
	}
	d := &loadtest.Driver{Fake: fake, Rec: rec, Opts: loadtest.Options{
		Mix: mix, Rate: o.rate, Window: o.window, Warmup: o.warmup, Duration: o.duration, Drain: o.drain,
		Progress: progress, Sample: samples,
	}}
	if seeded != nil {
		d.Opts.Assess = seeded.AssessClicks()
	}

	// Count Redis commands over the measured window only.
	var redis0, trips0 int64
	trips := func() int64 {
		if proxy == nil {
			return 0
		}
		return proxy.RoundTrips()
	}
	readRedis := func() int64 {
		switch {
		case proxy != nil:
			return proxy.Commands()
		case o.redisCount == "info":
			rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			defer cancel()
			n, err := loadtest.RedisCommandsProcessed(rctx, rdb)
			if err != nil {
				fmt.Fprintln(stderr, err)
			}
			return n
		}
		return 0
	}
	var stopProfile func()
	go func() {
		select {
		case <-time.After(o.warmup):
		case <-ctx.Done():
			return
		}
		redis0, trips0 = readRedis(), trips()
	}()
	if o.cpuprofile != "" {
		f, err := os.Create(o.cpuprofile)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		// Profile the measured window: start after the warm-up.
		started := make(chan struct{})
		go func() {
			defer close(started)
			select {
			case <-time.After(o.warmup):
			case <-ctx.Done():
				return
			}
			if err := pprof.StartCPUProfile(f); err != nil {
				fmt.Fprintf(stderr, "loadtest: cpu profile: %v\n", err)
			}
		}()
		stopProfile = func() { <-started; pprof.StopCPUProfile() }
	}
	cpu0 := make([]float64, len(bots))
	self0 := selfCPU()
	var redisCPU0 float64
	if rep.redis != nil {
		redisCPU0 = rep.redis.CPUSeconds()
	}
	for i, b := range bots {
		cpu0[i] = b.Sample().CPUSeconds
	}
	res, runErr := d.Run(ctx)
	redis1, trips1 := readRedis(), trips()
	rep.LoadgenCPUSeconds = selfCPU() - self0
	if stopProfile != nil {
		stopProfile()
	}
	if o.memprofile != "" {
		f, err := os.Create(o.memprofile)
		if err != nil {
			return nil, err
		}
		runtime.GC()
		_ = pprof.WriteHeapProfile(f)
		f.Close()
	}
	rep.Result = res
	events := res.EnvelopesPerSec * res.Duration
	for i, b := range bots {
		s := b.Sample()
		if cpu := s.CPUSeconds - cpu0[i]; cpu > 0 && !s.Shared {
			rep.BotCPUSeconds += cpu
		}
		rep.Bots = append(rep.Bots, s)
		rep.PeakRSSMB = max(rep.PeakRSSMB, s.PeakRSSMB)
		rep.PeakGoroutines = max(rep.PeakGoroutines, s.PeakGoroutines)
	}
	if o.redisCount != "off" && o.target == "rolecall" {
		rep.RedisCommands = redis1 - redis0
		if o.redisCount == "info" {
			rep.RedisCommands-- // the INFO call
		}
		if events > 0 {
			rep.RedisCommandsPerEvent = float64(rep.RedisCommands) / events
			rep.RedisRoundTripsPerEvent = float64(trips1-trips0) / events
		}
	}
	if n := float64(res.Counts.Sent); n > 0 {
		// Over the whole run (warm-up and drain included): CPU time is read
		// before and after Driver.Run.
		rep.BotCPUMsPerEvent = rep.BotCPUSeconds * 1000 / n
		rep.LoadgenCPUMsPerEvent = rep.LoadgenCPUSeconds * 1000 / n
		if rep.redis != nil {
			rep.RedisCPUMsPerEvent = (rep.redis.CPUSeconds() - redisCPU0) * 1000 / n
		}
	}
	rep.OK = res.Counts.Missing == 0 && res.Counts.Duplicates == 0 && res.Counts.Strays == 0 && runErr == nil
	if runErr != nil {
		fmt.Fprintf(stderr, "loadtest: run stopped early: %v\n", runErr)
	}
	return rep, nil
}

// startBots starts the instances under test.
func startBots(ctx context.Context, o options, fake *slacktest.Server, redisURL, prefix string, out, stderr io.Writer) ([]loadtest.Bot, error) {
	var bots []loadtest.Bot
	fail := func(err error) ([]loadtest.Bot, error) {
		for _, b := range bots {
			_ = b.Stop()
		}
		return nil, err
	}
	switch {
	case o.target == "bolt":
		dir := o.boltDir
		if dir == "" {
			root, err := loadtest.ModuleRoot(ctx)
			if err != nil {
				return nil, err
			}
			dir = filepath.Join(root, "bench", "bolt")
		}
		if err := npmInstall(ctx, dir, stderr, o.quiet); err != nil {
			return nil, err
		}
		for i := range o.instances {
			p, err := loadtest.StartProcess(ctx, fake, loadtest.ProcessConfig{Name: fmt.Sprintf("bolt-%d", i+1),
				Command: []string{"node", "app.js"}, Dir: dir, Stderr: out})
			if err != nil {
				return fail(err)
			}
			bots = append(bots, p)
		}
	case o.target == "ceiling":
		bin := o.bin
		if bin == "" {
			dir, err := os.MkdirTemp("", "rolecall-loadtest-")
			if err != nil {
				return nil, err
			}
			defer os.RemoveAll(dir)
			if !o.quiet {
				fmt.Fprintln(stderr, "loadtest: building ./bench/ceiling")
			}
			if bin, err = loadtest.Build(ctx, dir, "./bench/ceiling"); err != nil {
				return nil, err
			}
		}
		for i := range o.instances {
			p, err := loadtest.StartProcess(ctx, fake, loadtest.ProcessConfig{Name: fmt.Sprintf("ceiling-%d", i+1),
				Command: []string{bin}, Stderr: out})
			if err != nil {
				return fail(err)
			}
			bots = append(bots, p)
		}
	case o.inprocess:
		for i := range o.instances {
			b, err := loadtest.StartInProcess(ctx, fake, loadtest.InProcessConfig{Name: fmt.Sprintf("rolecall-%d", i+1),
				RedisURL: redisURL, Prefix: prefix, Workers: o.workers})
			if err != nil {
				return fail(err)
			}
			bots = append(bots, b)
		}
	default:
		bin := o.bin
		if bin == "" {
			dir, err := os.MkdirTemp("", "rolecall-loadtest-")
			if err != nil {
				return nil, err
			}
			defer os.RemoveAll(dir) // the running processes keep their open binary
			if !o.quiet {
				fmt.Fprintln(stderr, "loadtest: building ./cmd/bot")
			}
			if bin, err = loadtest.BuildBot(ctx, dir); err != nil {
				return nil, err
			}
		}
		env := []string{"REDIS_URL=" + redisURL, "REDIS_PREFIX=" + prefix, "LOG_LEVEL=warn", "SESSION_TTL=1h"}
		if o.workers > 0 {
			env = append(env, fmt.Sprintf("WORKERS=%d", o.workers))
		}
		for i := range o.instances {
			p, err := loadtest.StartProcess(ctx, fake, loadtest.ProcessConfig{Name: fmt.Sprintf("rolecall-%d", i+1),
				Command: []string{bin}, Env: env, Metrics: true, Stderr: out})
			if err != nil {
				return fail(err)
			}
			bots = append(bots, p)
		}
	}
	return bots, nil
}

// npmInstall installs the Bolt-JS app's dependencies when node_modules is
// missing.
func npmInstall(ctx context.Context, dir string, stderr io.Writer, quiet bool) error {
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "@slack", "bolt")); err == nil {
		return nil
	}
	if _, err := exec.LookPath("node"); err != nil {
		return errors.New("-target bolt needs Node.js (node and npm on PATH)")
	}
	args := []string{"install", "--no-audit", "--no-fund"}
	if _, err := os.Stat(filepath.Join(dir, "package-lock.json")); err == nil {
		args[0] = "ci"
	}
	if !quiet {
		fmt.Fprintf(stderr, "loadtest: npm %s in %s\n", args[0], dir)
	}
	cmd := exec.CommandContext(ctx, "npm", args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("npm %s in %s: %w\n%s", args[0], dir, err, out)
	}
	return nil
}

// selfCPU is the CPU time this process used so far, in seconds.
func selfCPU() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

// loadavg returns the first three fields of /proc/loadavg.
func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}

// machine describes where the run happened.
func machine() string {
	model := ""
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(l, "model name"); ok {
				model = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), ":"))
				break
			}
		}
	}
	return fmt.Sprintf("%d CPU %s, %s %s/%s", runtime.NumCPU(), model, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

func writeTable(w io.Writer, r *Report) {
	fmt.Fprintf(w, "target        %s (%s, %d instance(s)), %s, load average %s before\n", r.Target, r.Mode, r.Instances, r.Machine, r.LoadAvg[0])
	rate := "as fast as acks allow"
	if r.Rate > 0 {
		rate = fmt.Sprintf("%d/s offered", r.Rate)
	}
	fmt.Fprintf(w, "load          mix %s, %s, %.1fs measured after %.1fs warm-up\n", r.Mix, rate, r.Duration, r.Warmup)
	fmt.Fprintf(w, "throughput    %.0f envelopes/s acked, %.0f answered/s\n", r.EnvelopesPerSec, r.AnsweredPerSec)
	fmt.Fprintf(w, "ack latency   p50 %.2fms  p95 %.2fms  p99 %.2fms  max %.2fms  (n=%d)\n", r.Ack.P50, r.Ack.P95, r.Ack.P99, r.Ack.Max, r.Ack.N)
	fmt.Fprintf(w, "reply latency p50 %.2fms  p95 %.2fms  p99 %.2fms  max %.2fms  (n=%d)\n", r.Reply.P50, r.Reply.P95, r.Reply.P99, r.Reply.Max, r.Reply.N)
	c := r.Counts
	fmt.Fprintf(w, "correctness   sent %d, replied %d, missing %d %v, duplicates %d, strays %d, redeliveries %d\n",
		c.Sent, c.Replied, c.Missing, c.MissingByKind, c.Duplicates, c.Strays, r.Redeliveries)
	fmt.Fprintf(w, "errors        %d (API errors %d, 429s %d, expired %d)\n", r.Errors, c.APIErrors, c.RateLimited, r.Expired)
	for _, b := range r.Bots {
		shared := ""
		if b.Shared {
			shared = " (shared with the fake and the load generator)"
		}
		fmt.Fprintf(w, "bot %-9s pid %d: peak RSS %.1f MB, peak goroutines %d%s\n", b.Name, b.PID, b.PeakRSSMB, b.PeakGoroutines, shared)
	}
	if r.RedisCountMethod != "off" && r.Target == "rolecall" {
		fmt.Fprintf(w, "redis         %d commands in the window, %.2f per event, %.2f round trips per event (%s)\n",
			r.RedisCommands, r.RedisCommandsPerEvent, r.RedisRoundTripsPerEvent, r.RedisCountMethod)
	}
	if r.BotCPUSeconds > 0 {
		fmt.Fprintf(w, "cpu           bots %.2fs (%.3f ms/event), fake+load generator %.2fs (%.3f ms/event)\n",
			r.BotCPUSeconds, r.BotCPUMsPerEvent, r.LoadgenCPUSeconds, r.LoadgenCPUMsPerEvent)
	} else {
		fmt.Fprintf(w, "cpu           this process (fake, load generator and bots) %.2fs (%.3f ms/event)\n",
			r.LoadgenCPUSeconds, r.LoadgenCPUMsPerEvent)
	}
	if r.RedisCPUMsPerEvent > 0 {
		fmt.Fprintf(w, "redis cpu     %.3f ms/event (private redis-server)\n", r.RedisCPUMsPerEvent)
	}
	if r.Sessions > 0 {
		fmt.Fprintf(w, "sessions      %d live assessments seeded in Redis\n", r.Sessions)
	}
	verdict := "OK: no missing or duplicate replies"
	if !r.OK {
		verdict = "FAILED: missing, duplicate or stray replies"
	}
	fmt.Fprintln(w, verdict)
}
