package dev.modelgate.cli;

import dev.modelgate.cli.args.Args;
import dev.modelgate.cli.args.Opt;
import dev.modelgate.policy.Policy;
import java.io.IOException;
import java.nio.file.Path;

/** Options several commands share, and what they mean. */
final class Common {
  static final Opt DEBUG = Opt.flag("Show stack traces of internal errors.", "--debug");
  static final Opt ALLOW = Opt.value("GLOBAL", "Allow a global (module.name or 'module.*').",
      "--allow").repeat();
  static final Opt POLICY = Opt.value("FILE", "Policy file extending the allowlist.", "--policy");

  private Common() {}

  /** The default policy, extended by {@code --policy} and {@code --allow} where the command has them. */
  static Policy policy(Args a) throws IOException {
    Path file = a.path("--policy");
    Policy p = file == null ? Policy.defaults() : Policy.load(file);
    return p.allow(a.strings("--allow"));
  }
}
