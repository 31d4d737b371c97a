package main

// Placeholder until the Slack helper lands runServe and runConsole.

import "context"

func runServe(ctx context.Context, e *env, args []string) int   { panic("not implemented") }
func runConsole(ctx context.Context, e *env, args []string) int { panic("not implemented") }
