package dev.modelgate.format.archive;

import org.jspecify.annotations.Nullable;

/** Member names that would place a file outside the extraction folder of a naive extractor. */
final class EntryNames {
  private EntryNames() {}

  /** Why the name escapes the extraction folder, or null when it stays inside. */
  static @Nullable String escape(String name) {
    if (name.startsWith("/") || name.startsWith("\\")) {
      return "absolute path";
    }
    if (name.length() >= 2 && Character.isLetter(name.charAt(0)) && name.charAt(1) == ':') {
      return "drive-letter path";
    }
    String[] parts = name.replace('\\', '/').split("/", -1);
    for (String p : parts) {
      if (p.equals("..")) {
        return "parent-directory component";
      }
    }
    if (name.indexOf('\\') >= 0) {
      return "backslash separator";
    }
    return null;
  }

  /** True when {@code name} (relative) climbs above the extraction folder. */
  static boolean climbsOut(String name) {
    int depth = 0;
    for (String p : name.replace('\\', '/').split("/", -1)) {
      if (p.equals("..")) {
        if (--depth < 0) {
          return true;
        }
      } else if (!p.isEmpty() && !p.equals(".")) {
        depth++;
      }
    }
    return false;
  }
}
