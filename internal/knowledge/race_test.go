//go:build race

package knowledge_test

// raceEnabled is set when the tests run with -race, which drops items from
// sync.Pool at random: the engine's scratch buffers are then allocated
// again now and then.
const raceEnabled = true
