package dev.modelgate.format.coreml;

/** Relative paths a model names: absolute ones, drive letters and {@code ..} leave the package. */
final class Paths {
  private Paths() {}

  static boolean escapes(String p) {
    if (p.startsWith("/") || p.startsWith("\\") || p.startsWith("~")
        || p.matches("^[A-Za-z]:.*") || p.indexOf('\0') >= 0) {
      return true;
    }
    int depth = 0;
    for (String part : p.split("[/\\\\]+", 0)) {
      if (part.equals("..")) {
        if (--depth < 0) {
          return true;
        }
      } else if (!part.isEmpty() && !part.equals(".")) {
        depth++;
      }
    }
    return false;
  }
}
