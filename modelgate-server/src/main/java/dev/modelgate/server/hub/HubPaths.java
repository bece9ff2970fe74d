package dev.modelgate.server.hub;

import dev.modelgate.server.http.HttpError;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Parses and validates the Hub's URL shapes from the raw (still percent-encoded) path. Every
 * segment is decoded on its own, strictly, and then checked: repository ids, revisions and file
 * paths that could leave their folder or confuse a file system ({@code ..}, {@code %2e%2e},
 * absolute paths, backslashes, NUL and other control characters) are refused with 400 before
 * anything looks them up.
 */
public final class HubPaths {
  private static final Pattern REPO_PART = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}");
  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
  private static final Pattern REV_PART = Pattern.compile("[A-Za-z0-9._+@=-]{1,255}");
  static final int MAX_PATH = 1024;

  private HubPaths() {}

  /** {@code /{repo}/resolve/{revision}/{path}}. */
  public record Resolve(String repo, String revision, String path) {}

  /** {@code /api/models/{repo}[/revision/{rev} | /tree/{rev}[/{path}]]}. */
  public record Api(String repo, String kind, String revision, String path) {}

  /** True when the raw path has the resolve shape (it may still be invalid). */
  static boolean isResolve(String raw) {
    String[] s = raw.split("/", 5);
    return s.length >= 5 && (s[2].equals("resolve") || s[3].equals("resolve"))
        && !raw.startsWith("/api/");
  }

  static boolean isApi(String raw) {
    return raw.startsWith("/api/models/");
  }

  static Resolve resolve(String raw) throws HttpError {
    List<String> s = rawSegments(raw.substring(1));
    int at = s.size() > 3 && s.get(2).equals("resolve") ? 2 : 1;
    if (s.size() < at + 3 || !s.get(at).equals("resolve")) {
      throw HttpError.badRequest("expected /{repo}/resolve/{revision}/{file}");
    }
    String repo = repo(s.subList(0, at));
    String rev = revision(decode(s.get(at + 1)));
    String path = file(s.subList(at + 2, s.size()));
    return new Resolve(repo, rev, path);
  }

  static Api api(String raw) throws HttpError {
    List<String> s = rawSegments(raw.substring("/api/models/".length()));
    if (s.isEmpty() || (s.size() == 1 && s.get(0).isEmpty())) {
      throw HttpError.badRequest("expected /api/models/{repo}");
    }
    // the kind keyword sits after a one- or two-part repository id
    for (int at : new int[] {2, 1}) {
      if (s.size() > at + 1 && (s.get(at).equals("revision") || s.get(at).equals("tree"))) {
        String repo = repo(s.subList(0, at));
        String kind = s.get(at);
        String rev = revision(decode(s.get(at + 1)));
        if (kind.equals("revision")) {
          if (s.size() != at + 2) {
            throw HttpError.notFound("no such endpoint");
          }
          return new Api(repo, kind, rev, "");
        }
        String path = s.size() > at + 2 ? file(s.subList(at + 2, s.size())) : "";
        return new Api(repo, kind, rev, path);
      }
    }
    if (s.size() <= 2) {
      return new Api(repo(s), "info", "main", "");
    }
    throw HttpError.notFound("no such endpoint");
  }

  /** Splits on literal slashes; segments stay encoded. */
  private static List<String> rawSegments(String raw) {
    List<String> out = new ArrayList<>();
    int from = 0;
    while (true) {
      int slash = raw.indexOf('/', from);
      if (slash < 0) {
        out.add(raw.substring(from));
        return out;
      }
      out.add(raw.substring(from, slash));
      from = slash + 1;
    }
  }

  static String repo(List<String> raw) throws HttpError {
    List<String> parts = new ArrayList<>();
    for (String r : raw) {
      parts.add(decode(r));
    }
    String id = String.join("/", parts);
    for (String p : parts) {
      if (!REPO_PART.matcher(p).matches() || p.contains("..") || p.contains("--")
          || p.endsWith(".")) {
        throw HttpError.badRequest("invalid repository id " + quoteForMessage(id));
      }
    }
    return id;
  }

  static boolean isCommit(String rev) {
    return COMMIT.matcher(rev).matches();
  }

  /** A branch, tag or commit: git ref name rules, no dot segments, no control characters. */
  static String revision(String rev) throws HttpError {
    if (rev.isEmpty() || rev.length() > 255 || rev.startsWith("/") || rev.endsWith("/")
        || rev.contains("//") || rev.contains("..") || rev.endsWith(".lock")) {
      throw HttpError.badRequest("invalid revision " + quoteForMessage(rev));
    }
    for (String p : rev.split("/", 0)) {
      if (!REV_PART.matcher(p).matches() || p.equals(".") || p.startsWith(".")) {
        throw HttpError.badRequest("invalid revision " + quoteForMessage(rev));
      }
    }
    return rev;
  }

  /** A file path inside a repository, from its raw segments. */
  static String file(List<String> raw) throws HttpError {
    List<String> parts = new ArrayList<>();
    for (String r : raw) {
      for (String p : decode(r).split("/", -1)) {
        parts.add(p);
      }
    }
    String path = String.join("/", parts);
    checkFile(path);
    return path;
  }

  /** Checks a repository file path (also those the upstream lists). */
  static void checkFile(String path) throws HttpError {
    if (path.isEmpty() || path.length() > MAX_PATH) {
      throw HttpError.badRequest("invalid file path " + quoteForMessage(path));
    }
    for (String p : path.split("/", -1)) {
      if (p.isEmpty() || p.equals(".") || p.equals("..") || p.indexOf('\\') >= 0
          || p.matches("[A-Za-z]:.*") || hasControl(p)) {
        throw HttpError.badRequest("invalid file path " + quoteForMessage(path)
            + ": no empty, '.', '..' or drive segments, backslashes or control characters");
      }
    }
  }

  private static boolean hasControl(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)) {
        return true;
      }
    }
    return false;
  }

  /** Strict percent-decoding of one segment into UTF-8 text. */
  static String decode(String seg) throws HttpError {
    if (seg.indexOf('%') < 0) {
      if (hasControl(seg)) {
        throw HttpError.badRequest("control characters in the path");
      }
      return seg;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(seg.length());
    for (int i = 0; i < seg.length(); i++) {
      char c = seg.charAt(i);
      if (c == '%') {
        if (i + 2 >= seg.length() || Character.digit(seg.charAt(i + 1), 16) < 0
            || Character.digit(seg.charAt(i + 2), 16) < 0) {
          throw HttpError.badRequest("bad percent-encoding in the path");
        }
        out.write(Character.digit(seg.charAt(i + 1), 16) * 16
            + Character.digit(seg.charAt(i + 2), 16));
        i += 2;
      } else if (c > 0x7e) {
        throw HttpError.badRequest("unencoded non-ASCII characters in the path");
      } else {
        out.write(c);
      }
    }
    String s;
    try {
      s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(out.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      throw HttpError.badRequest("the path is not valid UTF-8");
    }
    if (hasControl(s)) {
      throw HttpError.badRequest("control characters (NUL, ...) in the path");
    }
    return s;
  }

  /** Percent-encodes a repository path for an upstream URL (slashes kept). */
  static String encodePath(String path) {
    StringBuilder b = new StringBuilder();
    for (byte x : path.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/'
          || c == '-' || c == '_' || c == '.' || c == '~') {
        b.append((char) c);
      } else {
        b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return b.toString();
  }

  /** Encodes one segment (slashes too), e.g. a revision {@code refs/pr/1}. */
  static String encodeSegment(String s) {
    return encodePath(s).replace("/", "%2F");
  }

  private static String quoteForMessage(String s) {
    String t = s.length() > 200 ? s.substring(0, 200) + "…" : s;
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      b.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return b.append('"').toString();
  }
}
