package dev.modelgate.cli.args;

/** What a command does with its parsed arguments; returns the exit code. */
@FunctionalInterface
public interface Action {
  int run(Args args, Io io) throws Exception;
}
