package dev.modelgate.cli.args;

import java.io.PrintWriter;
import java.util.Map;

/**
 * Where a command prints: its report or result on {@code out}, messages on {@code err}. The
 * terminal flags say whether each is a terminal (the launcher knows; see the CLI's Terminal).
 * {@code env} is the environment the command reads ({@code HF_ENDPOINT}, {@code HF_TOKEN}).
 */
public record Io(PrintWriter out, PrintWriter err, boolean outTty, boolean errTty,
    Map<String, String> env) {}
