package dev.modelgate.cli;

import dev.modelgate.cli.args.Args;
import dev.modelgate.cli.args.Io;
import dev.modelgate.cli.args.Opt;
import dev.modelgate.hub.HubClient;
import dev.modelgate.hub.HubRef;
import dev.modelgate.hub.HubSnapshot;
import java.io.IOException;

/** {@code hf://ORG/REPO[@REVISION]} arguments: opens the snapshot the core fetches from. */
final class Hub {
  static final long DEFAULT_MAX_BYTES = 16L << 30;
  static final Opt MAX_BYTES = Opt.value("BYTES", "For hf:// paths: the most to fetch into the"
      + " temporary folder (default: 16 GiB).", "--hf-max-bytes");

  private Hub() {}

  static boolean is(String arg) {
    return HubRef.isHub(arg);
  }

  /** What a command does with an opened snapshot. */
  interface Use<T> {
    T apply(HubSnapshot s) throws Exception;
  }

  /**
   * Resolves and lists the repository named by {@code arg} and hands it to {@code use}; its
   * temporary folder goes afterwards, or when the JVM is stopped (Ctrl-C) before that.
   */
  static <T> T with(String arg, Args a, Io io, Use<T> use) throws Exception {
    HubRef ref;
    try {
      ref = HubRef.parse(arg);
    } catch (IllegalArgumentException e) {
      throw a.usage(e.getMessage());
    }
    Long max = a.number("--hf-max-bytes");
    if (max != null && max <= 0) {
      throw a.usage("--hf-max-bytes must be positive");
    }
    HubClient client;
    try {
      client = HubClient.fromEnvironment(io.env());
    } catch (IllegalArgumentException e) {
      throw a.usage(e.getMessage());
    }
    try (HubSnapshot snapshot = HubSnapshot.open(client, ref,
        max == null ? DEFAULT_MAX_BYTES : max)) {
      HubSnapshot s = snapshot;   // closed by the hook too; a second close() finds nothing
      Thread cleanup = new Thread(() -> {
        try {
          s.close();
        } catch (IOException e) {
          // the JVM is going; the OS's temporary folder cleaning is the fallback
        }
      }, "modelgate-hf-cleanup");
      Runtime.getRuntime().addShutdownHook(cleanup);
      try {
        return use.apply(s);
      } finally {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      }
    }
  }
}
