package dev.modelgate.cli;

import dev.modelgate.report.TerminalText;
import java.io.PrintWriter;

/**
 * Every line a command prints goes through here: a message names files, members and tensors a
 * hostile model chose, so the whole line is escaped ({@link TerminalText}) and cannot carry
 * escape sequences or forge further lines. Only reports that escape field by field themselves
 * (text reports) and JSON are printed as they are.
 */
final class Console {
  private Console() {}

  /** Prints one line, escaped. */
  static void line(PrintWriter w, String text) {
    w.println(TerminalText.escape(text));
  }

  /** An escaped stack trace, for {@code --debug}: messages escaped, frames as Java prints them. */
  static void trace(PrintWriter w, Throwable t) {
    java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(
        new java.util.IdentityHashMap<>());
    String prefix = "";
    for (Throwable x = t; x != null && seen.add(x); x = x.getCause()) {
      line(w, prefix + x);
      for (StackTraceElement e : x.getStackTrace()) {
        w.println("\tat " + TerminalText.escape(e.toString()));
      }
      prefix = "Caused by: ";
    }
    w.flush();
  }
}
