//go:build race

package llm_test

// raceEnabled is set when the tests run with -race, which makes every
// answer some ten times slower (see TestEvaluationInLLMMode).
const raceEnabled = true
