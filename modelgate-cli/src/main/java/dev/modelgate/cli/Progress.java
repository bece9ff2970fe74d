package dev.modelgate.cli;

import dev.modelgate.report.TerminalText;
import java.io.PrintWriter;

/**
 * A single self-overwriting progress line on stderr, only when stderr is a terminal. The file name
 * is escaped ({@link TerminalText}) before it is cut to fit, so a hostile name cannot move the
 * cursor or end the line.
 */
final class Progress {
  private static final long MIN_INTERVAL_NANOS = 100_000_000L;
  private final PrintWriter err;
  private final boolean enabled;
  private long last;
  private boolean shown;

  Progress(PrintWriter err, boolean enabled) {
    this.err = err;
    this.enabled = enabled;
  }

  void update(int index, int total, String what) {
    if (!enabled || total < 2) {
      return;
    }
    long now = System.nanoTime();
    if (shown && now - last < MIN_INTERVAL_NANOS && index < total) {
      return;
    }
    last = now;
    String safe = TerminalText.escape(what);
    String name = safe.length() > 60 ? "…" + safe.substring(safe.length() - 59) : safe;
    err.print("\r\u001b[K[" + index + "/" + total + "] " + name);
    err.flush();
    shown = true;
  }

  void clear() {
    if (shown) {
      err.print("\r\u001b[K");
      err.flush();
      shown = false;
    }
  }
}
