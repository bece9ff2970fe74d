package dev.modelgate.format.nemo;

import dev.modelgate.policy.Judgement;
import dev.modelgate.spi.ScanContext;
import dev.modelgate.yaml.Yaml;
import dev.modelgate.yaml.YamlException;
import java.util.Locale;

/**
 * A NeMo {@code model_config.yaml}. NeMo restores a model by handing this config to Hydra, whose
 * {@code instantiate} imports the class or function named by every {@code _target_} key,
 * anywhere in the tree, and calls it with the sibling keys as arguments. A target in the
 * dangerous-callables catalogue runs code; one outside NeMo and torch needs code the file does
 * not contain.
 */
final class ModelConfig {
  static final String DANGEROUS = "nemo.dangerous-target";
  static final String UNKNOWN = "nemo.unknown-target";
  static final String TAG = "nemo.yaml-python-tag";
  static final String UNPARSED = "nemo.config-unparsed";
  static final String LIMIT = "nemo.config-limit";
  /** Module families real NeMo configs instantiate. */
  private static final String[] KNOWN = {"nemo.", "torch."};
  private static final int MAX_FINDINGS = 20;

  private ModelConfig() {}

  static void check(ScanContext ctx, byte[] text, String member) {
    Object root;
    try {
      root = Yaml.parse(text, Yaml.Limits.DEFAULT);
    } catch (YamlException e) {
      if (e.limit()) {
        ctx.invalid(LIMIT, member + " is over a limit: " + e.getMessage(), member);
      } else {
        ctx.suspicious(UNPARSED, member + " could not be read (" + e.getMessage()
            + "), so the classes Hydra would instantiate from it were not checked", member, "");
      }
      return;
    }
    int[] shown = {0};
    Yaml.walk(root, (path, key, value) -> {
      if (shown[0] >= MAX_FINDINGS) {
        return;
      }
      String where = member + ":" + clip(path);
      if (value instanceof Yaml.Tagged t && t.tag().toLowerCase(Locale.ROOT).contains("python")) {
        shown[0]++;
        ctx.malicious(TAG, "key " + clip(path) + " carries the YAML tag " + clip(t.tag())
            + ", which an unsafe YAML loader turns into a Python call", where, clip(t.tag()));
      }
      if (key.equals("_target_")) {
        if (target(ctx, value, path, where)) {
          shown[0]++;
        }
      }
    });
  }

  /** Judges one {@code _target_} value; true when it gave a finding. */
  private static boolean target(ScanContext ctx, Object value, String path, String where) {
    if (!(value instanceof String s) || s.isBlank()) {
      ctx.suspicious(UNKNOWN, "_target_ at " + clip(path) + " is not a class path, so what"
          + " Hydra instantiates cannot be checked", where, String.valueOf(value));
      return true;
    }
    String t = s.strip();
    int dot = t.lastIndexOf('.');
    String module = dot < 0 ? "builtins" : t.substring(0, dot);
    String name = dot < 0 ? t : t.substring(dot + 1);
    Judgement j = ctx.policy().judge(module, name);
    if (j.dangerous()) {
      ctx.malicious(DANGEROUS, "Hydra instantiates " + clip(t) + " (" + j.category()
          + ") when NeMo restores the model" + (j.userAllowed()
          ? "; the user's allowlist was overridden" : ""), where, clip(t));
      return true;
    }
    if (j.userAllowed() || known(t)) {
      return false;
    }
    ctx.suspicious(UNKNOWN, "Hydra imports and instantiates " + clip(t) + ", which is outside"
        + " NeMo and torch, when NeMo restores the model", where, clip(t));
    return true;
  }

  private static boolean known(String target) {
    for (String k : KNOWN) {
      if (target.startsWith(k)) {
        return true;
      }
    }
    return false;
  }

  static String clip(String s) {
    String one = s.replaceAll("\\p{Cntrl}", "?");
    return one.length() <= 200 ? one : one.substring(0, 197) + "...";
  }

  static boolean isConfig(String memberName) {
    String n = memberName.startsWith("./") ? memberName.substring(2) : memberName;
    return n.equals("model_config.yaml");
  }
}
