package knowledge

import "embed"

// data holds the built-in knowledge base: sources.yaml, entries/*.yaml,
// comparison.yaml, meta.yaml, synonyms.yaml, phrasing.yaml, glossary.tsv
// and classifier.tsv.
//
//go:embed data
var data embed.FS
