package dev.modelgate.audit.python;

import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.util.HashMap;
import java.util.Map;
import org.treesitter.TSNode;
import org.treesitter.TSParser;
import org.treesitter.TSTree;
import org.treesitter.TSTreeCursor;
import org.treesitter.TreeSitterPython;

/**
 * The adapter to tree-sitter-python: parses a file and copies the tree into {@link Node}s. One
 * parser per thread (tree-sitter parsers are not thread-safe). Parsing never fails: syntax errors
 * become {@code ERROR} nodes and the rest of the file is still analysed, as a loader would still
 * run the parts an attacker cares about.
 */
final class PyParser {
  /** Deeper nesting than this is not copied (bounded recursion in the rules that walk it). */
  static final int MAX_DEPTH = 400;
  private final TSParser parser = new TSParser();
  private final Map<Integer, String> types = new HashMap<>();
  private final Map<Integer, Boolean> namedSymbols = new HashMap<>();
  private final Map<Integer, String> fields = new HashMap<>();

  /** False for model code (remote code rules look at every call). */
  boolean skipQuietBodies = true;

  PyParser() {
    // no parse timeout: on a timeout the binding hands back a tree without a native pointer,
    // and the parser would resume the abandoned parse on the next file. Input size is bounded
    // by the caller instead (tree-sitter parses in time linear in it).
    parser.setLanguage(new TreeSitterPython());
  }

  /**
   * A parsed file: its root, and the byte offset of the first syntax error tree-sitter recovered
   * from (-1 when none).
   */
  record Tree(Node root, PySource src, int errorOffset) {}

  /** Parses {@code bytes}; null when tree-sitter gave up (timeout). */
  Tree parse(String path, byte[] bytes) {
    String text = decode(bytes);
    // tree-sitter reports offsets into the UTF-8 form of the text it was given
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    PySource src = new PySource(path, utf8);
    TSTree tree = parser.parseString(null, text);
    if (tree == null) {
      parser.reset();
      return null;
    }
    TSNode root = tree.getRootNode();
    if (root.isNull()) {
      return null;
    }
    Node top = copy(tree, src);
    return new Tree(top, src, root.hasError() ? firstError(root) : -1);
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

  private Node copy(TSTree tree, PySource src) {
    TSTreeCursor cur = new TSTreeCursor(tree.getRootNode());
    Node current = node(cur, null, src);
    Node root = current;
    int depth = 0;
    while (true) {
      if (depth < MAX_DEPTH && worthDescending(current, src) && cur.gotoFirstChild()) {
        depth++;
        Node child = node(cur, current, src);
        current.add(child);
        current = child;
        continue;
      }
      while (!cur.gotoNextSibling()) {
        if (depth == 0 || !cur.gotoParent()) {
          return root;
        }
        depth--;
        current = current.parent;
      }
      Node sibling = node(cur, current.parent, src);
      current.parent.add(sibling);
      current = sibling;
    }
  }

  /**
   * The body of a function or class whose source names nothing any rule looks for is kept as a
   * leaf (its name and parameters are still copied): what the body binds is local to it, so
   * skipping it changes no finding, and most of a library's bodies are skipped this way
   * (copying nodes out of the native tree is the costly step).
   */
  private boolean worthDescending(Node n, PySource src) {
    if (!skipQuietBodies || n.type != BLOCK || n.parent == null
        || !(n.parent.type == FUNCTION || n.parent.type == CLASS)) {
      return true;
    }
    return Prefilter.mayMatch(src.utf8, n.start, n.end);
  }

  private static final String BLOCK = "block";

  private static final String FUNCTION = "function_definition";
  private static final String CLASS = "class_definition";

  private Node node(TSTreeCursor cur, Node parent, PySource src) {
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
    int fieldId = cur.currentFieldId();
    String field = null;
    if (fieldId != 0) {
      field = fields.get(fieldId);
      if (field == null) {
        field = cur.currentFieldName().intern();
        fields.put(fieldId, field);
      }
    }
    return new Node(type, field, named, TsNatives.start(n), TsNatives.end(n), parent, src);
  }

  /** UTF-8 as Python reads source files; a file that is not UTF-8 is read as Latin-1 (PEP 263 coding lines name such files), so every byte still reaches the parser. */
  static String decode(byte[] bytes) {
    int off = bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb
        && (bytes[2] & 0xff) == 0xbf ? 3 : 0;
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, off, bytes.length - off)).toString();
    } catch (CharacterCodingException e) {
      return new String(bytes, off, bytes.length - off, StandardCharsets.ISO_8859_1);
    }
  }
}
