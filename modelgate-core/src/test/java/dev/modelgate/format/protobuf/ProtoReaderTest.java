package dev.modelgate.format.protobuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.io.BytesSource;
import dev.modelgate.io.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ProtoReaderTest {

  static byte[] bytes(int... b) {
    byte[] out = new byte[b.length];
    for (int k = 0; k < b.length; k++) {
      out[k] = (byte) b[k];
    }
    return out;
  }

  static ProtoReader reader(byte[] data) {
    return ProtoReader.open(new BytesSource(data, "t.pb"), "test", "t.pb", "", ProtoLimits.DEFAULT);
  }

  @Test
  void readsScalarsStringsAndNestedMessages() throws IOException {
    // 1: varint 150, 2: "hi", 3: {1: 7}, 4: fixed32, 5: fixed64, 6: group {1: 1}
    byte[] data = bytes(0x08, 0x96, 0x01, 0x12, 2, 'h', 'i', 0x1a, 2, 0x08, 7,
        0x25, 1, 0, 0, 0, 0x29, 2, 0, 0, 0, 0, 0, 0, 0, 0x33, 0x08, 1, 0x34, 0x38, 9);
    ProtoReader r = reader(data);
    assertThat(r.next()).isTrue();
    assertThat(r.varint()).isEqualTo(150);
    assertThat(r.next()).isTrue();
    assertThat(r.string(10)).isEqualTo("hi");
    assertThat(r.next()).isTrue();
    ProtoReader child = r.message("child");
    assertThat(child.path()).isEqualTo("child");
    // the child is abandoned unread: the parent still resumes after it
    assertThat(r.next()).isTrue();
    assertThat(r.fixed32()).isEqualTo(1);
    assertThat(r.next()).isTrue();
    assertThat(r.fixed64()).isEqualTo(2);
    assertThat(r.next()).isTrue();
    assertThat(r.wireType()).isEqualTo(ProtoReader.START_GROUP);
    r.skip();
    assertThat(r.next()).isTrue();
    assertThat(r.field()).isEqualTo(7);
    assertThat(r.varint()).isEqualTo(9);
    assertThat(r.next()).isFalse();
  }

  @Test
  void lengthBeyondRemainingNamesPathAndOffset() throws IOException {
    // 2: { 5: length 99 with 1 byte }
    byte[] data = bytes(0x12, 3, 0x2a, 99, 0, 0x08, 1);
    ProtoReader r = reader(data);
    r.next();
    ProtoReader g = r.message("graph_def");
    g.next();
    assertThatThrownBy(() -> g.message("node[0]"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("graph_def.node[0]: length 99 exceeds remaining 1")
        .extracting(e -> ((InvalidInputException) e).location()).isEqualTo("t.pb@3");
  }

  @Test
  void rejectsOverlongAndOverflowingVarints() throws IOException {
    ProtoReader overlong = reader(bytes(0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0x01));
    overlong.next();
    assertThatThrownBy(overlong::varint).hasMessageContaining("varint");
    ProtoReader overflow = reader(bytes(0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0x02));
    overflow.next();
    assertThatThrownBy(overflow::varint).hasMessageContaining("overflows 64 bits");
    ProtoReader max = reader(bytes(0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0x01));
    max.next();
    assertThat(max.varint()).isEqualTo(-1L);
    ProtoReader cut = reader(bytes(0x08, 0x80));
    cut.next();
    assertThatThrownBy(cut::varint).hasMessageContaining("truncated varint");
  }

  @Test
  void rejectsBadTagsAndWireTypes() throws IOException {
    assertThatThrownBy(() -> reader(bytes(0x00, 1)).next()).hasMessageContaining("field number 0");
    assertThatThrownBy(() -> reader(bytes(0x0e)).next()).hasMessageContaining("wire type 6");
    assertThatThrownBy(() -> reader(bytes(0x0c)).next()).hasMessageContaining("end-group");
    ProtoReader wrongType = reader(bytes(0x0a, 0));
    wrongType.next();
    assertThatThrownBy(wrongType::varint).hasMessageContaining("wire type 2, expected 0");
    ProtoReader unclosed = reader(bytes(0x0b, 0x08, 1));
    unclosed.next();
    assertThatThrownBy(unclosed::skip).hasMessageContaining("not closed");
    ProtoReader mismatched = reader(bytes(0x0b, 0x14));
    mismatched.next();
    assertThatThrownBy(mismatched::skip).hasMessageContaining("does not match");
  }

  @Test
  void boundsNestingAndFieldCount() throws IOException {
    ByteArrayOutputStream nested = new ByteArrayOutputStream();
    byte[] inner = new byte[0];
    for (int k = 0; k < 200; k++) {
      ByteArrayOutputStream o = new ByteArrayOutputStream();
      o.write(0x0a);
      o.write(inner.length < 128 ? inner.length : 0); // only depth matters; cut lengths short
      o.writeBytes(inner.length < 128 ? inner : new byte[0]);
      inner = o.toByteArray();
    }
    nested.writeBytes(inner);
    ProtoLimits shallow = new ProtoLimits(3, 100);
    ProtoReader r = ProtoReader.open(new BytesSource(nested.toByteArray(), "n"), "test", "n", "",
        shallow);
    assertThatThrownBy(() -> {
      ProtoReader m = r;
      while (m.next()) {
        m = m.message("m");
      }
    }).hasMessageContaining("nested deeper than 3");

    byte[] many = new byte[400];
    for (int k = 0; k < many.length; k += 2) {
      many[k] = 0x08;
    }
    ProtoReader few = ProtoReader.open(new BytesSource(many, "f"), "test", "f", "",
        new ProtoLimits(10, 100));
    assertThatThrownBy(() -> {
      while (few.next()) {
        few.skip();
      }
    }).hasMessageContaining("more than 100 fields");
  }

  @Test
  void groupsNestedTooDeepAreRejected() throws IOException {
    byte[] data = new byte[300];
    java.util.Arrays.fill(data, (byte) 0x0b);
    ProtoReader r = reader(data);
    r.next();
    assertThatThrownBy(r::skip).hasMessageContaining("nested deeper");
  }

  @Test
  void packedCounts() throws IOException {
    ProtoReader r = reader(bytes(0x0a, 3, 1, 0x80, 1, 0x12, 8, 0, 0, 0, 0, 0, 0, 0, 0,
        0x1a, 3, 0, 0, 0));
    r.next();
    assertThat(r.packedVarintCount()).isEqualTo(2);
    r.next();
    assertThat(r.packedFixedCount(4)).isEqualTo(2);
    r.next();
    assertThatThrownBy(() -> r.packedFixedCount(4)).hasMessageContaining("not a multiple");
  }

  @Test
  void sniffSeesTopLevelFieldsOnly() {
    assertThat(WireSniff.topLevel(bytes(0x08, 1, 0x12, 2, 0x0a, 0), 6, 10))
        .extracting(WireSniff.Field::number).containsExactly(1, 2);
    assertThat(WireSniff.topLevel(bytes(0x08, 1, 0x12, 50), 4, 10)).isNull();
    assertThat(WireSniff.topLevel(bytes(0x08, 1, 0x12, 50), 1000, 10)).hasSize(2);
    assertThat(WireSniff.topLevel(bytes(0x07), 1, 10)).isNull();
  }
}
