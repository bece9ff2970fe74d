package dev.modelgate.hub;

import java.util.regex.Pattern;

/**
 * {@code hf://ORG/REPO[@REVISION]}: a model repository and a branch, tag or commit (default
 * {@code main}).
 */
public record HubRef(String repo, String revision) {
  public static final String SCHEME = "hf://";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}");
  private static final Pattern REVISION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,199}");

  public HubRef {
    String[] parts = repo.split("/", -1);
    if (parts.length != 2 || !NAME.matcher(parts[0]).matches()
        || !NAME.matcher(parts[1]).matches() || repo.contains("..")) {
      throw new IllegalArgumentException(SCHEME + repo + ": a repository is named ORG/REPO");
    }
    if (!REVISION.matcher(revision).matches() || revision.contains("..")
        || revision.endsWith("/")) {
      throw new IllegalArgumentException(SCHEME + repo + "@" + revision + ": not a revision name");
    }
  }

  public static boolean isHub(String arg) {
    return arg.startsWith(SCHEME);
  }

  /** Parses {@code hf://ORG/REPO[@REVISION]}. */
  public static HubRef parse(String arg) {
    if (!isHub(arg)) {
      throw new IllegalArgumentException(arg + ": not an hf:// name");
    }
    String rest = arg.substring(SCHEME.length());
    int at = rest.indexOf('@');
    return at < 0 ? new HubRef(rest, "main")
        : new HubRef(rest.substring(0, at), rest.substring(at + 1));
  }

  @Override
  public String toString() {
    return SCHEME + repo + "@" + revision;
  }
}
