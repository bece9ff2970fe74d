package dev.modelgate.format.protobuf;

import dev.modelgate.io.Budget;
import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.io.SourceReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Hardened reader of one protobuf message in the wire format, written for hostile input: every
 * length is checked against the bytes left in the enclosing message before it is used, varints
 * are at most 10 bytes, nesting and the total number of fields are bounded, and every error names
 * the message path and byte offset ({@code saved_model.pb@1234: meta_graphs[0].graph_def.node[5]:
 * length 99999 exceeds remaining 12}).
 *
 * <p>Use: {@code while (r.next()) switch (r.field()) { case 1 -> r.varint(); case 2 -> child(
 * r.message("x")); default -> r.skip(); }}. Nested readers share the parent's underlying
 * {@link SourceReader}, so a child must be finished (or abandoned) before the parent continues;
 * the parent always resumes exactly after the child's bytes.
 */
public final class ProtoReader {
  public static final int VARINT = 0;
  public static final int FIXED64 = 1;
  public static final int LEN = 2;
  public static final int START_GROUP = 3;
  public static final int END_GROUP = 4;
  public static final int FIXED32 = 5;

  private final SourceReader in;
  private final ProtoLimits limits;
  private final Fields fields;
  private final String rule;
  private final String path;
  private final long end;
  private final int depth;
  private int tag;
  private long tagOffset;
  /** Where this message continues after the last child handed out, or -1. */
  private long resume = -1;

  /** Fields read by one parse (the root reader and all its children), charged in batches. */
  private static final class Fields {
    private static final int BATCH = 4096;
    final @Nullable Budget budget;
    long count;
    int uncharged;

    Fields(@Nullable Budget budget) {
      this.budget = budget;
    }
  }

  private ProtoReader(SourceReader in, ProtoLimits limits, Fields fields, String rule,
      String path, long end, int depth) {
    this.in = in;
    this.limits = limits;
    this.fields = fields;
    this.rule = rule;
    this.path = path;
    this.end = end;
    this.depth = depth;
    this.tagOffset = in.position(); // until the first field, "here" is the message start
  }

  /**
   * A reader of the whole source as one message.
   *
   * @param rulePrefix rule id prefix for errors, e.g. {@code onnx} gives {@code onnx.malformed}
   * @param location file name used in locations, e.g. {@code saved_model.pb}
   * @param root name of the root message in paths (may be empty)
   */
  public static ProtoReader open(ByteSource src, String rulePrefix, String location, String root,
      ProtoLimits limits) {
    return open(src, rulePrefix, location, root, limits, null);
  }

  /** As above, also charging every field read to the file's {@code budget} (work). */
  public static ProtoReader open(ByteSource src, String rulePrefix, String location, String root,
      ProtoLimits limits, @Nullable Budget budget) {
    SourceReader in = new SourceReader(src, 0, rulePrefix, location);
    return new ProtoReader(in, limits, new Fields(budget), rulePrefix + ".malformed", root,
        src.size(), 0);
  }

  private void countField() throws InvalidInputException {
    if (++fields.count > limits.maxFields()) {
      throw error(tagOffset, "more than " + limits.maxFields() + " fields");
    }
    if (fields.budget != null && ++fields.uncharged == Fields.BATCH) {
      fields.uncharged = 0;
      fields.budget.work(Fields.BATCH, "protobuf fields", here());
    }
  }

  /** Message path, e.g. {@code meta_graphs[0].graph_def}. */
  public String path() {
    return path;
  }

  public int depth() {
    return depth;
  }

  /** Location of the current field's tag, {@code file@offset}. */
  public String here() {
    return in.at(tagOffset);
  }

  /** Advances to the next field; false at the end of this message. */
  public boolean next() throws IOException {
    if (resume >= 0) {
      in.seek(resume);
      resume = -1;
    }
    if (in.position() >= end) {
      return false;
    }
    tagOffset = in.position();
    long t = rawVarint();
    int number = (int) (t >>> 3);
    int wire = (int) (t & 7);
    if ((t >>> 3) > 0x1FFFFFFFL || number == 0) {
      throw error(tagOffset, "invalid field number " + (t >>> 3));
    }
    if (wire > FIXED32) {
      throw error(tagOffset, "invalid wire type " + wire + " for field " + number);
    }
    if (wire == END_GROUP) {
      throw error(tagOffset, "end-group for field " + number + " without a start-group");
    }
    countField();
    tag = (int) t;
    return true;
  }

  public int field() {
    return tag >>> 3;
  }

  public int wireType() {
    return tag & 7;
  }

  /** The current field as a varint (int32/int64/uint/bool/enum). */
  public long varint() throws IOException {
    expect(VARINT);
    return rawVarint();
  }

  /** The current field as a zig-zag signed varint. */
  public long sint() throws IOException {
    long v = varint();
    return (v >>> 1) ^ -(v & 1);
  }

  public long fixed64() throws IOException {
    expect(FIXED64);
    need(8);
    return in.u64();
  }

  public int fixed32() throws IOException {
    expect(FIXED32);
    need(4);
    return in.i32();
  }

  /** Length of the current length-delimited field, checked against what remains. */
  public long length() throws IOException {
    return length(path, "field " + field() + " length ");
  }

  private long length(String errorPath, String what) throws IOException {
    expect(LEN);
    long at = in.position();
    long n = rawVarint();
    long remaining = end - in.position();
    if (n < 0 || n > remaining) {
      String msg = what + Long.toUnsignedString(n) + " exceeds remaining " + remaining;
      throw new InvalidInputException(rule, errorPath.isEmpty() ? msg : errorPath + ": " + msg,
          in.at(at));
    }
    return n;
  }

  /** The current length-delimited field's bytes, at most {@code max} of them (else invalid). */
  public byte[] bytes(int max) throws IOException {
    long at = in.position();
    long n = length();
    if (n > max) {
      throw error(at, "field " + field() + " of " + n + " bytes exceeds the limit of " + max);
    }
    return in.bytes(n);
  }

  /**
   * At most the first {@code max} bytes of the current length-delimited field; the rest is
   * skipped unread (for long values only shown in evidence).
   */
  public byte[] bytesPrefix(int max) throws IOException {
    long n = length();
    byte[] b = in.bytes(Math.min(n, max));
    in.skip(n - b.length);
    return b;
  }

  /** The current field as strict UTF-8 text of at most {@code max} bytes. */
  public String string(int max) throws IOException {
    long at = in.position();
    byte[] b = bytes(max);
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(b)).toString();
    } catch (CharacterCodingException e) {
      throw error(at, "field " + field() + " is not valid UTF-8");
    }
  }

  /** The current field as text of at most {@code max} bytes, invalid UTF-8 replaced. */
  public String lenientString(int max) throws IOException {
    return new String(bytes(max), StandardCharsets.UTF_8);
  }

  /**
   * The current length-delimited field as a nested message named {@code name} in paths. The
   * parent continues after the child's bytes whether or not the child was read to the end.
   */
  public ProtoReader message(String name) throws IOException {
    String childPath = path.isEmpty() ? name : path + "." + name;
    long n = length(childPath, "length ");
    if (depth + 1 > limits.maxDepth()) {
      throw error(tagOffset, "messages nested deeper than " + limits.maxDepth());
    }
    long start = in.position();
    resume = start + n;
    return new ProtoReader(in, limits, fields, rule, childPath, start + n, depth + 1);
  }

  /** Position of the current read, for recording where a value was found. */
  public long offset() {
    return in.position();
  }

  /** Byte offset of the current field's payload start; valid right after {@link #next()}. */
  public long tagOffset() {
    return tagOffset;
  }

  /** Absolute end offset of this message. */
  public long end() {
    return end;
  }

  /**
   * Skips the current field's value. Groups (deprecated) are skipped field by field with their
   * nesting bounded like messages.
   */
  public void skip() throws IOException {
    switch (wireType()) {
      case VARINT -> rawVarint();
      case FIXED64 -> skipBytes(8);
      case FIXED32 -> skipBytes(4);
      case LEN -> skipBytes(length());
      case START_GROUP -> skipGroup();
      default -> throw error(tagOffset, "invalid wire type " + wireType());
    }
  }

  /** Skips to the end of this message (used when a child is abandoned). */
  public void finish() throws IOException {
    in.seek(end);
  }

  /** Skips the current length-delimited field, returning its length (for data never read). */
  public long skipLength() throws IOException {
    long n = length();
    in.skip(n);
    return n;
  }

  /**
   * Reads one element of a packed varint field: use on a child reader from {@link #message}
   * while {@code offset() < end()}.
   */
  public long packedVarint() throws IOException {
    return rawVarint();
  }

  /** Element count of the current packed fixed-width field ({@code width} 4 or 8), skipping it. */
  public long packedFixedCount(int width) throws IOException {
    long at = in.position();
    long n = length();
    if (n % width != 0) {
      throw error(at, "packed field " + field() + " of " + n + " bytes is not a multiple of "
          + width);
    }
    in.skip(n);
    return n / width;
  }

  /** Counts the varints in the current length-delimited (packed) field without keeping them. */
  public long packedVarintCount() throws IOException {
    long n = length();
    long stop = in.position() + n;
    long count = 0;
    while (in.position() < stop) {
      if ((in.u8() & 0x80) == 0) {
        count++;
      }
    }
    if (n > 0 && count == 0) {
      throw error(stop, "packed field " + field() + " ends inside a varint");
    }
    return count;
  }

  /** An invalid-input error naming this message's path and the offset. */
  public InvalidInputException error(long offset, String what) {
    String msg = path.isEmpty() ? what : path + ": " + what;
    return new InvalidInputException(rule, msg, in.at(offset));
  }

  private void expect(int wire) throws InvalidInputException {
    if (wireType() != wire) {
      throw error(tagOffset, "field " + field() + " has wire type " + wireType()
          + ", expected " + wire);
    }
  }

  private void need(long n) throws InvalidInputException {
    long remaining = end - in.position();
    if (n > remaining) {
      throw error(in.position(), "needs " + n + " bytes but only " + remaining + " remain");
    }
  }

  private void skipBytes(long n) throws IOException {
    need(n);
    in.skip(n);
  }

  private void skipGroup() throws IOException {
    int open = field();
    int[] stack = new int[limits.maxDepth()];
    int top = 0;
    stack[top++] = open;
    while (top > 0) {
      if (in.position() >= end) {
        throw error(in.position(), "group " + stack[top - 1] + " is not closed");
      }
      long at = in.position();
      long t = rawVarint();
      int number = (int) (t >>> 3);
      int wire = (int) (t & 7);
      countField();
      switch (wire) {
        case VARINT -> rawVarint();
        case FIXED64 -> skipBytes(8);
        case FIXED32 -> skipBytes(4);
        case LEN -> {
          long n = rawVarint();
          if (n < 0 || n > end - in.position()) {
            throw error(at, "length " + Long.toUnsignedString(n) + " exceeds remaining "
                + (end - in.position()));
          }
          in.skip(n);
        }
        case START_GROUP -> {
          if (top >= stack.length || depth + top >= limits.maxDepth()) {
            throw error(at, "groups nested deeper than " + limits.maxDepth());
          }
          stack[top++] = number;
        }
        case END_GROUP -> {
          if (stack[top - 1] != number) {
            throw error(at, "end-group " + number + " does not match group " + stack[top - 1]);
          }
          top--;
        }
        default -> throw error(at, "invalid wire type " + wire);
      }
    }
  }

  /** Reads a varint of at most 10 bytes within this message; the 10th byte may only hold 1 bit. */
  private long rawVarint() throws IOException {
    long start = in.position();
    long v = 0;
    for (int k = 0; k < 10; k++) {
      if (in.position() >= end) {
        throw error(start, "truncated varint");
      }
      int b = in.u8();
      if (k == 9 && (b & 0xfe) != 0) {
        throw error(start, "varint overflows 64 bits");
      }
      v |= (long) (b & 0x7f) << (7 * k);
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw error(start, "varint longer than 10 bytes");
  }
}
