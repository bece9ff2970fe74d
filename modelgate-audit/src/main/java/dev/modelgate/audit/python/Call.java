package dev.modelgate.audit.python;

import java.util.ArrayList;
import java.util.List;

/**
 * A call site taken apart: the callee's qualified name (when the analysis knows it), the
 * receiver of a method call, and the positional and keyword arguments.
 */
final class Call {
  final Node node;
  final Node function;
  /** Qualified name of the callee, e.g. {@code torch.load}, or "type#method"; null if unknown. */
  final String callee;
  /** For {@code x.m(...)}: the method name {@code m}; for {@code f(...)}: {@code f}. */
  final String simpleName;
  /** For {@code x.m(...)}: {@code x}; else null. */
  final Node receiver;
  final List<Node> positional = new ArrayList<>();
  final List<Node> keywordNames = new ArrayList<>();
  final List<Node> keywordValues = new ArrayList<>();
  boolean hasSplat;

  Call(Node node, String callee, Node function) {
    this.node = node;
    this.function = function;
    this.callee = callee;
    if (function.is("attribute")) {
      Node attr = function.field("attribute");
      this.simpleName = attr == null ? "" : attr.text();
      this.receiver = function.field("object");
    } else {
      this.simpleName = function.is("identifier") ? function.text() : "";
      this.receiver = null;
    }
    Node args = node.field("arguments");
    if (args != null) {
      for (Node a : args.named()) {
        switch (a.type) {
          case "keyword_argument" -> {
            Node n = a.field("name");
            Node v = a.field("value");
            if (n != null && v != null) {
              keywordNames.add(n);
              keywordValues.add(v);
            }
          }
          case "list_splat", "dictionary_splat" -> hasSplat = true;
          default -> positional.add(a);
        }
      }
    }
  }

  /** The argument passed by keyword {@code name} or at position {@code index} (-1: keyword only). */
  Node arg(int index, String name) {
    for (int k = 0; k < keywordNames.size(); k++) {
      if (keywordNames.get(k).text().equals(name)) {
        return keywordValues.get(k);
      }
    }
    return index >= 0 && index < positional.size() ? positional.get(index) : null;
  }

  /** Every argument expression, positional and keyword. */
  List<Node> args() {
    List<Node> all = new ArrayList<>(positional);
    all.addAll(keywordValues);
    return all;
  }

  boolean calleeIs(String... names) {
    if (callee == null) {
      return false;
    }
    for (String n : names) {
      if (callee.equals(n)) {
        return true;
      }
    }
    return false;
  }

  boolean calleeStartsWith(String prefix) {
    return callee != null && (callee.equals(prefix) || callee.startsWith(prefix + "."));
  }
}
