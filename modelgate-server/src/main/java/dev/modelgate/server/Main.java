package dev.modelgate.server;

import dev.modelgate.server.config.Config;
import dev.modelgate.server.config.ConfigException;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * {@code modelgate serve}: starts the gateway (or manages its tokens). Prints
 * {@code modelgate serve: listening on http://HOST:PORT} on stderr when ready; SIGTERM and SIGINT
 * drain requests in flight (bounded by {@code limits.shutdown_seconds}) and exit 0. Start-up
 * problems are one line on stderr and exit 2.
 */
public final class Main {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  private Main() {}

  public static void main(String[] argv) {
    System.exit(run(argv, System.out, System.err));
  }

  static int run(String[] argv, PrintStream out, PrintStream err) {
    Args a;
    try {
      a = Args.parse(argv);
    } catch (Args.UsageException e) {
      err.println("modelgate serve: " + e.getMessage());
      err.println(Args.USAGE);
      return USAGE;
    }
    if (a.help) {
      out.println(Args.USAGE);
      return OK;
    }
    Config cfg;
    try {
      cfg = Config.load(a.flags(), System.getenv("HF_TOKEN"));
    } catch (ConfigException e) {
      err.println("modelgate serve: bad configuration: " + e.getMessage());
      return USAGE;
    }
    try {
      if (!a.positional.isEmpty()) {
        if (!a.positional.get(0).equals("token")) {
          err.println("modelgate serve: unknown command " + a.positional.get(0));
          err.println(Args.USAGE);
          return USAGE;
        }
        return TokenCommand.run(a, cfg, out, err);
      }
      return serve(cfg, err);
    } catch (Gateway.StartException e) {
      err.println("modelgate serve: " + e.getMessage());
      if (a.debug) {
        e.printStackTrace(err);
      }
      return USAGE;
    } catch (Exception e) {
      err.println("modelgate serve: " + e.getMessage());
      if (a.debug) {
        e.printStackTrace(err);
      }
      return USAGE;
    }
  }

  private static int serve(Config cfg, PrintStream err) throws Gateway.StartException {
    Gateway g = Gateway.start(cfg);
    CountDownLatch stopped = new CountDownLatch(1);
    // SIGTERM/SIGINT run shutdown hooks; this one drains and then ends the JVM with status 0
    // (the JVM's own status after a signal would be 143).
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      g.close();
      err.println("modelgate serve: stopped");
      err.flush();
      stopped.countDown();
      Runtime.getRuntime().halt(OK);
    }, "modelgate-shutdown"));
    err.println("modelgate serve: listening on " + g.url());
    err.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return OK;
  }
}
