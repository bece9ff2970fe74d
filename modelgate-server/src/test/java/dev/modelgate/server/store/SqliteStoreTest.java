package dev.modelgate.server.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest extends StoreContract {
  @TempDir
  Path dir;
  private int n;

  @Override
  String freshUrl() {
    return "jdbc:sqlite:" + dir.resolve("t" + (n++) + ".db");
  }
}
