package dev.modelgate.audit.python;

import org.treesitter.TSNode;
import org.treesitter.TSParser;

/**
 * Direct access to the binding's native node accessors. The public {@code TSNode} getters make
 * a second native call per access (a null check); copying a tree makes several accesses per
 * node, so that check doubled the cost of the copy. The nodes passed here come from a cursor
 * and are never null. Never instantiated: it extends TSParser only to reach its protected
 * static natives.
 */
final class TsNatives extends TSParser {
  private TsNatives() {
    throw new AssertionError();
  }

  static int symbol(TSNode n) {
    return ts_node_symbol(n);
  }

  static int start(TSNode n) {
    return ts_node_start_byte(n);
  }

  static int end(TSNode n) {
    return ts_node_end_byte(n);
  }
}
