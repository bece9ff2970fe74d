package dev.modelgate.format.torch;

import dev.modelgate.format.pickle.PickleDescription;
import dev.modelgate.format.pickle.PickleScanner;
import dev.modelgate.format.pickle.PickleValue;
import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.io.SourceReader;
import dev.modelgate.spi.FormatHandler;
import dev.modelgate.spi.ScanContext;
import dev.modelgate.spi.Sniff;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The legacy (pre-1.6, {@code _use_new_zipfile_serialization=False}) PyTorch format: five
 * pickles back to back (magic number, protocol version, sys_info, the object, the storage keys)
 * followed by each storage as an 8-byte element count and raw bytes. {@code torch.load} unpickles
 * all five, so a payload in any of them counts. Storage bytes are skipped, never read.
 */
public final class LegacyTorchHandler implements FormatHandler {
  static final BigInteger MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
  private static final byte[] MAGIC_LONG1 = {(byte) 0x8a, 0x0a, 0x6c, (byte) 0xfc, (byte) 0x9c,
      0x46, (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19};
  private static final byte[] MAGIC_TEXT = MAGIC.toString().getBytes(StandardCharsets.US_ASCII);
  private static final int SNIFF_WINDOW = 4096;
  private static final String[] SLOTS = {"magic", "protocol", "sys_info", "main", "storage_keys"};

  @Override
  public String format() {
    return "pytorch-legacy";
  }

  @Override
  public boolean detect(Sniff sniff) {
    byte[] h = sniff.head();
    // not only at offset 0: the magic pickle may run a payload before it returns the number
    return indexOf(h, MAGIC_LONG1, SNIFF_WINDOW) >= 0 || indexOf(h, MAGIC_TEXT, SNIFF_WINDOW) >= 0;
  }

  @Override
  public void scan(ScanContext ctx, ByteSource src) throws IOException {
    long pos = 0;
    PickleDescription[] d = new PickleDescription[SLOTS.length];
    for (int k = 0; k < SLOTS.length; k++) {
      d[k] = PickleScanner.analyseOne(ctx, src, pos, SLOTS[k]);
      if (!d[k].cleanEnd()) {
        return; // the break is reported; torch.load would stop here too
      }
      pos = d[k].end();
    }
    if (!(d[0].result() instanceof PickleValue.Int m) || !m.value().equals(MAGIC)) {
      ctx.invalid("pytorch-legacy.magic", "first pickle is not the torch magic number", "magic@0");
    }
    if (!(d[1].result() instanceof PickleValue.Int p) || p.value().intValue() != 1001) {
      ctx.invalid("pytorch-legacy.protocol", "protocol version is not 1001",
          "protocol@" + d[1].start());
    }
    List<LegacyStorages.Record> records = ctx.describing() ? new ArrayList<>() : null;
    storages(ctx, src, d[3], d[4], pos, records);
    TorchViews.check(ctx, d[3], "main", TorchStorages::parseLegacy);
    if (records != null) {
      ctx.describe(new TorchCheckpoint(TorchCheckpoint.Layout.LEGACY, d[3], "main",
          new LegacyStorages(src, d, records)));
    }
  }

  /**
   * Checks each storage record against its persistent id and the file size, skipping data;
   * where each record is goes to {@code records} when the scan is described (else null).
   */
  private static void storages(ScanContext ctx, ByteSource src, PickleDescription main,
      PickleDescription keys, long pos, @Nullable List<LegacyStorages.Record> records)
      throws IOException {
    Map<String, Integer> elementSize = new HashMap<>();
    for (PickleValue.PersistentRef ref : main.persistentIds()) {
      if (ref.pid() instanceof PickleValue.Tuple t && t.items().size() >= 5
          && t.items().get(1) instanceof PickleValue.Global g
          && t.items().get(2) instanceof PickleValue.Str key) {
        int size = TorchStorages.elementSize(g);
        if (size < 0) {
          throw new InvalidInputException("pytorch-legacy.storage-type", "unknown storage type "
              + g.qualified(), "main@" + ref.offset());
        }
        elementSize.put(key.text(), size);
      }
    }
    if (!(keys.result() instanceof PickleValue.ListV list)) {
      throw new InvalidInputException("pytorch-legacy.storage-keys",
          "storage keys pickle is not a list", "storage_keys@" + keys.start());
    }
    SourceReader in = new SourceReader(src, pos, "pytorch-legacy", "");
    for (PickleValue v : list.items()) {
      if (!(v instanceof PickleValue.Str key) || !elementSize.containsKey(key.text())) {
        throw new InvalidInputException("pytorch-legacy.storage-keys", "storage key "
            + v + " names no storage of the main pickle", "storage_keys@" + keys.start());
      }
      long at = in.position();
      long count = in.u64();
      int size = elementSize.get(key.text());
      if (count < 0 || count > in.remaining() / size) {
        throw new InvalidInputException("pytorch-legacy.storage-size", "storage '" + key.text()
            + "' declares " + Long.toUnsignedString(count) + " elements of " + size
            + " bytes but only " + in.remaining() + " bytes remain", "@" + at);
      }
      if (records != null) {
        records.add(new LegacyStorages.Record(at, count, in.position()));
      }
      in.skip(count * size);
    }
    if (!in.atEnd()) {
      ctx.suspicious("pytorch-legacy.trailing-data", in.remaining()
          + " bytes follow the last storage; torch.load ignores them", in.here(), "");
    }
  }

  private static int indexOf(byte[] hay, byte[] needle, int within) {
    for (int i = 0; i + needle.length <= hay.length && i <= within; i++) {
      if (java.util.Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    return -1;
  }

  static List<String> slots() {
    return List.of(SLOTS);
  }
}
