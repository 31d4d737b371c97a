package loadtest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/rolecall/rolecall/internal/knowledge"
	"github.com/rolecall/rolecall/internal/ops"
	"github.com/rolecall/rolecall/internal/session"
	"github.com/rolecall/rolecall/internal/slackapp"
	"github.com/rolecall/rolecall/internal/slacktest"
)

// Sample is one bot's resource use.
type Sample struct {
	Name string `json:"name"`
	PID  int    `json:"pid"`
	// RSSMB is the resident set now, PeakRSSMB the high-water mark (VmHWM),
	// in MiB.
	RSSMB     float64 `json:"rss_mb"`
	PeakRSSMB float64 `json:"peak_rss_mb"`
	// Goroutines is the count now, PeakGoroutines the highest sampled
	// (0 for a bot that is not Go).
	Goroutines     int `json:"goroutines"`
	PeakGoroutines int `json:"peak_goroutines"`
	// CPUSeconds is the user and system CPU time the process used so far.
	CPUSeconds float64 `json:"cpu_s"`
	// Shared is true when the numbers are of a process the bot shares with
	// the fake and the load generator (in-process mode).
	Shared bool `json:"shared,omitempty"`
}

// Bot is one instance under test.
type Bot interface {
	// Sample measures the bot now and updates its peaks.
	Sample() Sample
	// Stop shuts the bot down and waits for it.
	Stop() error
}

// procStatus reads VmRSS and VmHWM (in MiB) of a process from /proc.
func procStatus(pid int) (rss, hwm float64) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		kb, _ := strconv.ParseFloat(f[1], 64)
		switch f[0] {
		case "VmRSS:":
			rss = kb / 1024
		case "VmHWM:":
			hwm = kb / 1024
		}
	}
	return rss, hwm
}

// procCPU reads the user+system CPU seconds of a process from /proc.
func procCPU(pid int) float64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0
	}
	// The command name may hold spaces; the fields after it are fixed.
	s := string(b)
	if i := strings.LastIndexByte(s, ')'); i >= 0 {
		s = s[i+1:]
	}
	f := strings.Fields(s)
	if len(f) < 13 {
		return 0
	}
	ut, _ := strconv.ParseFloat(f[11], 64)
	st, _ := strconv.ParseFloat(f[12], 64)
	return (ut + st) / 100 // USER_HZ is 100 on Linux
}

// InProcessConfig configures a bot run inside the calling process.
type InProcessConfig struct {
	// Name labels the bot in samples (default "rolecall").
	Name string
	// RedisURL and Prefix locate the session store.
	RedisURL, Prefix string
	// StoreTimeout bounds each store call (default the store's 2 s).
	StoreTimeout time.Duration
	// Engine answers questions (default: the built-in knowledge base).
	Engine *knowledge.Engine
	// Logger receives the bot's logs (default discarded).
	Logger *slog.Logger
	// Workers is the worker pool size (default slackapp's).
	Workers int
	// Configure, when set, may adjust the slackapp.Config before New.
	Configure func(*slackapp.Config)
}

// InProcess is a Rolecall App running in this process.
type InProcess struct {
	App     *slackapp.App
	Metrics *ops.Metrics
	Store   *session.Store
	name    string
	cancel  context.CancelFunc
	done    chan error
	once    sync.Once
	err     error
	peakG   atomic.Int64
}

var (
	builtinOnce sync.Once
	builtinEng  *knowledge.Engine
	builtinErr  error
)

// BuiltinEngine returns an engine over the built-in knowledge base, built
// once per process.
func BuiltinEngine() (*knowledge.Engine, error) {
	builtinOnce.Do(func() {
		b, err := knowledge.Builtin()
		if err != nil {
			builtinErr = err
			return
		}
		builtinEng = knowledge.NewEngine(b)
	})
	return builtinEng, builtinErr
}

// StartInProcess starts a Rolecall App against fake and waits until its
// socket is up on both sides.
func StartInProcess(ctx context.Context, fake *slacktest.Server, cfg InProcessConfig) (*InProcess, error) {
	if cfg.Name == "" {
		cfg.Name = "rolecall"
	}
	eng := cfg.Engine
	if eng == nil {
		var err error
		if eng, err = BuiltinEngine(); err != nil {
			return nil, err
		}
	}
	lg := cfg.Logger
	if lg == nil {
		lg = slog.New(slog.DiscardHandler)
	}
	store, err := session.Open(ctx, session.Config{URL: cfg.RedisURL, Prefix: cfg.Prefix, Timeout: cfg.StoreTimeout}, lg)
	if err != nil {
		return nil, err
	}
	fc := fake.Config()
	m := ops.New()
	sc := slackapp.Config{BotToken: fc.BotToken, AppToken: fc.AppToken, APIURL: fake.APIURL(),
		Engine: eng, Store: store, Metrics: m, Logger: lg, Workers: cfg.Workers, ShutdownTimeout: 5 * time.Second}
	if cfg.Configure != nil {
		cfg.Configure(&sc)
	}
	app, err := slackapp.New(sc)
	if err != nil {
		store.Close()
		return nil, err
	}
	opened := fake.Stats().ConnectionsOpened
	rctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	b := &InProcess{App: app, Metrics: m, Store: store, name: cfg.Name, cancel: cancel, done: make(chan error, 1)}
	go func() { b.done <- app.Run(rctx) }()
	// Ready once the App calls itself connected and the fake has registered
	// the socket (the App may know first).
	for app.Ready(ctx) != nil || fake.Stats().ConnectionsOpened <= opened {
		select {
		case err := <-b.done:
			cancel()
			store.Close()
			return nil, fmt.Errorf("loadtest: bot stopped before connecting: %w", err)
		case <-ctx.Done():
			_ = b.Stop()
			return nil, ctx.Err()
		case <-time.After(2 * time.Millisecond):
		}
	}
	return b, nil
}

// Sample measures this process (the bot shares it with the fake).
func (b *InProcess) Sample() Sample {
	g := int64(runtime.NumGoroutine())
	for {
		p := b.peakG.Load()
		if g <= p || b.peakG.CompareAndSwap(p, g) {
			break
		}
	}
	rss, hwm := procStatus(os.Getpid())
	return Sample{Name: b.name, PID: os.Getpid(), RSSMB: rss, PeakRSSMB: hwm, Goroutines: int(g),
		PeakGoroutines: int(b.peakG.Load()), CPUSeconds: procCPU(os.Getpid()), Shared: true}
}

// Stop cancels the App, waits for Run to return and closes the store.
func (b *InProcess) Stop() error {
	b.once.Do(func() {
		b.cancel()
		select {
		case b.err = <-b.done:
		case <-time.After(15 * time.Second):
			b.err = errors.New("loadtest: bot did not stop within 15s")
		}
		if err := b.Store.Close(); err != nil && b.err == nil {
			b.err = err
		}
	})
	return b.err
}

// ModuleRoot finds the directory of go.mod for the current directory.
func ModuleRoot(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("loadtest: go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", errors.New("loadtest: run from inside the rolecall module")
	}
	return filepath.Dir(mod), nil
}

// BuildBot builds ./cmd/bot into dir and returns the binary's path.
func BuildBot(ctx context.Context, dir string) (string, error) {
	return Build(ctx, dir, "./cmd/bot")
}

// Build builds the main package pkg of the module (e.g. "./bench/ceiling")
// into dir and returns the binary's path.
func Build(ctx context.Context, dir, pkg string) (string, error) {
	root, err := ModuleRoot(ctx)
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, filepath.Base(pkg))
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, pkg)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("loadtest: go build %s: %w\n%s", pkg, err, out)
	}
	return bin, nil
}

// freeAddr returns a loopback address with a port free right now.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// ProcessConfig configures a bot run as its own process.
type ProcessConfig struct {
	// Name labels the bot in samples.
	Name string
	// Command is the program and its arguments, e.g. {bin} or
	// {"node", "app.js"}.
	Command []string
	// Dir is the working directory ("" means the current one).
	Dir string
	// Env is added to the environment (the fake's URL and tokens are
	// added by StartProcess).
	Env []string
	// Metrics, when true, means the process serves /metrics and /readyz on
	// HTTP_ADDR, which StartProcess sets to a free loopback port.
	Metrics bool
	// Stderr receives the process's stderr (default: the last 64 KB are
	// kept for the error of a failed start).
	Stderr io.Writer
	// Connections is how many sockets the fake should see from this process
	// once it is up (default 1).
	Connections int
}

// Process is a bot running as a child process.
type Process struct {
	name    string
	cmd     *exec.Cmd
	addr    string
	metrics bool
	tail    *tailBuffer
	waited  chan struct{}
	waitErr error
	peakG   atomic.Int64
	once    sync.Once
	hc      *http.Client
}

// StartProcess starts cfg.Command with SLACK_API_URL, SLACK_BOT_TOKEN and
// SLACK_APP_TOKEN pointing at fake, and waits until it has connected.
func StartProcess(ctx context.Context, fake *slacktest.Server, cfg ProcessConfig) (*Process, error) {
	if len(cfg.Command) == 0 {
		return nil, errors.New("loadtest: ProcessConfig.Command is empty")
	}
	if cfg.Connections <= 0 {
		cfg.Connections = 1
	}
	fc := fake.Config()
	env := append(os.Environ(),
		"SLACK_API_URL="+fake.APIURL(), "SLACK_BOT_TOKEN="+fc.BotToken, "SLACK_APP_TOKEN="+fc.AppToken)
	p := &Process{name: cfg.Name, metrics: cfg.Metrics, tail: &tailBuffer{max: 64 << 10}, waited: make(chan struct{}),
		hc: &http.Client{Timeout: 2 * time.Second}}
	if cfg.Metrics {
		addr, err := freeAddr()
		if err != nil {
			return nil, err
		}
		p.addr = addr
		env = append(env, "HTTP_ADDR="+addr)
	}
	env = append(env, cfg.Env...)
	before := fake.Stats().ConnectionsOpened
	cmd := exec.Command(cfg.Command[0], cfg.Command[1:]...)
	cmd.Dir, cmd.Env = cfg.Dir, env
	cmd.Stdout = p.tail
	cmd.Stderr = p.tail
	if cfg.Stderr != nil {
		cmd.Stdout = io.MultiWriter(p.tail, cfg.Stderr)
		cmd.Stderr = io.MultiWriter(p.tail, cfg.Stderr)
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("loadtest: start %s: %w", cfg.Command[0], err)
	}
	p.cmd = cmd
	go func() { p.waitErr = cmd.Wait(); close(p.waited) }()

	deadline := time.Now().Add(60 * time.Second)
	for {
		up := fake.Stats().ConnectionsOpened-before >= cfg.Connections
		if up && cfg.Metrics {
			up = p.ready()
		}
		if up {
			return p, nil
		}
		select {
		case <-p.waited:
			return nil, fmt.Errorf("loadtest: %s exited before connecting (%v):\n%s", p.name, p.waitErr, p.tail.String())
		case <-ctx.Done():
			_ = p.Stop()
			return nil, ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			_ = p.Stop()
			return nil, fmt.Errorf("loadtest: %s did not connect within 60s:\n%s", p.name, p.tail.String())
		}
	}
}

// PID is the process id.
func (p *Process) PID() int { return p.cmd.Process.Pid }

func (p *Process) ready() bool {
	resp, err := p.hc.Get("http://" + p.addr + "/readyz")
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode == http.StatusOK
}

// goroutines scrapes go_goroutines from /metrics.
func (p *Process) goroutines() int {
	resp, err := p.hc.Get("http://" + p.addr + "/metrics")
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "go_goroutines "); ok {
			f, _ := strconv.ParseFloat(strings.TrimSpace(v), 64)
			return int(f)
		}
	}
	return 0
}

// Metric returns the sum of the samples of a metric family from /metrics
// (every label combination), e.g. "rolecall_duplicates_total".
func (p *Process) Metric(name string) float64 {
	if !p.metrics {
		return 0
	}
	resp, err := p.hc.Get("http://" + p.addr + "/metrics")
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	sum := 0.0
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, name) || len(line) == len(name) || (line[len(name)] != ' ' && line[len(name)] != '{') {
			continue
		}
		f := strings.Fields(line)
		v, _ := strconv.ParseFloat(f[len(f)-1], 64)
		sum += v
	}
	return sum
}

// Sample measures the process.
func (p *Process) Sample() Sample {
	pid := p.PID()
	rss, hwm := procStatus(pid)
	s := Sample{Name: p.name, PID: pid, RSSMB: rss, PeakRSSMB: hwm, CPUSeconds: procCPU(pid)}
	if p.metrics {
		g := int64(p.goroutines())
		for {
			pk := p.peakG.Load()
			if g <= pk || p.peakG.CompareAndSwap(pk, g) {
				break
			}
		}
		s.Goroutines, s.PeakGoroutines = int(g), int(p.peakG.Load())
	}
	return s
}

// Stop sends SIGTERM, waits up to 15 s, then kills the process group.
func (p *Process) Stop() error {
	p.once.Do(func() {
		_ = p.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-p.waited:
		case <-time.After(15 * time.Second):
			_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
			<-p.waited
		}
	})
	var ee *exec.ExitError
	if p.waitErr != nil && !(errors.As(p.waitErr, &ee) && ee.Exited() && ee.ExitCode() == 0) {
		if errors.As(p.waitErr, &ee) && !ee.Exited() {
			// Killed by our signal (node exits on SIGTERM by default).
			return nil
		}
		return fmt.Errorf("loadtest: %s: %w\n%s", p.name, p.waitErr, p.tail.String())
	}
	return nil
}

// Log returns the last 64 KB of the process's output.
func (p *Process) Log() string { return p.tail.String() }

// tailBuffer keeps the last max bytes written.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	b   []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if len(t.b) > t.max {
		t.b = bytes.Clone(t.b[len(t.b)-t.max:])
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.b)
}
