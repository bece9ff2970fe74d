package dev.modelgate.audit.python;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Walks a module's statements in order, binding names (imports, assignments, loop and with
 * targets) and checking every call against the rules with the bindings known at that point.
 * Function and class bodies are walked after the body that defines them, in their own scope.
 */
final class Walker {
  private record Deferred(Node body, Scope scope, Node def) {}

  private final FileAudit file;
  private final Resolver resolver;
  private final CallRules rules;
  private final Deque<Deferred> deferred = new ArrayDeque<>();

  Walker(FileAudit file) {
    this.file = file;
    this.resolver = new Resolver(new Scope(null));
    this.rules = new CallRules(file, resolver);
  }

  void walkModule(Node module) {
    Scope moduleScope = resolver.scope;
    block(module);
    while (!deferred.isEmpty()) {
      Deferred d = deferred.poll();
      resolver.scope = d.scope;
      if (d.def != null) {
        Handlers.bindParameters(d.def, resolver, file);
      }
      block(d.body);
    }
    resolver.scope = moduleScope;
  }

  private void block(Node block) {
    for (Node s : block.children) {
      if (s.named) {
        statement(s);
      }
    }
  }

  private void statement(Node s) {
    switch (s.type) {
      case "import_statement", "import_from_statement", "future_import_statement" ->
          Imports.bind(s, resolver.scope, file);
      case "function_definition", "class_definition" -> defer(s, null);
      case "decorated_definition" -> {
        Node def = s.field("definition");
        for (Node d : s.children) {
          if (d.is("decorator")) {
            expression(d);
          }
        }
        if (def != null) {
          defer(def, s);
        }
      }
      case "expression_statement" -> {
        for (Node e : s.named()) {
          expressionStatement(e);
        }
      }
      case "block" -> block(s);
      case "for_statement" -> {
        Node right = s.field("right");
        expression(right);
        bindTarget(s.field("left"), Value.UNKNOWN, resolver.taint(right));
        for (Node c : s.children) {
          if (c.is("block") || c.is("else_clause")) {
            statement(c);
          }
        }
      }
      case "with_statement" -> {
        for (Node c : s.children) {
          if (c.is("with_clause")) {
            for (Node item : c.named()) {
              withItem(item);
            }
          } else if (c.is("block")) {
            block(c);
          }
        }
      }
      default -> {
        // if/while/try/match and simple statements: check header expressions, walk blocks
        for (Node c : s.children) {
          if (!c.named) {
            continue;
          }
          if (c.is("block") || c.type.endsWith("_clause") || c.is("case_clause")) {
            statement(c);
          } else {
            expression(c);
          }
        }
      }
    }
  }

  private void withItem(Node item) {
    Node value = item.field("value");
    if (value != null && value.is("as_pattern")) {
      Node expr = value.firstNamed();
      expression(expr);
      Node alias = value.field("alias");
      Node target = alias == null ? null : alias.firstNamed();
      bindTarget(target, resolver.value(expr), resolver.taint(expr));
    } else if (value != null) {
      expression(value);
    }
  }

  private void defer(Node def, Node decorated) {
    Node body = def.field("body");
    if (body != null) {
      Scope inner = new Scope(resolver.scope);
      deferred.add(new Deferred(body, inner, def.is("function_definition") ? def : null));
      Node name = def.field("name");
      if (name != null) {
        resolver.scope.bind(name.text(), Value.UNKNOWN, Taint.NONE);
      }
      if (decorated != null && def.is("function_definition")) {
        Handlers.markHandler(def, decorated, file);
      }
    }
  }

  private void expressionStatement(Node e) {
    switch (e.type) {
      case "assignment" -> {
        Node right = e.field("right");
        expression(right);
        Node left = e.field("left");
        rules.assignment(left, right);
        if (right != null) {
          bindTarget(left, resolver.value(right), resolver.taint(right));
        }
      }
      case "augmented_assignment" -> {
        Node right = e.field("right");
        expression(right);
        bindTarget(e.field("left"), Value.UNKNOWN, resolver.taint(right));
      }
      default -> expression(e);
    }
  }

  private void bindTarget(Node target, Value v, Taint t) {
    if (target == null) {
      return;
    }
    switch (target.type) {
      case "identifier" -> resolver.scope.bind(target.text(), v, t);
      case "pattern_list", "tuple_pattern", "list_pattern", "expression_list", "tuple" -> {
        List<Node> items = target.named();
        for (int k = 0; k < items.size(); k++) {
          Value item = v instanceof Value.Tuple tu && k < tu.items().size()
              ? tu.items().get(k) : Value.UNKNOWN;
          bindTarget(items.get(k), item, t);
        }
      }
      case "assignment" -> bindTarget(target.field("left"), v, t);
      default -> { }
    }
  }

  /** Checks the calls inside an expression, innermost first; binds walrus targets. */
  private void expression(Node e) {
    if (e == null) {
      return;
    }
    Deque<Node> stack = new ArrayDeque<>();
    Deque<Node> post = new ArrayDeque<>();
    stack.push(e);
    while (!stack.isEmpty()) {
      Node n = stack.pop();
      post.push(n);
      for (Node c : n.children) {
        if (c.named && !c.is("comment")) {
          stack.push(c);
        }
      }
    }
    while (!post.isEmpty()) {
      Node n = post.pop();
      switch (n.type) {
        case "call" -> rules.call(n);
        case "named_expression" -> {
          Node name = n.field("name");
          Node value = n.field("value");
          if (name != null && value != null) {
            resolver.scope.bind(name.text(), resolver.value(value), resolver.taint(value));
          }
        }
        case "keyword_argument" -> rules.keyword(n);
        case "pair" -> rules.pair(n);
        default -> { }
      }
    }
  }
}
