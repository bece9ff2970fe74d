package dev.modelgate.server.store;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The same store tests against a real PostgreSQL server (see {@link Postgres}). */
class PostgresStoreTest extends StoreContract {
  private static Postgres pg;
  private static int n;

  @BeforeAll
  static void startServer() throws Exception {
    pg = Postgres.start();
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (pg != null) {
      pg.close();
    }
  }

  @Override
  String freshUrl() throws Exception {
    return pg.newDatabase("mg_test_" + (n++));
  }
}
