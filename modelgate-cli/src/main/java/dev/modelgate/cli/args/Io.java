package dev.modelgate.cli.args;

import java.io.PrintWriter;

/**
 * Where a command prints: its report or result on {@code out}, messages on {@code err}. The
 * terminal flags say whether each is a terminal (the launcher knows; see the CLI's Terminal).
 */
public record Io(PrintWriter out, PrintWriter err, boolean outTty, boolean errTty) {}
