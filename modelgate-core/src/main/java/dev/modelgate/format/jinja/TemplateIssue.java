package dev.modelgate.format.jinja;

/**
 * A problem found in a Jinja2 template.
 *
 * @param offset character offset in the template
 * @param evidence the offending tag or expression, bounded in length
 */
record TemplateIssue(Kind kind, String message, int offset, String evidence) {
  public enum Kind {
    /** Sandbox escape, Python internals, or file access: malicious when rendered unsandboxed. */
    INJECTION,
    /** Does not tokenise or balance: loaders would fail to compile it. */
    SYNTAX
  }
}
