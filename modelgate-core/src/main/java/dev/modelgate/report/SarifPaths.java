package dev.modelgate.report;

import dev.modelgate.ScanReport;
import dev.modelgate.ScanResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where a result's file is, as SARIF wants it: a URI reference relative to {@code %SRCROOT%}
 * (the root folder), never an absolute path, so the same scan run in another checkout gives the
 * same URIs. A result path is a file on disk ({@code models/evil.pt}), a member inside one
 * ({@code a.zip!/x.pkl}: the file is {@code a.zip}, the member a logical location) or a file of
 * a scanned folder ({@code models!/sub/evil.pt} is {@code models/sub/evil.pt} on disk).
 */
final class SarifPaths {
  static final String SRCROOT = "%SRCROOT%";
  private static final Pattern URL = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://.*");

  /** The file on disk, the member path inside it (may be empty) and the SARIF URI. */
  record Artifact(String file, String member, String uri, boolean relative, boolean outside) {}

  private final Path root;
  private final Set<String> folders = new HashSet<>();

  /** @param root the folder URIs are relative to; relative paths are read from the cwd */
  SarifPaths(ScanReport report, Path root) {
    this.root = root.toAbsolutePath().normalize();
    for (ScanResult r : report.results()) {
      if (r.topLevel() && r.format().equals("directory")) {
        folders.add(r.path());
      }
    }
  }

  /** {@code file:///abs/root/}, the value of {@code %SRCROOT%}. */
  String rootUri() {
    String u = root.toUri().toString();
    return u.endsWith("/") ? u : u + "/";
  }

  Artifact artifact(String path) {
    String file = path;
    int bang = file.indexOf("!/");
    if (bang >= 0 && folders.contains(file.substring(0, bang))) {
      file = file.substring(0, bang) + "/" + file.substring(bang + 2);
      bang = file.indexOf("!/");
    }
    String member = "";
    if (bang >= 0) {
      member = file.substring(bang + 2);
      file = file.substring(0, bang);
    }
    if (URL.matcher(file).matches()) {
      return new Artifact(file, member, file, false, false); // hf://org/repo@rev/...: no file here
    }
    Path rel;
    try {
      rel = root.relativize(Path.of(file).toAbsolutePath().normalize());
    } catch (InvalidPathException e) {
      // a source name that is no path on this system (an upload's name): a plain reference
      String plain = file.replace('\\', '/').replaceFirst("^/+", "");
      return new Artifact(file, member, plain.isEmpty() ? "./" : encode(plain), true, false);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot name " + file + " relative to the SARIF root "
          + root + " (" + e.getMessage() + "); choose another --sarif-root", e);
    }
    String text = rel.toString().replace('\\', '/');
    return new Artifact(file, member, text.isEmpty() ? "./" : encode(text), true,
        text.equals("..") || text.startsWith("../"));
  }

  /**
   * Percent-encodes a relative path as an RFC 3986 path: unreserved characters and a few safe
   * sub-delimiters stay, everything else (spaces, ':', '%', '?', '#', non-ASCII as UTF-8) is
   * escaped, so a first segment like {@code c:x} is never read as a scheme.
   */
  static String encode(String path) {
    StringBuilder b = new StringBuilder();
    for (byte x : path.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "-._~/!$&'()*+,;=@".indexOf(c) >= 0) {
        b.append((char) c);
      } else {
        b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return b.toString();
  }
}
