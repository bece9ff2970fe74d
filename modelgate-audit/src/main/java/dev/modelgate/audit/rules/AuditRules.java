package dev.modelgate.audit.rules;

import dev.modelgate.rules.Rule;
import dev.modelgate.rules.RuleCatalogue;
import dev.modelgate.rules.Severity;
import dev.modelgate.rules.Verdict;
import java.util.List;
import java.util.Set;

/**
 * The ids of the audit's rules. What a rule means (severity, title, description, help) is in the
 * rule catalogue: modelgate-audit ships its {@code .rules} files under
 * {@code META-INF/modelgate/rules/} (see {@link RuleCatalogue}), so {@code docs/rules.md},
 * SARIF's rule descriptors and the JSON report's {@code fix} come from the same text as the
 * scanner's rules. An audit rule's severity is stored as the verdict that maps to it
 * ({@link Severity#of}).
 */
public final class AuditRules {
  private AuditRules() {}

  public static final String TORCH_LOAD = "py.torch-load";
  public static final String PICKLE_LOAD = "py.pickle-load";
  public static final String NUMPY_ALLOW_PICKLE = "py.numpy-allow-pickle";
  public static final String TORCH_JIT_LOAD = "py.torch-jit-load";
  public static final String KERAS_UNSAFE = "py.keras-unsafe";
  public static final String YAML_LOAD = "py.yaml-load";
  public static final String WEIGHTS_ONLY_DISABLED = "py.weights-only-disabled";
  public static final String UNTRUSTED_DESERIALIZE = "py.deserialize-untrusted-input";
  public static final String JINJA_UNSANDBOXED = "py.jinja-unsandboxed";
  public static final String EXEC_MODEL_OUTPUT = "py.exec-model-output";
  public static final String TRUST_REMOTE_CODE = "py.trust-remote-code";
  public static final String UNPINNED_DOWNLOAD = "py.unpinned-download";
  public static final String EXPOSED_SERVICE = "py.exposed-service";
  public static final String REMOTE_CODE = "model.remote-code";
  public static final String MODEL_FILE = "model.file";
  public static final String VULNERABLE_DEPENDENCY = "dep.vulnerable";
  public static final String VULNERABLE_RANGE = "dep.vulnerable-range";
  public static final String DEPENDENCY_FILE = "dep.file-error";
  public static final String VULNERABLE_NATIVE = "native.vulnerable";
  public static final String PARSE_ERROR = "audit.parse-error";
  public static final String SUPPRESSION_REASON = "audit.suppression-reason";

  /** The catalogue areas (the part of an id before its first dot) that are the audit's. */
  public static final Set<String> AREAS = Set.of("py", "model", "dep", "native", "audit");

  /** The catalogued rule with this id; an audit rule missing from the catalogue is a bug. */
  public static Rule rule(String id) {
    return RuleCatalogue.get().find(id).orElseThrow(() -> new IllegalStateException(
        "rule " + id + " is not in the rule catalogue (modelgate-audit/src/main/resources/"
            + RuleCatalogue.INDEX + ")"));
  }

  /** The default (and worst) severity of the rule's findings. */
  public static Severity severity(String id) {
    return rule(id).severity();
  }

  /** Every catalogued rule of the audit's areas, in catalogue order. */
  public static List<Rule> all() {
    return RuleCatalogue.get().all().stream().filter(r -> AREAS.contains(r.area())).toList();
  }

  /** The verdict a severity stands for in the catalogue (the inverse of {@link Severity#of}). */
  public static Verdict verdictOf(Severity s) {
    return switch (s) {
      case INFO -> Verdict.CLEAN;
      case MEDIUM -> Verdict.SUSPICIOUS;
      case HIGH -> Verdict.INVALID;
      case CRITICAL -> Verdict.MALICIOUS;
    };
  }
}
