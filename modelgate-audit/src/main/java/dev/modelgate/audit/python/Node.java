package dev.modelgate.audit.python;

import java.util.ArrayList;
import java.util.List;

/**
 * One node of a parsed Python file, copied out of tree-sitter's tree once so that the rules walk
 * plain Java objects instead of making a native call per step. Types and field names are
 * tree-sitter-python's ({@code call}, {@code attribute}, field {@code function}, …).
 */
final class Node {
  static final List<Node> NONE = List.of();

  final String type;
  /** The field this node fills in its parent ({@code function}, {@code arguments}, …), or null. */
  final String field;
  final boolean named;
  final int start;
  final int end;
  final Node parent;
  final PySource src;
  List<Node> children = NONE;

  Node(String type, String field, boolean named, int start, int end, Node parent, PySource src) {
    this.type = type;
    this.field = field;
    this.named = named;
    this.start = start;
    this.end = end;
    this.parent = parent;
    this.src = src;
  }

  @SuppressWarnings("ReferenceEquality") // NONE is the shared empty list, by identity
  void add(Node child) {
    if (children == NONE) {
      children = new ArrayList<>(4);
    }
    children.add(child);
  }

  boolean is(String t) {
    return type.equals(t);
  }

  /** The first child filling {@code name}, or null. */
  Node field(String name) {
    for (Node c : children) {
      if (name.equals(c.field)) {
        return c;
      }
    }
    return null;
  }

  List<Node> fields(String name) {
    List<Node> out = new ArrayList<>(2);
    for (Node c : children) {
      if (name.equals(c.field)) {
        out.add(c);
      }
    }
    return out;
  }

  List<Node> named() {
    List<Node> out = new ArrayList<>(children.size());
    for (Node c : children) {
      if (c.named && !c.is("comment")) {
        out.add(c);
      }
    }
    return out;
  }

  /** The first named child that is not a comment, or null. */
  Node firstNamed() {
    for (Node c : children) {
      if (c.named && !c.is("comment")) {
        return c;
      }
    }
    return null;
  }

  /** Source text of this node. */
  String text() {
    return src.text(start, end);
  }

  int line() {
    return src.line(start);
  }

  int column() {
    return src.column(start);
  }

  @Override
  public String toString() {
    return type + "@" + line() + ":" + column();
  }
}
