package dev.modelgate.format.jinja;

import dev.modelgate.format.jinja.Token.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates the string-building subset of Jinja expressions that payloads use to hide attribute
 * names: literals, {@code ~} and {@code +}, {@code %} formatting, list literals, variables bound
 * by {@code {% set %}} to constants, and the filters {@code lower upper reverse replace join
 * format string trim first last}. Anything else is "not constant". It evaluates nothing of the
 * template's own logic and cannot loop: work is linear in the tokens.
 */
@SuppressWarnings("BadImport") // Type is Token.Type: the jinja package has no other
final class ConstantFolder {
  private static final int MAX_LEN = 4096;
  /** Brackets nested deeper than this are not folded (bounds the recursion). */
  private static final int MAX_DEPTH = 64;

  private final List<Token> t;
  private final Map<String, Object> vars;
  private int k;
  private final int end;
  private int depth;

  private ConstantFolder(List<Token> t, int from, int to, Map<String, Object> vars) {
    this.t = t;
    this.k = from;
    this.end = to;
    this.vars = vars;
  }

  /** The constant value ({@link String}, {@link Long} or {@link List}) of tokens [from, to). */
  static Optional<Object> fold(List<Token> t, int from, int to, Map<String, Object> vars) {
    if (from >= to) {
      return Optional.empty();
    }
    ConstantFolder f = new ConstantFolder(t, from, to, vars);
    try {
      Object v = f.concat();
      return f.k == to ? Optional.ofNullable(v) : Optional.empty();
    } catch (NotConstant e) {
      return Optional.empty();
    }
  }

  private static final class NotConstant extends Exception {
    private static final long serialVersionUID = 1L;

    NotConstant() {
      super(null, null, false, false);
    }
  }

  private @Nullable Token peek() {
    return k < end ? t.get(k) : null;
  }

  private boolean at(String op) {
    Token p = peek();
    return p != null && p.op(op);
  }

  private Object concat() throws NotConstant {
    if (++depth > MAX_DEPTH) {
      throw new NotConstant();
    }
    Object v = format();
    while (at("~") || at("+")) {
      boolean tilde = at("~");
      k++;
      Object r = format();
      if (tilde || (v instanceof String && r instanceof String)) {
        v = bound(str(v) + str(r));
      } else if (v instanceof Long a && r instanceof Long b) {
        v = a + b;
      } else if (v instanceof List<?> a && r instanceof List<?> b) {
        List<Object> l = new ArrayList<>(a);
        l.addAll(b);
        v = l;
      } else {
        throw new NotConstant();
      }
    }
    depth--;
    return v;
  }

  private Object format() throws NotConstant {
    Object v = filtered();
    while (at("%")) {
      k++;
      Object args = filtered();
      if (!(v instanceof String fmt)) {
        throw new NotConstant();
      }
      v = percent(fmt, args instanceof List<?> l ? l : List.of(args));
    }
    return v;
  }

  private Object filtered() throws NotConstant {
    Object v = primary();
    while (at("|")) {
      k++;
      Token name = peek();
      if (name == null || name.type() != Type.NAME) {
        throw new NotConstant();
      }
      k++;
      List<Object> args = new ArrayList<>();
      if (at("(")) {
        k++;
        while (!at(")")) {
          args.add(concat());
          if (at(",")) {
            k++;
          } else if (!at(")")) {
            throw new NotConstant();
          }
        }
        k++;
      }
      v = filter(name.text(), v, args);
    }
    return v;
  }

  private Object primary() throws NotConstant {
    Token p = peek();
    if (p == null) {
      throw new NotConstant();
    }
    k++;
    switch (p.type()) {
      case STRING: {
        StringBuilder sb = new StringBuilder(p.text());
        while (peek() != null && peek().type() == Type.STRING) { // 'a' 'b' is 'ab' in Jinja
          sb.append(peek().text());
          k++;
        }
        return bound(sb.toString());
      }
      case NUMBER:
        try {
          return Long.parseLong(p.text().replace("_", ""));
        } catch (NumberFormatException e) {
          throw new NotConstant();
        }
      case NAME: {
        Object v = vars.get(p.text());
        if (v == null) {
          throw new NotConstant();
        }
        return v;
      }
      case OP: {
        if (p.op("(") || p.op("[")) {
          String close = p.op("(") ? ")" : "]";
          List<Object> items = new ArrayList<>();
          boolean comma = false;
          while (!at(close)) {
            items.add(concat());
            if (at(",")) {
              k++;
              comma = true;
            } else if (!at(close)) {
              throw new NotConstant();
            }
          }
          k++;
          return p.op("(") && !comma && items.size() == 1 ? items.get(0) : items;
        }
        throw new NotConstant();
      }
      default:
        throw new NotConstant();
    }
  }

  private static Object filter(String name, Object v, List<Object> args) throws NotConstant {
    switch (name) {
      case "lower": return str(v).toLowerCase(Locale.ROOT);
      case "upper": return str(v).toUpperCase(Locale.ROOT);
      case "trim": return str(v).strip();
      case "string": return str(v);
      case "reverse":
        if (v instanceof List<?> l) {
          List<Object> r = new ArrayList<>(l);
          java.util.Collections.reverse(r);
          return r;
        }
        return new StringBuilder(str(v)).reverse().toString();
      case "replace":
        if (args.size() < 2) {
          throw new NotConstant();
        }
        String from = str(args.get(0));
        String to = str(args.get(1));
        if ((long) str(v).length() * (to.length() + 1) > 16L * MAX_LEN) {
          throw new NotConstant(); // 'aaaa'|replace('', long) would grow quadratically
        }
        return bound(str(v).replace(from, to));
      case "join": {
        if (!(v instanceof List<?> l)) {
          throw new NotConstant();
        }
        String sep = args.isEmpty() ? "" : str(args.get(0));
        StringBuilder sb = new StringBuilder();
        for (int x = 0; x < l.size(); x++) {
          sb.append(x == 0 ? "" : sep).append(str(l.get(x)));
          bound(sb.toString());
        }
        return sb.toString();
      }
      case "format": return percent(str(v), args);
      case "first", "last": {
        if (v instanceof List<?> l && !l.isEmpty()) {
          return name.equals("first") ? l.get(0) : l.get(l.size() - 1);
        }
        String s = str(v);
        if (s.isEmpty()) {
          throw new NotConstant();
        }
        return String.valueOf(name.equals("first") ? s.charAt(0) : s.charAt(s.length() - 1));
      }
      default: throw new NotConstant();
    }
  }

  /** Python {@code %} formatting for {@code %s %c %d %%}. */
  private static String percent(String fmt, List<?> args) throws NotConstant {
    StringBuilder sb = new StringBuilder();
    int a = 0;
    for (int i = 0; i < fmt.length(); i++) {
      char c = fmt.charAt(i);
      if (c != '%') {
        sb.append(c);
        continue;
      }
      if (++i >= fmt.length()) {
        throw new NotConstant();
      }
      char conv = fmt.charAt(i);
      if (conv == '%') {
        sb.append('%');
        continue;
      }
      if (a >= args.size()) {
        throw new NotConstant();
      }
      Object arg = args.get(a++);
      switch (conv) {
        case 's' -> sb.append(str(arg));
        case 'd' -> sb.append(arg instanceof Long l ? l.toString() : str(arg));
        case 'c' -> {
          if (arg instanceof Long l && l >= 0 && l <= Character.MAX_CODE_POINT) {
            sb.appendCodePoint(l.intValue());
          } else if (arg instanceof String s && s.length() == 1) {
            sb.append(s);
          } else {
            throw new NotConstant();
          }
        }
        default -> throw new NotConstant();
      }
      bound(sb.toString());
    }
    return sb.toString();
  }

  private static String str(Object v) throws NotConstant {
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof Long l) {
      return l.toString();
    }
    throw new NotConstant();
  }

  private static String bound(String s) throws NotConstant {
    if (s.length() > MAX_LEN) {
      throw new NotConstant();
    }
    return s;
  }
}
