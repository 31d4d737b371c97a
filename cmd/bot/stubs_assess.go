package main

// Placeholder until the assessment helper lands runAssess.

import "context"

func runAssess(ctx context.Context, e *env, args []string) int { panic("not implemented") }
