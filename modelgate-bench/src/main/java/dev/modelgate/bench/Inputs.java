package dev.modelgate.bench;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/** Synthetic inputs shaped like real checkpoints, built in memory so benchmarks need no files. */
final class Inputs {
  private Inputs() {}

  /**
   * A protocol-2 pickle like torch.save writes for a state dict of {@code n} tensors: an
   * OrderedDict whose values are {@code _rebuild_tensor_v2(persistent storage id, ...)} calls.
   */
  static byte[] stateDictPickle(int n) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.write(0x80);
    o.write(2);
    global(o, "collections", "OrderedDict");
    o.write(')'); // EMPTY_TUPLE
    o.write('R'); // REDUCE
    o.write('(');  // MARK for SETITEMS
    for (int k = 0; k < n; k++) {
      unicode(o, "layers." + k + ".weight");
      global(o, "torch._utils", "_rebuild_tensor_v2");
      o.write('(');
      o.write('(');
      unicode(o, "storage");
      global(o, "torch", "FloatStorage");
      unicode(o, String.valueOf(k));
      unicode(o, "cpu");
      binint(o, 4096);
      o.write('t'); // TUPLE
      o.write('Q'); // BINPERSID
      binint(o, 0);
      binint(o, 64);
      binint(o, 64);
      o.write(0x86); // TUPLE2 size
      binint(o, 64);
      binint(o, 1);
      o.write(0x86); // TUPLE2 stride
      o.write(0x89); // NEWFALSE
      global(o, "collections", "OrderedDict");
      o.write(')');
      o.write('R');
      o.write('t'); // args tuple
      o.write('R'); // REDUCE -> tensor
    }
    o.write('u'); // SETITEMS
    o.write('.');
    return o.toByteArray();
  }

  /** A stored zip in torch's layout: data.pkl, version and one small member per tensor. */
  static byte[] torchZip(int n) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream cd = new ByteArrayOutputStream();
    int count = 0;
    count += entry(o, cd, "archive/data.pkl", stateDictPickle(n));
    count += entry(o, cd, "archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
    byte[] tensor = new byte[4096 * 4];
    for (int k = 0; k < n; k++) {
      count += entry(o, cd, "archive/data/" + k, tensor);
    }
    int cdStart = o.size();
    o.writeBytes(cd.toByteArray());
    ByteBuffer eocd = ByteBuffer.allocate(22).order(ByteOrder.LITTLE_ENDIAN);
    eocd.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) count)
        .putShort((short) count).putInt(cd.size()).putInt(cdStart).putShort((short) 0);
    o.writeBytes(eocd.array());
    return o.toByteArray();
  }

  private static int entry(ByteArrayOutputStream o, ByteArrayOutputStream cd, String name,
      byte[] data) {
    byte[] nb = name.getBytes(StandardCharsets.UTF_8);
    CRC32 crc = new CRC32();
    crc.update(data);
    int offset = o.size();
    ByteBuffer lh = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
    lh.putInt(0x04034b50).putShort((short) 20).putShort((short) 0).putShort((short) 0)
        .putShort((short) 0).putShort((short) 0).putInt((int) crc.getValue())
        .putInt(data.length).putInt(data.length).putShort((short) nb.length).putShort((short) 0);
    o.writeBytes(lh.array());
    o.writeBytes(nb);
    o.writeBytes(data);
    ByteBuffer ch = ByteBuffer.allocate(46).order(ByteOrder.LITTLE_ENDIAN);
    ch.putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) 0)
        .putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt((int) crc.getValue())
        .putInt(data.length).putInt(data.length).putShort((short) nb.length).putShort((short) 0)
        .putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(0).putInt(offset);
    cd.writeBytes(ch.array());
    cd.writeBytes(nb);
    return 1;
  }

  /** A safetensors header of {@code n} F32 tensors, with its 8-byte length prefix and data. */
  static byte[] safetensors(int n) {
    StringBuilder h = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"}");
    long off = 0;
    for (int k = 0; k < n; k++) {
      h.append(",\"model.layers.").append(k).append(".weight\":{\"dtype\":\"F32\",\"shape\":[4,4],")
          .append("\"data_offsets\":[").append(off).append(',').append(off + 64).append("]}");
      off += 64;
    }
    h.append('}');
    while ((h.length() + 8) % 8 != 0) {
      h.append(' ');
    }
    byte[] json = h.toString().getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + json.length + (int) off).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(json.length).put(json);
    return b.array();
  }

  private static void global(ByteArrayOutputStream o, String module, String name) {
    o.write('c');
    o.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
  }

  private static void unicode(ByteArrayOutputStream o, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    o.write('X');
    o.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length).array());
    o.writeBytes(b);
  }

  private static void binint(ByteArrayOutputStream o, int v) {
    o.write('J');
    o.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
  }
}
