package dev.modelgate.audit.python;

/** Binds the names an import statement introduces to the qualified names they refer to. */
final class Imports {
  private Imports() {}

  static void bind(Node s, Scope scope, FileAudit file) {
    if (s.is("import_statement")) {
      for (Node n : s.fields("name")) {
        if (n.is("aliased_import")) {
          Node name = n.field("name");
          Node alias = n.field("alias");
          if (name != null && alias != null) {
            scope.bind(alias.text(), new Value.Ref(dotted(name)), Taint.NONE);
            noteModule(dotted(name), file);
          }
        } else if (n.is("dotted_name")) {
          String full = dotted(n);
          // `import a.b.c` binds `a`; attribute access then spells out the rest
          String top = full.contains(".") ? full.substring(0, full.indexOf('.')) : full;
          scope.bind(top, new Value.Ref(top), Taint.NONE);
          noteModule(full, file);
        }
      }
      return;
    }
    if (!s.is("import_from_statement")) {
      return;
    }
    Node moduleNode = s.field("module_name");
    if (moduleNode == null) {
      return;
    }
    String module = moduleNode.is("relative_import") ? moduleNode.text() : dotted(moduleNode);
    noteModule(module, file);
    boolean star = false;
    for (Node c : s.children) {
      if (c.is("wildcard_import")) {
        star = true;
      }
    }
    if (star) {
      scope.starImport(module);
      return;
    }
    for (Node n : s.fields("name")) {
      if (n.is("aliased_import")) {
        Node name = n.field("name");
        Node alias = n.field("alias");
        if (name != null && alias != null) {
          scope.bind(alias.text(), new Value.Ref(module + "." + dotted(name)), Taint.NONE);
          noteModule(module + "." + dotted(name), file);
        }
      } else if (n.is("dotted_name")) {
        scope.bind(dotted(n), new Value.Ref(module + "." + dotted(n)), Taint.NONE);
        noteModule(module + "." + dotted(n), file);
      }
    }
  }

  private static void noteModule(String name, FileAudit file) {
    if (name.equals("zmq.auth") || name.startsWith("zmq.auth.")) {
      file.zmqAuth = true;
    }
  }

  /** {@code a . b . c} (with any spacing or comments) → "a.b.c". */
  static String dotted(Node n) {
    if (!n.is("dotted_name")) {
      return n.text();
    }
    StringBuilder b = new StringBuilder();
    for (Node c : n.children) {
      if (c.is("identifier")) {
        if (b.length() > 0) {
          b.append('.');
        }
        b.append(c.text());
      }
    }
    return b.toString();
  }
}
