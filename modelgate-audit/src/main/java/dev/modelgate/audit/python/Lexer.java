package dev.modelgate.audit.python;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One pass over a file's UTF-8 bytes with Python's tokenizer rules (logical lines, brackets,
 * continuation lines, comments, string prefixes, triple quotes, f-string replacement fields with
 * nested strings as Python 3.12 allows), producing the {@link Outline} the prefilter decides on.
 * It is about a hundred times faster than parsing, and it only has to be right about where code,
 * strings and comments are and where indented blocks end; whatever it cannot tokenize it reports
 * as {@link Outline#confused()} so that the file is parsed whole.
 */
final class Lexer {
  private static final byte[][] TABLE;
  private static final int[] TABLE_ID;
  private static final int MASK;
  private static final byte[] MARK = "modelgate:".getBytes(StandardCharsets.US_ASCII);
  private static final int[] SHIFT = new int[256];
  private static final List<String> ROUTES = List.of("get", "post", "put", "patch", "delete",
      "route", "api_route", "websocket", "view");

  static {
    Arrays.fill(SHIFT, MARK.length);
    for (int k = 0; k < MARK.length - 1; k++) {
      SHIFT[MARK[k] & 0xff] = MARK.length - 1 - k;
    }
    List<String> words = RuleFamilies.words();
    int size = Integer.highestOneBit(words.size() * 4) * 2;
    TABLE = new byte[size][];
    TABLE_ID = new int[size];
    MASK = size - 1;
    for (String w : words) {
      byte[] b = w.getBytes(StandardCharsets.US_ASCII);
      int h = hash(b, 0, b.length) & MASK;
      while (TABLE[h] != null) {
        h = (h + 1) & MASK;
      }
      TABLE[h] = b;
      TABLE_ID[h] = RuleFamilies.id(w);
    }
  }

  private final byte[] b;
  private final int n;
  private final boolean[] present = new boolean[RuleFamilies.COUNT];
  private int[] at = new int[64];
  private int[] ids = new int[64];
  private int words;
  /** Words from the content of top-level strings of the current logical line, kept back until
   * the line is known not to be a string statement (a docstring). */
  private int[] lineAt = new int[16];
  private int[] lineIds = new int[16];
  private int lineWords;
  private int[] starts = new int[16];
  private int[] ends = new int[16];
  private int blocks;
  /** Open blocks: index into starts/ends, and the indentation of their header. */
  private int[] open = new int[16];
  private int[] openIndent = new int[16];
  private int openCount;
  private int pendingStart = -1;
  private int pendingIndent;
  private boolean confused;
  private boolean tabs;

  private int depth;
  private boolean prevDot;
  private boolean inLine;
  private boolean lineOnlyStrings;
  private int lineIndent;
  private int lineTokens;
  /** 0 no header, 1 after "async", 2 a def/class header. */
  private int header;
  private int headerColon;
  private boolean codeAfterColon;
  private int lastLineEnd;

  private Lexer(byte[] b) {
    this.b = b;
    this.n = b.length;
  }

  static Outline outline(byte[] utf8) {
    Lexer l = new Lexer(utf8);
    l.run();
    return l.result();
  }

  private void run() {
    int pos = 0;
    int lineStart = 0;
    while (pos < n) {
      int c = b[pos] & 0xff;
      if (c == '\n' || c == '\r') {
        if (c == '\r' && (pos + 1 >= n || b[pos + 1] != '\n')) {
          confused = true; // a lone CR: the parser and this lexer may disagree on lines
        }
        if (depth == 0 && inLine) {
          endLine(pos);
        }
        pos += c == '\r' && pos + 1 < n && b[pos + 1] == '\n' ? 2 : 1;
        lineStart = pos;
        continue;
      }
      if (c == ' ' || c == '\t' || c == '\f') {
        pos++;
        continue;
      }
      if (c == '#') {
        pos = lineEnd(pos);
        continue;
      }
      if (c == '\\' && pos + 1 < n && (b[pos + 1] == '\n' || b[pos + 1] == '\r')) {
        pos += pos + 2 < n && b[pos + 1] == '\r' && b[pos + 2] == '\n' ? 3 : 2;
        continue; // a continuation line: same logical line
      }
      if (!inLine) {
        startLine(lineStart, pos);
      }
      lineTokens++;
      if (c == '@' && lineTokens == 1) {
        decorator(pos + 1);
      }
      if (c == ':' && depth == 0 && header == 2 && headerColon < 0) {
        headerColon = pos + 1;
        lineOnlyStrings = false;
        prevDot = false;
        pos++;
        continue;
      }
      if (headerColon >= 0) {
        codeAfterColon = true;
      }
      int before = pos;
      pos = token(pos, false);
      if (header == 1 && lineTokens == 2 && !isWord(before, pos, "def")) {
        header = 0;
      }
    }
    if (inLine) {
      endLine(n);
    }
    if (depth != 0) {
      confused = true;
    }
    while (openCount > 0) {
      ends[open[--openCount]] = lastLineEnd;
    }
  }

  /** Lexes one token at {@code pos} (the caller handled whitespace, comments and line breaks). */
  private int token(int pos, boolean nested) {
    int c = b[pos] & 0xff;
    if (isIdentStart(c)) {
      int end = pos + 1;
      while (end < n && isIdentPart(b[end] & 0xff)) {
        end++;
      }
      if (end < n && (b[end] == '"' || b[end] == '\'') && isPrefix(pos, end)) {
        prevDot = false;
        return string(end, pos, nested);
      }
      if (lineTokens == 1 && !nested && (isWord(pos, end, "def") || isWord(pos, end, "class"))) {
        header = 2;
      } else if (lineTokens == 1 && !nested && isWord(pos, end, "async")) {
        header = 1;
      } else if (header == 1 && lineTokens == 2 && !nested && isWord(pos, end, "def")) {
        header = 2;
      }
      int id = lookup(pos, end);
      if (id >= 0) {
        word(pos, id);
        if ((id == RuleFamilies.EVAL || id == RuleFamilies.EXEC || id == RuleFamilies.COMPILE)
            && !prevDot) {
          word(pos, RuleFamilies.BARE);
        } else if (id == RuleFamilies.CHAT_TEMPLATE) {
          word(pos, RuleFamilies.CHAT);
        }
      }
      lineOnlyStrings = false;
      prevDot = false;
      return end;
    }
    if (c == '"' || c == '\'') {
      prevDot = false;
      return string(pos, pos, nested);
    }
    lineOnlyStrings = false;
    if (c >= '0' && c <= '9') {
      int end = pos + 1;
      while (end < n && (isIdentPart(b[end] & 0xff) || b[end] == '.'
          || ((b[end] == '+' || b[end] == '-') && (b[end - 1] | 0x20) == 'e'))) {
        end++;
      }
      prevDot = false;
      return end;
    }
    prevDot = c == '.';
    if (c == '(' || c == '[' || c == '{') {
      depth++;
    } else if (c == ')' || c == ']' || c == '}') {
      if (--depth < 0) {
        confused = true;
        depth = 0;
      }
    }
    return pos + 1;
  }

  /**
   * A string literal whose prefix starts at {@code prefixStart} and quote at {@code q}. Its
   * content is looked at when it has no replacement fields: a whole word, or a shape.
   */
  private int string(int q, int prefixStart, boolean nested) {
    boolean raw = false;
    boolean f = false;
    for (int k = prefixStart; k < q; k++) {
      int p = b[k] | 0x20;
      raw |= p == 'r';
      f |= p == 'f';
    }
    byte quote = b[q];
    boolean triple = q + 2 < n && b[q + 1] == quote && b[q + 2] == quote;
    int from = q + (triple ? 3 : 1);
    int i = from;
    int firstField = -1;
    while (true) {
      if (i >= n) {
        confused = true;
        return n;
      }
      int c = b[i];
      if (c == '\\') {
        if (f && !raw && i + 2 < n && b[i + 1] == 'N' && b[i + 2] == '{') {
          while (i < n && b[i] != '}') {
            i++; // \N{NAME}: braces of a named escape, not a field
          }
          i++;
        } else if (i + 2 < n && b[i + 1] == '\r' && b[i + 2] == '\n') {
          i += 3; // an escaped CRLF line break
        } else {
          i += f && i + 1 < n && b[i + 1] == '{' ? 1 : 2;
        }
        continue;
      }
      if ((c == '\n' || c == '\r') && !triple) {
        confused = true;
        return i;
      }
      if (c == quote && (!triple || (i + 2 < n && b[i + 1] == quote && b[i + 2] == quote))) {
        break;
      }
      if (f && c == '{') {
        if (i + 1 < n && b[i + 1] == '{') {
          i += 2;
          continue;
        }
        firstField = firstField < 0 ? i : firstField;
        i = field(i + 1);
        continue;
      }
      i++;
    }
    int end = i + (triple ? 3 : 1);
    content(from, firstField < 0 ? i : firstField, firstField < 0, nested);
    return end;
  }

  /** A replacement field after its '{': an expression, an optional conversion and format spec. */
  private int field(int i) {
    int base = depth;
    boolean savedDot = prevDot;
    prevDot = false;
    while (i < n) {
      int c = b[i] & 0xff;
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\\') {
        i++;
      } else if (c == '#') {
        i = lineEnd(i);
      } else if (depth == base && c == '}') {
        prevDot = savedDot;
        return i + 1;
      } else if (depth == base && c == '!' && i + 1 < n && b[i + 1] != '=') {
        i++;
      } else if (depth == base && c == ':') {
        i = spec(i + 1);
        prevDot = savedDot;
        return i;
      } else {
        i = token(i, true);
      }
    }
    confused = true;
    return n;
  }

  /** A format spec after its ':': literal text up to the field's '}', with nested fields. */
  private int spec(int i) {
    while (i < n) {
      if (b[i] == '}') {
        return i + 1;
      }
      i = b[i] == '{' ? field(i + 1) : i + 1;
    }
    confused = true;
    return n;
  }

  /** The literal text of a string: a whole word, a tcp:// prefix, a repo id, chat_template. */
  private void content(int from, int to, boolean constant, boolean nested) {
    if (startsWith(from, to, "tcp://")) {
      stringWord(from, RuleFamilies.TCP, nested);
    }
    if (!constant) {
      return;
    }
    int id = lookup(from, to);
    if (id >= 0) {
      stringWord(from, id, nested);
    }
    if (contains(from, to, "chat_template")) {
      stringWord(from, RuleFamilies.CHAT, nested);
    }
    if (isRepoId(from, to)) {
      stringWord(from, RuleFamilies.REPO, nested);
    }
  }

  private void stringWord(int at, int id, boolean nested) {
    if (nested) {
      word(at, id); // inside a replacement field the string is code's argument, never a docstring
      return;
    }
    if (lineWords == lineAt.length) {
      lineAt = Arrays.copyOf(lineAt, lineWords * 2);
      lineIds = Arrays.copyOf(lineIds, lineWords * 2);
    }
    lineAt[lineWords] = at;
    lineIds[lineWords++] = id;
  }

  private void word(int at, int id) {
    present[id] = true;
    if (words == this.at.length) {
      this.at = Arrays.copyOf(this.at, words * 2);
      ids = Arrays.copyOf(ids, words * 2);
    }
    this.at[words] = at;
    ids[words++] = id;
  }

  private void decorator(int i) {
    while (i < n && (b[i] == ' ' || b[i] == '\t')) {
      i++;
    }
    int lastStart = -1;
    boolean dotted = false;
    while (i < n && isIdentStart(b[i] & 0xff)) {
      lastStart = i;
      while (i < n && isIdentPart(b[i] & 0xff)) {
        i++;
      }
      if (i < n && b[i] == '.') {
        dotted = true;
        i++;
      } else {
        break;
      }
    }
    if (dotted && lastStart >= 0 && i > lastStart) {
      for (String r : ROUTES) {
        if (isWord(lastStart, i, r)) {
          word(lastStart, RuleFamilies.ROUTE);
        }
      }
    }
  }

  private void startLine(int lineStart, int pos) {
    inLine = true;
    lineOnlyStrings = true;
    lineTokens = 0;
    header = 0;
    headerColon = -1;
    codeAfterColon = false;
    lineWords = 0;
    prevDot = false;
    for (int k = lineStart; k < pos; k++) {
      tabs |= b[k] != ' ';
    }
    int indent = pos - lineStart;
    lineIndent = indent;
    if (pendingStart >= 0) {
      if (indent > pendingIndent) {
        if (blocks == starts.length) {
          starts = Arrays.copyOf(starts, blocks * 2);
          ends = Arrays.copyOf(ends, blocks * 2);
        }
        if (openCount == open.length) {
          open = Arrays.copyOf(open, openCount * 2);
          openIndent = Arrays.copyOf(openIndent, openCount * 2);
        }
        starts[blocks] = pendingStart;
        open[openCount] = blocks++;
        openIndent[openCount++] = pendingIndent;
      }
      pendingStart = -1;
    }
    while (openCount > 0 && openIndent[openCount - 1] >= indent) {
      ends[open[--openCount]] = lastLineEnd;
    }
  }

  private void endLine(int at) {
    inLine = false;
    if (!lineOnlyStrings) {
      for (int k = 0; k < lineWords; k++) {
        word(lineAt[k], lineIds[k]);
      }
    }
    lineWords = 0;
    if (header == 2 && headerColon >= 0 && !codeAfterColon) {
      pendingStart = headerColon;
      pendingIndent = lineIndent;
    }
    lastLineEnd = at;
  }

  private Outline result() {
    int m = indexOf(MARK, 0);
    while (m >= 0) {
      word(m, RuleFamilies.MARKER);
      m = indexOf(MARK, m + 1);
    }
    // occurrences were recorded in order, except string words held back to the line's end and
    // markers: sort (offset, id) pairs by offset
    long[] pairs = new long[words];
    for (int k = 0; k < words; k++) {
      pairs[k] = ((long) at[k] << 32) | ids[k];
    }
    Arrays.sort(pairs);
    int[] offs = new int[words];
    int[] wid = new int[words];
    for (int k = 0; k < words; k++) {
      offs[k] = (int) (pairs[k] >>> 32);
      wid[k] = (int) pairs[k];
    }
    return new Outline(present, offs, wid, Arrays.copyOf(starts, blocks),
        Arrays.copyOf(ends, blocks), confused, tabs);
  }

  private int lineEnd(int i) {
    while (i < n && b[i] != '\n' && b[i] != '\r') {
      i++;
    }
    return i;
  }

  /** Horspool's search: the marker is ten bytes, so most of the file is stepped over. */
  private int indexOf(byte[] t, int from) {
    int last = t.length - 1;
    for (int i = from; i + last < n; i += SHIFT[b[i + last] & 0xff]) {
      if (b[i + last] == t[last] && Arrays.equals(b, i, i + last, t, 0, last)) {
        return i;
      }
    }
    return -1;
  }

  private boolean isPrefix(int from, int to) {
    if (to - from > 2) {
      return false;
    }
    for (int k = from; k < to; k++) {
      int p = b[k] | 0x20;
      if (p != 'r' && p != 'b' && p != 'u' && p != 'f') {
        return false;
      }
    }
    return true;
  }

  private boolean isWord(int from, int to, String w) {
    if (to - from != w.length()) {
      return false;
    }
    for (int k = 0; k < w.length(); k++) {
      if (b[from + k] != w.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private boolean startsWith(int from, int to, String s) {
    return to - from >= s.length() && isWord(from, from + s.length(), s);
  }

  private boolean contains(int from, int to, String s) {
    for (int i = from; i + s.length() <= to; i++) {
      if (b[i] == s.charAt(0) && isWord(i, i + s.length(), s)) {
        return true;
      }
    }
    return false;
  }

  /** "owner/name" (optionally ":ref"), as {@code ServiceRules} accepts a Hub id. */
  private boolean isRepoId(int from, int to) {
    if (to - from < 3 || !isAlnum(b[from] & 0xff)) {
      return false;
    }
    int colon = from;
    while (colon < to && b[colon] != ':') {
      colon++;
    }
    int slashes = 0;
    for (int k = from; k < colon; k++) {
      int c = b[k] & 0xff;
      if (c == '/') {
        if (++slashes > 1 || k == from || k == colon - 1) {
          return false;
        }
      } else if (!isAlnum(c) && c != '_' && c != '.' && c != '-') {
        return false;
      }
    }
    return slashes == 1;
  }

  private int lookup(int from, int to) {
    if (to - from < 2 || to - from > 40) {
      return -1;
    }
    int h = hash(b, from, to) & MASK;
    while (TABLE[h] != null) {
      byte[] w = TABLE[h];
      if (w.length == to - from && Arrays.equals(w, 0, w.length, b, from, to)) {
        return TABLE_ID[h];
      }
      h = (h + 1) & MASK;
    }
    return -1;
  }

  private static int hash(byte[] s, int from, int to) {
    int h = 0;
    for (int k = from; k < to; k++) {
      h = h * 31 + s[k];
    }
    return h ^ (h >>> 15);
  }

  private static boolean isIdentStart(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
  }

  private static boolean isIdentPart(int c) {
    return isIdentStart(c) || (c >= '0' && c <= '9');
  }

  private static boolean isAlnum(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
}
