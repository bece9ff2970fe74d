package dev.modelgate.server.store;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;

/** Everything the gateway keeps: blobs on disk and the metadata database. */
public record Store(BlobStore blobs, Database db, HubStore hub, EventStore events,
    TokenStore tokens, DecisionStore decisions, Counters counters) implements AutoCloseable {

  /** Opens the blob store in {@code data} and the database at {@code jdbcUrl}. */
  public static Store open(Path data, String jdbcUrl) throws IOException, SQLException {
    BlobStore blobs = BlobStore.open(data);
    Database db = Database.open(jdbcUrl);
    return new Store(blobs, db, new HubStore(db), new EventStore(db), new TokenStore(db),
        new DecisionStore(db), new Counters(db));
  }

  /** Opens only the database (token management needs no blob store). */
  public static TokenStore tokensOnly(Database db) {
    return new TokenStore(db);
  }

  @Override
  public void close() {
    try {
      counters.flush();
    } catch (SQLException e) {
      // counters are statistics: losing the last seconds of them must not block shutdown
    }
    db.close();
  }
}
