package dev.modelgate.audit.python;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.treesitter.TSNode;
import org.treesitter.TSParser;
import org.treesitter.TSTree;
import org.treesitter.TSTreeCursor;
import org.treesitter.TreeSitterPython;

/**
 * The adapter to tree-sitter-python: parses a file (or its {@link Reduction}) and copies the
 * tree into {@link Node}s carrying file offsets. One parser per thread (tree-sitter parsers are
 * not thread-safe). Parsing never fails: syntax errors become {@code ERROR} nodes and the rest of
 * the file is still analysed, as a loader would still run the parts an attacker cares about.
 */
final class PyParser {
  /** Deeper nesting than this is not copied (bounded recursion in the rules that walk it). */
  static final int MAX_DEPTH = 400;
  private final TSParser parser = new TSParser();
  private final Map<Integer, String> types = new HashMap<>();
  private final Map<Integer, Boolean> namedSymbols = new HashMap<>();
  private final Map<Integer, String> fields = new HashMap<>();

  PyParser() {
    // no parse timeout: on a timeout the binding hands back a tree without a native pointer,
    // and the parser would resume the abandoned parse on the next file. Input size is bounded
    // by the caller instead (tree-sitter parses in time linear in it).
    parser.setLanguage(new TreeSitterPython());
  }

  /**
   * A parsed file: its root, and the file offset of the first syntax error tree-sitter recovered
   * from (-1 when none).
   */
  record Tree(Node root, int errorOffset) {}

  /**
   * Parses {@code r.text} (the file {@code src}, perhaps with bodies cut) into nodes carrying
   * file offsets; null when tree-sitter gave up. Comments are copied only when {@code comments}
   * is set (only suppressions read them).
   */
  Tree parse(PySource src, Reduction r, boolean comments) {
    TSTree tree = parser.parseString(null, new String(r.text, StandardCharsets.UTF_8));
    if (tree == null) {
      parser.reset();
      return null;
    }
    TSNode root = tree.getRootNode();
    if (root.isNull()) {
      return null;
    }
    Node top = copy(tree, src, r, comments);
    return new Tree(top, root.hasError() ? r.fileOffset(firstError(root)) : -1);
  }

  /** Descends only into subtrees that contain an error: cheap even for large files. */
  private static int firstError(TSNode n) {
    for (int depth = 0; depth < MAX_DEPTH; depth++) {
      if (n.isError() || n.isMissing()) {
        return n.getStartByte();
      }
      TSNode next = null;
      int count = n.getChildCount();
      for (int i = 0; i < count; i++) {
        TSNode c = n.getChild(i);
        if (c.hasError() || c.isMissing()) {
          next = c;
          break;
        }
      }
      if (next == null) {
        return n.getStartByte();
      }
      n = next;
    }
    return n.getStartByte();
  }

  /** Walks the native tree once with a cursor (a few native calls per node). */
  private Node copy(TSTree tree, PySource src, Reduction r, boolean comments) {
    TSTreeCursor cur = new TSTreeCursor(tree.getRootNode());
    Node root = node(cur, null, src, r, true);
    Node parent = null; // the node of the cursor's parent
    Node current = root; // the node at the cursor, null for a comment not copied
    int depth = 0;
    while (true) {
      if (current != null && depth < MAX_DEPTH && cur.gotoFirstChild()) {
        depth++;
        parent = current;
      } else {
        while (!cur.gotoNextSibling()) {
          if (depth == 0 || !cur.gotoParent()) {
            return root;
          }
          depth--;
          parent = parent.parent;
        }
      }
      current = node(cur, parent, src, r, comments);
      if (current != null) {
        parent.add(current);
      }
    }
  }

  private static final String COMMENT = "comment";

  private Node node(TSTreeCursor cur, Node parent, PySource src, Reduction r, boolean comments) {
    TSNode n = cur.currentNode();
    int symbol = TsNatives.symbol(n);
    String type = types.get(symbol);
    Boolean named = namedSymbols.get(symbol);
    if (type == null || named == null) {
      type = n.getType().intern();
      named = n.isNamed();
      types.put(symbol, type);
      namedSymbols.put(symbol, named);
    }
    if (!comments && COMMENT.equals(type)) {
      return null;
    }
    int fieldId = cur.currentFieldId();
    String field = null;
    if (fieldId != 0) {
      field = fields.get(fieldId);
      if (field == null) {
        field = cur.currentFieldName().intern();
        fields.put(fieldId, field);
      }
    }
    return new Node(type, field, named, r.fileOffset(TsNatives.start(n)),
        r.fileOffset(TsNatives.end(n)), parent, src);
  }
}
