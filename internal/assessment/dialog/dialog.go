// Package dialog runs the hiring assessment (package assessment) over the
// session store: it loads a person's state, applies one input with the pure
// engine, and saves the result with a compare-and-set update, so a dialog
// survives restarts, moves between devices and bot instances, and a double
// click applies once. The terminal (bot assess) and Slack both use it.
package dialog

import (
	"container/list"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"sync"
	"time"

	"github.com/rolecall/rolecall/internal/assessment"
	"github.com/rolecall/rolecall/internal/session"
)

// Store is the part of the session store a dialog needs. *session.Store
// implements it; its errors (session.ErrNotFound, session.ErrStale,
// session.ErrUnavailable) pass through the Service unchanged in kind.
type Store interface {
	Create(ctx context.Context, a *session.Assessment) error
	Get(ctx context.Context, k session.Key) (*session.Assessment, error)
	Update(ctx context.Context, a *session.Assessment) error
	Active(ctx context.Context, team, user string) (session.Key, error)
	LastCompleted(ctx context.Context, team, user string) (*session.Assessment, error)
}

// Config configures a Service.
type Config struct {
	// Store keeps the assessments; required.
	Store Store
	// Questionnaire is the assessment to run; required. Bind it to the
	// knowledge base (WithKnowledge) so results describe the roles.
	Questionnaire *assessment.Questionnaire
	// Logger receives debug lines about conflicts; default discards.
	Logger *slog.Logger
	// Now stamps answers; default time.Now.
	Now func() time.Time
	// CacheSize bounds the in-process cache of last-known assessments,
	// which saves the read before each update; default 1024, negative
	// turns the cache off.
	CacheSize int
}

// Service runs assessments over a Store. It is safe for concurrent use;
// several Services (bot instances) may share one store.
type Service struct {
	store Store
	q     *assessment.Questionnaire
	lg    *slog.Logger
	now   func() time.Time
	cache *cache
}

// New checks cfg and returns a Service.
func New(cfg Config) (*Service, error) {
	if cfg.Store == nil {
		return nil, errors.New("dialog: Config.Store is required")
	}
	if cfg.Questionnaire == nil {
		return nil, errors.New("dialog: Config.Questionnaire is required")
	}
	s := &Service{store: cfg.Store, q: cfg.Questionnaire, lg: cfg.Logger, now: cfg.Now}
	if s.lg == nil {
		s.lg = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if s.now == nil {
		s.now = time.Now
	}
	size := cfg.CacheSize
	if size == 0 {
		size = 1024
	}
	if size > 0 {
		s.cache = &cache{max: size, m: map[session.Key]*list.Element{}, ll: list.New()}
	}
	return s, nil
}

// Questionnaire returns the questionnaire the service runs.
func (s *Service) Questionnaire() *assessment.Questionnaire { return s.q }

// Step is the outcome of one call: what is stored now and what to say.
type Step struct {
	// Key identifies the assessment.
	Key session.Key
	// Assessment is the stored assessment after the call; the caller owns
	// this copy.
	Assessment *session.Assessment
	// State is the engine's view of Assessment.
	State assessment.State
	// Reply is what to show: the next question or the result.
	Reply assessment.Reply
	// Resumed reports that Start found an assessment in progress and
	// returned it instead of starting a new one.
	Resumed bool
	// Saved reports that the call wrote to the store.
	Saved bool
	// AlreadyApplied reports that the same input had already been applied
	// by a concurrent call (a double click): nothing changed.
	AlreadyApplied bool
	// Started, Completed and Cancelled report that this call created a new
	// assessment, completed one, or cancelled one (for metrics).
	Started, Completed, Cancelled bool
}

// Option adjusts one call.
type Option func(*options)

type options struct {
	mutate func(*session.Assessment)
	check  func(*session.Assessment) error
}

// WithMutate lets the caller change transport details (Messages) of the
// assessment in the same write as the step. f sees the assessment after the
// step; changes it makes to the engine's fields are discarded. With a mutate
// function a step that changes nothing is still written.
func WithMutate(f func(a *session.Assessment)) Option {
	return func(o *options) { o.mutate = f }
}

// WithCheck makes Apply refuse the input, writing nothing, unless check
// accepts the stored assessment it is about to step: the caller's test of a
// transport detail, such as whether a click came from a message the
// assessment recorded. Apply returns check's error as it is. A refusal of
// the cached copy is checked again against the store before it stands.
func WithCheck(check func(a *session.Assessment) error) Option {
	return func(o *options) { o.check = check }
}

func collect(opts []Option) options {
	var o options
	for _, f := range opts {
		f(&o)
	}
	return o
}

// Start begins an assessment at key. If one is in progress there and
// restart is false, it is returned with Resumed set and nothing is written;
// otherwise a new one replaces whatever was at key.
func (s *Service) Start(ctx context.Context, key session.Key, restart bool, opts ...Option) (*Step, error) {
	o := collect(opts)
	if !restart {
		a, err := s.store.Get(ctx, key)
		switch {
		case err == nil:
			s.cache.put(a)
			st := StateOf(a)
			if st.Status == assessment.StatusActive {
				next, reply, err := s.q.Next(st, assessment.Start())
				if err == nil {
					if !reply.Noop || o.mutate != nil {
						// A newer questionnaire migrated the answers: save that.
						return s.write(ctx, a, next, reply, o, nil)
					}
					return &Step{Key: key, Assessment: a, State: next, Reply: reply, Resumed: true}, nil
				}
				// A state the engine refuses (another questionnaire): start over.
			}
		case !errors.Is(err, session.ErrNotFound):
			return nil, fmt.Errorf("start assessment %s: %w", keyString(key), err)
		}
	}
	first := assessment.Start() // the reply carries the intro
	if restart {
		first = assessment.Restart() // "starting over"
	}
	st, reply, err := s.q.Next(assessment.State{}, first)
	if err != nil {
		return nil, err
	}
	a := &session.Assessment{Key: key, StartedAt: s.now().UTC()}
	SetState(a, st)
	if o.mutate != nil {
		o.mutate(a)
		SetState(a, st)
		a.Key = key
	}
	if err := s.store.Create(ctx, a); err != nil {
		return nil, fmt.Errorf("start assessment %s: %w", keyString(key), err)
	}
	s.cache.drop(key) // a new assessment starts again at revision 1
	s.cache.put(a)
	return &Step{Key: key, Assessment: clone(a), State: st, Reply: reply, Saved: true, Started: true}, nil
}

// Apply runs one input on the assessment at key and saves the result in one
// compare-and-set update. An input the engine refuses returns its
// *assessment.InputError and writes nothing. When a concurrent update won,
// Apply reloads once: if the dialog had moved on and the input is now a
// harmless repeat, the Step has AlreadyApplied set; if it no longer makes
// sense, the error matches session.ErrStale.
func (s *Service) Apply(ctx context.Context, key session.Key, in assessment.Input, opts ...Option) (*Step, error) {
	o := collect(opts)
	if in.At.IsZero() {
		in.At = s.now().UTC()
	}
	if in.Kind == assessment.KindStart || in.Kind == assessment.KindRestart {
		return s.Start(ctx, key, in.Kind == assessment.KindRestart, opts...)
	}
	a, cached, err := s.load(ctx, key)
	if errors.Is(err, session.ErrNotFound) {
		// Let the engine explain that there is nothing to answer.
		_, _, ierr := s.q.Next(assessment.State{}, in)
		return nil, ierr
	}
	if err != nil {
		return nil, err
	}
	if err := o.checkOf(a); err != nil {
		if !cached {
			return nil, err
		}
		// The cache may predate the detail checked (another instance wrote it).
		s.cache.drop(key)
		if a, _, err = s.load(ctx, key); err != nil {
			return nil, err
		}
		cached = false
		if err := o.checkOf(a); err != nil {
			return nil, err
		}
	}
	st := StateOf(a)
	next, reply, err := s.q.Next(st, in)
	if err != nil && cached {
		// Another instance may have moved the dialog on: judge the input
		// against the stored state before refusing it.
		s.cache.drop(key)
		if a, _, err = s.load(ctx, key); err != nil {
			return nil, err
		}
		st = StateOf(a)
		next, reply, err = s.q.Next(st, in)
	}
	if err != nil {
		return nil, err
	}
	if reply.Noop && o.mutate == nil {
		return &Step{Key: key, Assessment: a, State: next, Reply: reply}, nil
	}
	return s.write(ctx, a, next, reply, o, func(ctx context.Context) (*Step, error) {
		// Someone else updated first: reload and decide.
		s.cache.drop(key)
		fresh, err := s.store.Get(ctx, key)
		if err != nil {
			return nil, fmt.Errorf("apply to assessment %s: %w", keyString(key), err)
		}
		s.cache.put(fresh)
		if err := o.checkOf(fresh); err != nil {
			return nil, err
		}
		fst := StateOf(fresh)
		next2, reply2, err2 := s.q.Next(fst, in)
		moved := fst.Step != st.Step || fst.Status != st.Status
		s.lg.DebugContext(ctx, "assessment update conflict", "key", keyString(key), "kind", in.Kind, "moved", moved)
		switch {
		case err2 == nil && reply2.Noop && o.mutate == nil:
			return &Step{Key: key, Assessment: fresh, State: next2, Reply: reply2, AlreadyApplied: moved}, nil
		case moved:
			return nil, fmt.Errorf("apply %s to assessment %s: the dialog moved on meanwhile: %w", in.Kind, keyString(key), session.ErrStale)
		case err2 != nil:
			return nil, err2
		}
		return s.write(ctx, fresh, next2, reply2, o, nil)
	})
}

func (o options) checkOf(a *session.Assessment) error {
	if o.check == nil {
		return nil
	}
	return o.check(a)
}

// write saves next over a (at a's revision). On a stale revision it calls
// retry when given, else returns the error.
func (s *Service) write(ctx context.Context, a *session.Assessment, next assessment.State, reply assessment.Reply, o options, retry func(context.Context) (*Step, error)) (*Step, error) {
	b := clone(a)
	SetState(b, next)
	if o.mutate != nil {
		o.mutate(b)
		SetState(b, next)
		b.Key, b.Revision, b.StartedAt = a.Key, a.Revision, a.StartedAt
	}
	err := s.store.Update(ctx, b)
	if errors.Is(err, session.ErrStale) && retry != nil {
		return retry(ctx)
	}
	if err != nil {
		s.cache.drop(a.Key)
		return nil, fmt.Errorf("save assessment %s: %w", keyString(a.Key), err)
	}
	s.cache.put(b)
	return &Step{
		Key: a.Key, Assessment: clone(b), State: next, Reply: reply, Saved: true,
		Completed: next.Status == assessment.StatusCompleted && a.Status != session.StatusCompleted,
		Cancelled: next.Status == assessment.StatusCancelled && a.Status != session.StatusCancelled,
	}, nil
}

// Annotate changes transport details of the assessment at key (Messages:
// the Slack ts of each question's message) without touching the dialog,
// after a step has been saved and its message posted. f runs on the latest
// stored assessment; changes to the engine's fields are discarded. A
// conflicting update is retried up to three times.
func (s *Service) Annotate(ctx context.Context, key session.Key, f func(a *session.Assessment)) (*Step, error) {
	a, _, err := s.load(ctx, key)
	if err != nil {
		return nil, err
	}
	for attempt := 0; ; attempt++ {
		st := StateOf(a)
		b := clone(a)
		f(b)
		SetState(b, st)
		b.Key, b.Revision, b.StartedAt = a.Key, a.Revision, a.StartedAt
		err := s.store.Update(ctx, b)
		if err == nil {
			s.cache.put(b)
			return &Step{Key: key, Assessment: clone(b), State: st, Saved: true}, nil
		}
		s.cache.drop(key)
		if !errors.Is(err, session.ErrStale) || attempt == 2 {
			return nil, fmt.Errorf("annotate assessment %s: %w", keyString(key), err)
		}
		if a, _, err = s.load(ctx, key); err != nil {
			return nil, err
		}
	}
}

// Load returns the assessment at key without changing it: the current
// question, or the result when complete (Reply is empty when cancelled).
func (s *Service) Load(ctx context.Context, key session.Key) (*Step, error) {
	a, err := s.store.Get(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("load assessment %s: %w", keyString(key), err)
	}
	s.cache.put(a)
	return s.view(a), nil
}

func (s *Service) view(a *session.Assessment) *Step {
	st := StateOf(a)
	step := &Step{Key: a.Key, Assessment: clone(a), State: st}
	if _, reply, err := s.q.Next(st, assessment.Resume()); err == nil {
		step.Reply = reply
	}
	return step
}

// Active returns the user's assessment in progress, wherever it was started;
// an error matching session.ErrNotFound when there is none.
func (s *Service) Active(ctx context.Context, team, user string) (*Step, error) {
	key, err := s.store.Active(ctx, team, user)
	if err != nil {
		return nil, fmt.Errorf("active assessment of %s/%s: %w", team, user, err)
	}
	step, err := s.Load(ctx, key)
	if err != nil {
		return nil, err
	}
	if step.State.Status != assessment.StatusActive {
		return nil, fmt.Errorf("active assessment of %s/%s is %s: %w", team, user, step.State.Status, session.ErrNotFound)
	}
	return step, nil
}

// LastResult returns the user's most recently completed assessment with its
// result in Reply.Result; an error matching session.ErrNotFound when there
// is none.
func (s *Service) LastResult(ctx context.Context, team, user string) (*Step, error) {
	a, err := s.store.LastCompleted(ctx, team, user)
	if err != nil {
		return nil, fmt.Errorf("last assessment of %s/%s: %w", team, user, err)
	}
	step := s.view(a)
	if step.Reply.Result == nil {
		step.Reply.Result = s.q.Evaluate(step.State.Answers)
	}
	return step, nil
}

// StateOf converts a stored assessment to the engine's state.
func StateOf(a *session.Assessment) assessment.State {
	st := assessment.State{
		QuestionnaireID:      a.QuestionnaireID,
		QuestionnaireVersion: a.QuestionnaireVersion,
		Step:                 a.Step,
		Status:               assessment.Status(a.Status),
	}
	if len(a.Answers) > 0 {
		st.Answers = make([]assessment.Answer, len(a.Answers))
		for i, x := range a.Answers {
			st.Answers[i] = assessment.Answer(x)
		}
	}
	return st
}

// SetState writes the engine's state into a stored assessment, leaving the
// key, revision, timestamps and Messages alone.
func SetState(a *session.Assessment, st assessment.State) {
	a.QuestionnaireID = st.QuestionnaireID
	a.QuestionnaireVersion = st.QuestionnaireVersion
	a.Step = st.Step
	a.Status = session.Status(st.Status)
	a.Answers = nil
	if len(st.Answers) > 0 {
		a.Answers = make([]session.Answer, len(st.Answers))
		for i, x := range st.Answers {
			a.Answers[i] = session.Answer(x)
		}
	}
}

func clone(a *session.Assessment) *session.Assessment {
	if a == nil {
		return nil
	}
	c := *a
	c.Answers = append([]session.Answer(nil), a.Answers...)
	c.Messages = maps.Clone(a.Messages)
	return &c
}

func keyString(k session.Key) string {
	s := k.Team + "/" + k.User + "/" + k.Channel
	if k.Thread != "" {
		s += "/" + k.Thread
	}
	return s
}

// load returns the last-known assessment from the cache (cached), or reads
// it.
func (s *Service) load(ctx context.Context, key session.Key) (a *session.Assessment, cached bool, err error) {
	if a := s.cache.get(key); a != nil {
		return a, true, nil
	}
	a, err = s.store.Get(ctx, key)
	if err != nil {
		return nil, false, fmt.Errorf("load assessment %s: %w", keyString(key), err)
	}
	s.cache.put(a)
	return a, false, nil
}

// cache holds the last-known revision of recently used assessments, least
// recently used out first. A stale entry costs one failed update and a
// reload, never a wrong write: the store's compare-and-set decides.
type cache struct {
	mu  sync.Mutex
	max int
	m   map[session.Key]*list.Element
	ll  *list.List
}

func (c *cache) get(k session.Key) *session.Assessment {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[k]
	if !ok {
		return nil
	}
	c.ll.MoveToFront(e)
	return clone(e.Value.(*session.Assessment))
}

func (c *cache) put(a *session.Assessment) {
	if c == nil || a == nil {
		return
	}
	a = clone(a)
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[a.Key]; ok {
		// Never replace a newer revision with an older one.
		if e.Value.(*session.Assessment).Revision <= a.Revision {
			e.Value = a
		}
		c.ll.MoveToFront(e)
		return
	}
	c.m[a.Key] = c.ll.PushFront(a)
	for c.ll.Len() > c.max {
		old := c.ll.Back()
		c.ll.Remove(old)
		delete(c.m, old.Value.(*session.Assessment).Key)
	}
}

func (c *cache) drop(k session.Key) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[k]; ok {
		c.ll.Remove(e)
		delete(c.m, k)
	}
}
