package dev.modelgate.audit.python;

import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates expressions as far as the analysis can: qualified names through imports, aliases and
 * {@code getattr}/{@code __import__} with constant names, constants through simple assignments,
 * and the taint an expression carries.
 */
final class Resolver {
  /** Expressions nest deeper than this only in generated code; deeper parts count as unknown. */
  private static final int MAX_DEPTH = 200;

  Scope scope;

  Resolver(Scope scope) {
    this.scope = scope;
  }

  Value value(Node e) {
    return value(e, 0);
  }

  private Value value(Node e, int depth) {
    if (e == null || depth > MAX_DEPTH) {
      return Value.UNKNOWN;
    }
    switch (e.type) {
      case "identifier" -> {
        Scope.Binding b = scope.lookup(e.text());
        return b == null ? Value.UNKNOWN : b.value();
      }
      case "attribute" -> {
        Value obj = value(e.field("object"), depth + 1);
        Node attr = e.field("attribute");
        if (attr == null) {
          return Value.UNKNOWN;
        }
        if (obj instanceof Value.Ref r) {
          return new Value.Ref(r.name() + "." + attr.text());
        }
        if (obj instanceof Value.Obj o) {
          return new Value.Ref(o.type() + "#" + attr.text());
        }
        return Value.UNKNOWN;
      }
      case "call" -> {
        return callValue(e, depth);
      }
      case "string", "concatenated_string" -> {
        String s = Strings.constant(e);
        return s == null ? Value.UNKNOWN : new Value.Const(s);
      }
      case "true" -> {
        return new Value.Const(true);
      }
      case "false" -> {
        return new Value.Const(false);
      }
      case "none" -> {
        return new Value.Const(Value.Const.NONE);
      }
      case "integer" -> {
        try {
          return new Value.Const(Long.decode(e.text().replace("_", "")));
        } catch (NumberFormatException ex) {
          return Value.UNKNOWN;
        }
      }
      case "parenthesized_expression", "await" -> {
        return value(e.firstNamed(), depth + 1);
      }
      case "tuple", "expression_list" -> {
        List<Value> items = new ArrayList<>();
        for (Node c : e.named()) {
          items.add(value(c, depth + 1));
        }
        return new Value.Tuple(items);
      }
      case "binary_operator" -> {
        Node op = e.field("operator");
        if (op != null && op.text().equals("+")) {
          String l = Value.string(value(e.field("left"), depth + 1));
          String r = Value.string(value(e.field("right"), depth + 1));
          if (l != null && r != null) {
            return new Value.Const(l + r);
          }
        }
        return Value.UNKNOWN;
      }
      default -> {
        return Value.UNKNOWN;
      }
    }
  }

  private Value callValue(Node call, int depth) {
    Node fn = call.field("function");
    String callee = calleeName(fn, depth);
    if (callee == null) {
      return Value.UNKNOWN;
    }
    Call c = new Call(call, callee, fn);
    if (callee.equals("builtins.getattr") && c.positional.size() >= 2) {
      Value obj = value(c.positional.get(0), depth + 1);
      String name = Value.string(value(c.positional.get(1), depth + 1));
      if (name != null && obj instanceof Value.Ref r) {
        return new Value.Ref(r.name() + "." + name);
      }
      if (name != null && obj instanceof Value.Obj o) {
        return new Value.Ref(o.type() + "#" + name);
      }
      return Value.UNKNOWN;
    }
    if ((callee.equals("builtins.__import__") || callee.equals("importlib.import_module"))
        && !c.positional.isEmpty()) {
      String name = Value.string(value(c.positional.get(0), depth + 1));
      return name == null ? Value.UNKNOWN : new Value.Ref(name);
    }
    String type = Types.produces(callee);
    if (type != null) {
      return new Value.Obj(type);
    }
    if (callee.equals(Types.SOCKET + "#accept")) {
      return new Value.Tuple(List.of(new Value.Obj(Types.SOCKET), Value.UNKNOWN));
    }
    return new Value.Obj(callee);
  }

  /** Qualified name of what {@code fn} refers to, or null. */
  String calleeName(Node fn) {
    return calleeName(fn, 0);
  }

  private String calleeName(Node fn, int depth) {
    Value v = value(fn, depth + 1);
    return v instanceof Value.Ref r ? r.name() : null;
  }

  /** The constant value of {@code e} as a string, or null. */
  String string(Node e) {
    return Value.string(value(e));
  }

  /** Python truthiness of {@code e} when it is a constant, else null. */
  Boolean truth(Node e) {
    return Value.truth(value(e));
  }

  Taint taint(Node e) {
    return taint(e, 0);
  }

  private Taint taint(Node e, int depth) {
    if (e == null || depth > MAX_DEPTH) {
      return Taint.NONE;
    }
    switch (e.type) {
      case "identifier" -> {
        Scope.Binding b = scope.lookup(e.text());
        return b == null ? Taint.NONE : b.taint();
      }
      case "string", "integer", "float", "true", "false", "none", "lambda" -> {
        if (e.is("string")) {
          Taint t = Taint.NONE;
          for (Node c : e.children) {
            if (c.is("interpolation")) {
              t = t.or(taint(c.firstNamed(), depth + 1));
            }
          }
          return t;
        }
        return Taint.NONE;
      }
      case "attribute" -> {
        Node attr = e.field("attribute");
        String name = attr == null ? "" : attr.text();
        if (name.equals("chat_template")) {
          return new Taint(Taint.TEMPLATE, e.text(), e.line());
        }
        Value obj = value(e.field("object"), depth + 1);
        Taint source = Sources.member(obj, name, e);
        return source.or(taint(e.field("object"), depth + 1));
      }
      case "call" -> {
        Taint source = Sources.call(this, e);
        Taint t = source;
        for (Node c : e.children) {
          t = t.or(taint(c, depth + 1));
        }
        return t;
      }
      case "keyword_argument" -> {
        return taint(e.field("value"), depth + 1);
      }
      case "subscript" -> {
        Taint t = taint(e.field("value"), depth + 1);
        for (Node s : e.fields("subscript")) {
          String key = string(s);
          if (key != null && key.contains("chat_template")) {
            t = t.or(new Taint(Taint.TEMPLATE, e.text(), e.line()));
          }
        }
        return t;
      }
      default -> {
        Taint t = Taint.NONE;
        for (Node c : e.children) {
          if (c.named) {
            t = t.or(taint(c, depth + 1));
          }
        }
        return t;
      }
    }
  }
}
