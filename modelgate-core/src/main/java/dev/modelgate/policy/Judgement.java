package dev.modelgate.policy;

/**
 * What the policy says about one imported name.
 *
 * @param kind allowed, dangerous or unlisted
 * @param category for dangerous names: what they can do (e.g. {@code process}); else empty
 * @param userAllowed true when the user's allowlist names it (a dangerous name stays dangerous)
 */
public record Judgement(Kind kind, String category, boolean userAllowed) {

  public enum Kind {
    /** In the built-in allowlist or the user's. */
    ALLOWED,
    /** In the catalogue of callables that run code, touch files or the network. */
    DANGEROUS,
    /** Neither: the file needs code the policy does not know. */
    UNLISTED
  }

  public boolean dangerous() {
    return kind == Kind.DANGEROUS;
  }
}
