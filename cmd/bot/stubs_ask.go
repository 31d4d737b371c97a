package main

// Placeholder until the knowledge helper lands ask, compare and topics.

import "context"

func runAsk(ctx context.Context, e *env, args []string) int     { panic("not implemented") }
func runCompare(ctx context.Context, e *env, args []string) int { panic("not implemented") }
func runTopics(ctx context.Context, e *env, args []string) int  { panic("not implemented") }
