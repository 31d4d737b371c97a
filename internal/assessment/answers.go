package assessment

import (
	"errors"
	"fmt"
	"strings"

	"time"

	"gopkg.in/yaml.v3"
)

// ParseAnswers reads a saved answer file, YAML or JSON: a mapping from
// question id to either a choice id, or {choice, text} for a choice with a
// note, {text} for a typed answer, or {skip: true}. name is used in errors,
// which carry line numbers. Answers are checked against the questionnaire.
func (q *Questionnaire) ParseAnswers(name string, data []byte) ([]Answer, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, yamlError(name, err)
	}
	if len(doc.Content) == 0 {
		return nil, fmt.Errorf("%s: the answer file is empty", name)
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d: expected a mapping from question id to answer", name, root.Line)
	}
	var errs []string
	bad := func(n *yaml.Node, format string, args ...any) {
		errs = append(errs, fmt.Sprintf("%s:%d: %s", name, n.Line, fmt.Sprintf(format, args...)))
	}
	var out []Answer
	seen := map[string]bool{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		qq, ok := q.Question(k.Value)
		if !ok {
			bad(k, "unknown question %q; the questions are: %s", k.Value, q.questionIDs())
			continue
		}
		if seen[qq.ID] {
			bad(k, "question %q is answered twice", qq.ID)
			continue
		}
		seen[qq.ID] = true
		a := Answer{Question: qq.ID}
		switch v.Kind {
		case yaml.ScalarNode:
			if v.Tag == "!!null" {
				a.Skipped = true
				break
			}
			a.Choice = v.Value
		case yaml.MappingNode:
			var f struct {
				Choice string `yaml:"choice"`
				Text   string `yaml:"text"`
				Skip   bool   `yaml:"skip"`
			}
			if err := decodeStrict(v, &f); err != nil {
				bad(v, "question %q: %v", qq.ID, err)
				continue
			}
			a.Choice, a.Text, a.Skipped = f.Choice, cleanText(f.Text), f.Skip
		default:
			bad(v, "question %q: expected a choice id or {choice, text}", qq.ID)
			continue
		}
		switch {
		case a.Skipped && (a.Choice != "" || a.Text != ""):
			bad(v, "question %q: an answer is either skipped or given, not both", qq.ID)
		case a.Skipped && !qq.Skippable:
			bad(v, "question %q can't be skipped", qq.ID)
		case a.Skipped:
		case a.Choice == "" && a.Text == "":
			bad(v, "question %q: the answer is empty", qq.ID)
		case a.Choice != "" && qq.choice(a.Choice) == nil:
			bad(v, "question %q: unknown choice %q; the choices are: %s", qq.ID, a.Choice, choiceIDs(qq))
		case a.Text != "" && !qq.AllowText:
			bad(v, "question %q takes no typed text", qq.ID)
		}
		out = append(out, a)
	}
	if len(errs) > 0 {
		return nil, errors.New(strings.Join(errs, "\n"))
	}
	return out, nil
}

// decodeStrict decodes a node, refusing unknown fields.
func decodeStrict(n *yaml.Node, v any) error {
	b, err := yaml.Marshal(n)
	if err != nil {
		return err
	}
	dec := yaml.NewDecoder(strings.NewReader(string(b)))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		return errors.New(strings.TrimPrefix(yamlLine.ReplaceAllString(err.Error(), ""), "yaml: "))
	}
	return nil
}

func (q *Questionnaire) questionIDs() string {
	ids := make([]string, len(q.Questions))
	for i, qq := range q.Questions {
		ids[i] = qq.ID
	}
	return strings.Join(ids, ", ")
}

func choiceIDs(qq *Question) string {
	ids := make([]string, len(qq.Choices))
	for i, c := range qq.Choices {
		ids[i] = c.ID
	}
	return strings.Join(ids, ", ")
}

// Replay runs a whole assessment from a set of answers, through Next, in the
// questionnaire's order. A skippable question without an answer is skipped;
// a required one is an error, as is an answer Next refuses. Answers to
// questions that do not apply are ignored.
func (q *Questionnaire) Replay(answers []Answer) (State, Reply, error) {
	st, reply, err := q.Next(State{}, Start())
	for err == nil && st.Status == StatusActive {
		qq, _ := q.Question(st.Step)
		a := findAnswer(answers, qq.ID)
		var in Input
		switch {
		case a == nil && qq.Skippable, a != nil && a.Skipped:
			in = Skip(qq.ID)
		case a == nil:
			return st, reply, fmt.Errorf("no answer for question %q (%s); the choices are: %s", qq.ID, qq.Prompt, choiceIDs(qq))
		case a.Choice != "":
			in = Input{Kind: KindChoose, Question: qq.ID, Choice: a.Choice, Text: a.Text}
		default:
			in = Text(qq.ID, a.Text)
		}
		in.At = atOf(a)
		st, reply, err = q.Next(st, in)
		if err != nil {
			var ie *InputError
			if errors.As(err, &ie) {
				return st, reply, fmt.Errorf("question %q: %s", qq.ID, ie.Message)
			}
			return st, reply, err
		}
	}
	return st, reply, err
}

func atOf(a *Answer) (t time.Time) {
	if a != nil {
		t = a.At
	}
	return t
}
