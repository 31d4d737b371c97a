package knowledge

import "embed"

// data holds the built-in knowledge base: sources.yaml, entries/*.yaml,
// comparison.yaml, meta.yaml and synonyms.yaml.
//
//go:embed data
var data embed.FS
