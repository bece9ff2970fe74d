package dev.modelgate.format.paddle;

import dev.modelgate.format.protobuf.ProtoReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A Paddle static-graph program ({@code .pdmodel}, {@code __model__}): {@code framework.proto}
 * ProgramDesc, blocks = 1 (BlockDesc: idx = 1, parent_idx = 2, vars = 3, ops = 4), version = 4.
 * The operators of every block are kept; variables are skipped.
 */
record ProgramDesc(int blocks, List<OpDesc> ops) {

  static ProgramDesc read(ProtoReader r) throws IOException {
    int blocks = 0;
    List<OpDesc> ops = new ArrayList<>();
    while (r.next()) {
      if (r.field() == 1) {
        block(r.message("blocks[" + blocks++ + "]"), ops);
      } else {
        r.skip();
      }
    }
    return new ProgramDesc(blocks, ops);
  }

  private static void block(ProtoReader b, List<OpDesc> ops) throws IOException {
    int n = 0;
    while (b.next()) {
      if (b.field() == 4) {
        String at = b.here();
        ops.add(OpDesc.read(b.message("ops[" + n++ + "]"), at));
      } else {
        b.skip();
      }
    }
  }
}
