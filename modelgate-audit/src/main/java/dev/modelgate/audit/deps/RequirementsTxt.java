package dev.modelgate.audit.deps;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * pip requirements files: one PEP 508 requirement per line, {@code \} continuations, comments,
 * {@code -r}/{@code -c} includes (relative to the including file, loops detected), options such
 * as {@code --hash} and {@code --index-url}, editable and URL requirements (named by
 * {@code #egg=} or a wheel file name when they can be).
 */
final class RequirementsTxt {
  /** Include depth beyond which the chain is called a loop even without a repeated file. */
  static final int MAX_INCLUDE_DEPTH = 32;

  record Result(List<Dependency> deps, List<DependencyFileException> errors,
      List<String> errorFiles) {}

  private final List<Dependency> deps = new ArrayList<>();
  private final List<DependencyFileException> errors = new ArrayList<>();
  private final List<String> errorFiles = new ArrayList<>();
  private final Limits limits;
  /** Files already read in this audit (directly or through an include): read once only. */
  private final Set<Path> read;

  private RequirementsTxt(Limits limits, Set<Path> read) {
    this.limits = limits;
    this.read = read;
  }

  record Limits(long maxFileBytes) {}

  static Result read(Path file, String shown, long maxFileBytes, Set<Path> alreadyRead) {
    RequirementsTxt r = new RequirementsTxt(new Limits(maxFileBytes), alreadyRead);
    r.file(file, shown, new java.util.ArrayDeque<>(), 0);
    return new Result(r.deps, r.errors, r.errorFiles);
  }

  private void file(Path file, String shown, java.util.Deque<Path> stack, int depth) {
    Path key;
    try {
      key = file.toRealPath();
    } catch (IOException e) {
      fail(shown, new DependencyFileException("cannot read " + shown + ": " + e.getMessage(), 0));
      return;
    }
    if (stack.contains(key) || depth > MAX_INCLUDE_DEPTH) {
      fail(shown, new DependencyFileException("include loop: " + shown
          + " includes itself through " + stack.size() + " file(s)", 0));
      return;
    }
    if (!read.add(key)) {
      return; // read before: through another file's -r, or named directly
    }
    String text;
    try {
      if (Files.size(file) > limits.maxFileBytes) {
        fail(shown, new DependencyFileException(shown + " is larger than "
            + limits.maxFileBytes + " bytes", 0));
        return;
      }
      text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      fail(shown, new DependencyFileException("cannot read " + shown + ": " + e.getMessage(), 0));
      return;
    }
    stack.push(key);
    String[] lines = text.split("\r?\n", -1);
    for (int k = 0; k < lines.length; k++) {
      int lineNo = k + 1;
      StringBuilder logical = new StringBuilder(lines[k]);
      while (endsWithContinuation(logical) && k + 1 < lines.length) {
        logical.setLength(logical.length() - 1);
        logical.append(' ').append(lines[++k]);
      }
      line(stripComment(logical.toString()).strip(), file, shown, lineNo, stack, depth);
    }
    stack.pop();
  }

  private static boolean endsWithContinuation(StringBuilder b) {
    return b.length() > 0 && b.charAt(b.length() - 1) == '\\';
  }

  /** pip: a comment starts at '#' at the line start or after whitespace. */
  private static String stripComment(String s) {
    for (int k = 0; k < s.length(); k++) {
      if (s.charAt(k) == '#' && (k == 0 || Character.isWhitespace(s.charAt(k - 1)))) {
        return s.substring(0, k);
      }
    }
    return s;
  }

  private static final Set<String> INCLUDE = Set.of("-r", "--requirement", "-c", "--constraint");

  private void line(String s, Path file, String shown, int lineNo, java.util.Deque<Path> stack,
      int depth) {
    if (s.isEmpty()) {
      return;
    }
    if (s.startsWith("-")) {
      String[] parts = s.split("\\s+|=", 2);
      String opt = parts[0];
      String arg = parts.length > 1 ? parts[1].strip() : "";
      if (opt.startsWith("-r") && opt.length() > 2 && !opt.startsWith("--")) {
        arg = opt.substring(2);
        opt = "-r";
      } else if (opt.startsWith("-c") && opt.length() > 2 && !opt.startsWith("--")) {
        arg = opt.substring(2);
        opt = "-c";
      }
      if (INCLUDE.contains(opt)) {
        if (arg.contains("://")) {
          return; // a remote include cannot be read offline
        }
        Path inc = file.resolveSibling(arg);
        Path parent = Path.of(shown).getParent();
        file(inc, parent == null ? arg : parent.resolve(arg).toString(), stack, depth + 1);
      } else if (opt.equals("-e") || opt.equals("--editable")) {
        urlRequirement(arg, shown, lineNo);
      }
      return; // --hash, --index-url, --extra-index-url, --find-links, --pre, … carry no package
    }
    // options after the requirement: `torch==2.5.1 --hash=sha256:…`
    int opt = s.indexOf(" --");
    String req = opt >= 0 ? s.substring(0, opt).strip() : s;
    if (req.contains("://") && !req.contains("@")) {
      urlRequirement(req, shown, lineNo);
      return;
    }
    if (req.startsWith(".") || req.startsWith("/")) {
      return; // a local path: no name or version to check
    }
    try {
      deps.add(Pep508.dependency(req, shown, lineNo));
    } catch (IllegalArgumentException e) {
      fail(shown, new DependencyFileException(shown + ":" + lineNo + ": " + e.getMessage(),
          lineNo));
    }
  }

  /** {@code …/torch-2.5.1-cp311-….whl} or {@code git+…#egg=name}. */
  private void urlRequirement(String url, String shown, int lineNo) {
    int egg = url.indexOf("#egg=");
    if (egg >= 0) {
      String name = url.substring(egg + 5).split("[&\\[]", 2)[0];
      if (!name.isEmpty()) {
        deps.add(new Dependency(Dependency.normalize(name), null, null, shown, lineNo, url));
      }
      return;
    }
    String last = url.substring(url.lastIndexOf('/') + 1);
    if (last.endsWith(".whl")) {
      String[] parts = last.split("-", 0);
      if (parts.length >= 5) {
        Version v = Version.tryParse(parts[1]);
        if (v != null) {
          deps.add(new Dependency(Dependency.normalize(parts[0]), SpecifierSet.exactly(v), v,
              shown, lineNo, url));
        }
      }
    }
  }

  private void fail(String shown, DependencyFileException e) {
    errors.add(e);
    errorFiles.add(shown);
  }
}
