package dev.modelgate.format.numpy;

import dev.modelgate.format.numpy.PyLexer.Kind;
import dev.modelgate.format.numpy.PyLexer.Token;
import dev.modelgate.format.numpy.PyValue.Bytes;
import dev.modelgate.format.numpy.PyValue.Complex;
import dev.modelgate.format.numpy.PyValue.Tuple;
import dev.modelgate.io.InvalidInputException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An {@code .npy} header read exactly as numpy reads it: {@code ast.literal_eval} of the header
 * text, which evaluates nothing but Python literals: strings and bytes (any prefix, escape and
 * implicit concatenation), numbers (any base, floats, complex sums such as {@code 1+2j}), tuples,
 * lists, dicts (a repeated key keeps its last value), sets, {@code set()}, {@code True},
 * {@code False}, {@code None} and {@code ...}, in any key order and spacing, with comments and
 * line continuations. What Python refuses this refuses ({@code numpy.header}); what numpy might
 * accept but this cannot read is {@link Unsupported}, so the scan can say so and still judge the
 * array data behind it. Nesting is bounded as in CPython (200 brackets).
 *
 * <p>Values: as {@link PyValue} lists them.
 */
final class HeaderLiteral {
  /** CPython's tokenizer refuses more nested brackets ("too many nested parentheses"). */
  static final int MAX_NESTING = 200;
  private static final Object SET_NAME = new PyValue.Marker("set");

  /** numpy may accept this header; this reader cannot tell what it says. */
  static final class Unsupported extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    Unsupported(String message, String location) {
      super("numpy.header-unsupported", message, location);
    }
  }

  /** An expression before {@code literal_eval}'s conversion: what may be signed or summed. */
  private sealed interface Node {}

  /** @param number an int, float or complex constant (bool is not one here, as in Python) */
  private record Atom(Object value, boolean number) implements Node {}

  private record Unary(char op, Node operand) implements Node {}

  private record Sum(Node left, char op, Node right) implements Node {}

  private final PyLexer lx;
  private @Nullable Token ahead;
  private int level;

  private HeaderLiteral(PyLexer lx) {
    this.lx = lx;
  }

  /**
   * Evaluates {@code text} as {@code ast.literal_eval} does.
   *
   * @param py2Longs also accept Python 2's {@code 10L}, as numpy's {@code _filter_header}
   *     retry does for version 1 and 2 headers
   */
  static Object parse(String text, boolean py2Longs, String location)
      throws InvalidInputException {
    if (text.indexOf('\0') >= 0) {
      throw new InvalidInputException("numpy.header", "header holds a NUL byte, which Python"
          + " source cannot", location);
    }
    // Python reads string source with universal newlines; literal_eval strips leading blanks
    String s = text.replace("\r\n", "\n").replace('\r', '\n');
    int start = 0;
    while (start < s.length() && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) {
      start++;
    }
    PyLexer lx = new PyLexer(s.substring(start), py2Longs, location);
    HeaderLiteral p = new HeaderLiteral(lx);
    int indent = lx.skipBlankLines();
    if (indent != 0) {
      throw lx.syntax(indent < 0 ? "no expression" : "unexpected indent");
    }
    Object v = p.top();
    Token end = p.next();
    if (end.kind() == Kind.NEWLINE && lx.skipBlankLines() < 0) {
      return v;
    }
    if (end.kind() != Kind.END) {
      throw lx.syntax("unexpected text after the literal");
    }
    return v;
  }

  /** The expression list of eval mode: a bare {@code 1, 2} is a tuple. */
  private Object top() throws InvalidInputException {
    Object first = eval(expr());
    if (!peekOp(",")) {
      return first;
    }
    List<Object> items = new ArrayList<>();
    items.add(first);
    while (acceptOp(",")) {
      Kind k = peek().kind();
      if (k == Kind.NEWLINE || k == Kind.END) {
        break;
      }
      items.add(eval(expr()));
    }
    return new Tuple(items);
  }

  private Node expr() throws InvalidInputException {
    Node left = unary();
    while (peekOp("+") || peekOp("-")) {
      char op = next().text().charAt(0);
      left = new Sum(left, op, unary());
    }
    return left;
  }

  @SuppressWarnings("ReferenceEquality") // the PyValue/SET_NAME markers are compared by identity
  private Node unary() throws InvalidInputException {
    if (peekOp("+") || peekOp("-")) {
      char op = next().text().charAt(0);
      return new Unary(op, unary());
    }
    Node a = atom();
    if (peekOp("(") || peekOp("[") || peekOp(".")) {
      if (a instanceof Atom at && at.value() == SET_NAME && acceptOp("(")) {
        open();
        expectOp(")", "set() takes no arguments here");
        close();
        return new Atom(new LinkedHashSet<>(), false);
      }
      throw lx.malformed("a call, subscript or attribute");
    }
    return a;
  }

  private Node atom() throws InvalidInputException {
    Token t = next();
    switch (t.kind()) {
      case STRING -> {
        return new Atom(strings(constant(t)), false);
      }
      case NUMBER -> {
        return new Atom(constant(t), true);
      }
      case NAME -> {
        return switch (t.text()) {
          case "True" -> new Atom(true, false);
          case "False" -> new Atom(false, false);
          case "None" -> new Atom(PyValue.NONE, false);
          case "set" -> new Atom(SET_NAME, false);
          default -> throw lx.malformed("the name '" + clip(t.text()) + "'");
        };
      }
      case OP -> {
        return switch (t.text()) {
          case "(" -> parenthesised();
          case "[" -> new Atom(list(), false);
          case "{" -> new Atom(braces(), false);
          case "..." -> new Atom(PyValue.ELLIPSIS, false);
          default -> throw lx.syntax("unexpected '" + t.text() + "'");
        };
      }
      default -> throw lx.syntax("expression ends early");
    }
  }

  /** Adjacent literals are one: {@code '<' 'f4'}; bytes and text do not mix. */
  @SuppressWarnings("ReferenceEquality") // the PyValue/SET_NAME markers are compared by identity
  private Object strings(Object first) throws InvalidInputException {
    List<Object> parts = new ArrayList<>();
    parts.add(first);
    while (peek().kind() == Kind.STRING) {
      parts.add(constant(next()));
    }
    boolean anyBytes = parts.stream().anyMatch(p -> p instanceof Bytes);
    boolean anyText = parts.stream().anyMatch(p -> !(p instanceof Bytes));
    if (anyBytes && anyText && parts.stream().noneMatch(p -> p == PyValue.F_STRING)) {
      throw lx.syntax("cannot mix bytes and nonbytes literals");
    }
    if (parts.contains(PyValue.F_STRING)) {
      return PyValue.F_STRING;
    }
    if (anyBytes) {
      java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
      parts.forEach(p -> b.writeBytes(((Bytes) p).value()));
      return new Bytes(b.toByteArray());
    }
    StringBuilder sb = new StringBuilder();
    parts.forEach(sb::append);
    return sb.toString();
  }

  private Node parenthesised() throws InvalidInputException {
    open();
    if (acceptOp(")")) {
      close();
      return new Atom(new Tuple(List.of()), false);
    }
    Node first = expr();
    if (acceptOp(")")) {
      close();
      return first; // parentheses group, they make no tuple: -(1) is a signed number
    }
    List<Object> items = new ArrayList<>();
    items.add(eval(first));
    expectOp(",", "expected ',' or ')'");
    while (!acceptOp(")")) {
      items.add(eval(expr()));
      if (!acceptOp(",")) {
        expectOp(")", "expected ',' or ')'");
        break;
      }
    }
    close();
    return new Atom(new Tuple(items), false);
  }

  private List<Object> list() throws InvalidInputException {
    open();
    List<Object> items = new ArrayList<>();
    while (!acceptOp("]")) {
      items.add(eval(expr()));
      if (!acceptOp(",")) {
        expectOp("]", "expected ',' or ']'");
        break;
      }
    }
    close();
    return items;
  }

  /** A dict, or a set when the first item has no {@code :}. */
  private Object braces() throws InvalidInputException {
    open();
    if (acceptOp("}")) {
      close();
      return new LinkedHashMap<>();
    }
    Object first = eval(expr());
    if (!acceptOp(":")) {
      Set<Object> set = new LinkedHashSet<>();
      set.add(hashable(first));
      while (acceptOp(",") && !peekOp("}")) {
        set.add(hashable(eval(expr())));
      }
      expectOp("}", "expected ',' or '}'");
      close();
      return set;
    }
    Map<Object, Object> map = new LinkedHashMap<>();
    map.put(hashable(first), eval(expr())); // a repeated key keeps its place and its last value
    while (acceptOp(",") && !peekOp("}")) {
      Object k = eval(expr());
      expectOp(":", "expected ':'");
      map.put(hashable(k), eval(expr()));
    }
    expectOp("}", "expected ',' or '}'");
    close();
    return map;
  }

  /** Python refuses lists, dicts and sets (and tuples holding them) as keys (TypeError). */
  private Object hashable(Object key) throws InvalidInputException {
    if (key instanceof List<?> || key instanceof Map<?, ?> || key instanceof Set<?>) {
      throw lx.malformed("an unhashable dict key or set item");
    }
    if (key instanceof Tuple t) {
      for (Object o : t.items()) {
        hashable(o);
      }
    }
    return key;
  }

  /** {@code literal_eval}'s conversion of one expression to its value. */
  @SuppressWarnings("ReferenceEquality") // the PyValue/SET_NAME markers are compared by identity
  private Object eval(Node n) throws InvalidInputException {
    return switch (n) {
      case Atom a when a.value() == PyValue.F_STRING -> throw lx.malformed("an f-string");
      case Atom a when a.value() == SET_NAME -> throw lx.malformed("the name 'set'");
      case Atom a -> a.value();
      case Unary u -> signed(u);
      case Sum s -> {
        // only int-or-float plus-or-minus complex: how Python spells a complex constant
        Object left = signed(s.left());
        if (!(s.right() instanceof Atom r && r.number() && r.value() instanceof Complex c)
            || left instanceof Complex) {
          throw lx.malformed("an arithmetic expression");
        }
        double re = left instanceof BigInteger b ? b.doubleValue()
            : left instanceof Double d ? d : Double.POSITIVE_INFINITY;
        yield s.op() == '+' ? new Complex(re + c.real(), c.imag())
            : new Complex(re - c.real(), -c.imag());
      }
    };
  }

  /** A number constant, optionally with one sign: {@code -1}, {@code +2.5}, {@code -(3j)}. */
  private Object signed(Node n) throws InvalidInputException {
    if (n instanceof Atom a && a.number()) {
      return a.value();
    }
    if (n instanceof Unary u && u.operand() instanceof Atom a && a.number()) {
      if (u.op() == '+') {
        return a.value();
      }
      return switch (a.value()) {
        case BigInteger b -> b.negate();
        case Double d -> -d;
        case Complex c -> new Complex(-c.real(), -c.imag());
        default -> a.value(); // PyValue.LARGE_INT stays large
      };
    }
    throw lx.malformed("an operator applied to something that is not a number");
  }

  private void open() throws InvalidInputException {
    if (level >= MAX_NESTING) {
      throw lx.syntax("too many nested parentheses");
    }
    level++;
  }

  private void close() {
    level--;
  }

  private Token peek() throws InvalidInputException {
    if (ahead == null) {
      lx.skipSpace(level > 0);
      ahead = lx.next();
    }
    return ahead;
  }

  private Token next() throws InvalidInputException {
    Token t = peek();
    ahead = null;
    return t;
  }

  private boolean peekOp(String op) throws InvalidInputException {
    Token t = peek();
    return t.kind() == Kind.OP && t.text().equals(op);
  }

  private boolean acceptOp(String op) throws InvalidInputException {
    if (peekOp(op)) {
      next();
      return true;
    }
    return false;
  }

  private void expectOp(String op, String what) throws InvalidInputException {
    if (!acceptOp(op)) {
      throw lx.syntax(what);
    }
  }

  /** The value of a string or number token, which the lexer always sets. */
  private static Object constant(Token t) {
    return Objects.requireNonNull(t.value(), "the lexer gives every string and number a value");
  }

  private static String clip(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}
