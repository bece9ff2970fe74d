package dev.modelgate.format.jinja;

/**
 * One lexical token of a Jinja tag.
 *
 * @param text the source text, or for {@link Type#STRING} the decoded value
 * @param start offset of the token in the template
 * @param end offset after the token
 */
record Token(Type type, String text, int start, int end) {
  enum Type { VAR_BEGIN, VAR_END, BLOCK_BEGIN, BLOCK_END, NAME, STRING, NUMBER, OP }

  boolean is(Type t, String s) {
    return type == t && text.equals(s);
  }

  boolean op(String s) {
    return is(Type.OP, s);
  }
}
