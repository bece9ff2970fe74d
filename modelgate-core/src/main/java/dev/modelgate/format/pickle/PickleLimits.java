package dev.modelgate.format.pickle;

/**
 * Hard limits for hostile pickles. A real checkpoint stays far below each one; crossing any
 * makes the stream {@code invalid} (rule {@code pickle.limit}) instead of exhausting memory.
 */
final class PickleLimits {
  /** Values on the stack (all marks together). */
  static final int MAX_STACK = 2_000_000;
  /** MARKs open at once: real pickles nest a few dozen at most. */
  static final int MAX_MARKS = 1_000;
  /** Memo entries. */
  static final int MAX_MEMO = 4_000_000;
  /** Opcodes in one stream. */
  static final long MAX_OPCODES = 50_000_000;
  /** Length of a protocol 0 text line (GLOBAL names, INT, STRING ...). */
  static final int MAX_LINE = 1 << 20;
  /** Strings up to this many bytes are held whole; longer ones keep only their start. */
  static final int MAX_INLINE_STRING = 1 << 20;
  /** Start kept for longer strings. */
  static final int STRING_PREFIX = 256;
  /** Digits of an integer (LONG1/LONG4/LONG text): beyond this it is not a weight file. */
  static final int MAX_LONG_BYTES = 4096;
  /** Pickles inside byte arguments inside pickles. */
  static final int MAX_EMBED_DEPTH = 4;
  /** Embedded pickles analysed per stream. */
  static final int MAX_EMBEDDED = 32;
  /** Further pickles after STOP analysed by {@code analyse}. */
  static final int MAX_TRAILING = 64;
  /** Rendering: characters, container items shown, nesting shown. */
  static final int RENDER_CHARS = 400;
  static final int RENDER_ITEMS = 8;
  static final int RENDER_DEPTH = 6;

  private PickleLimits() {}
}
