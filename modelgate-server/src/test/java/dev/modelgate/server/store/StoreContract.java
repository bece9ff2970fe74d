package dev.modelgate.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.server.store.TokenStore.Role;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store's behaviour, run against SQLite and a real PostgreSQL server by the subclasses. */
abstract class StoreContract {
  Database db;

  /** A JDBC URL of a new, empty database. */
  abstract String freshUrl() throws Exception;

  @BeforeEach
  void open() throws Exception {
    db = Database.open(freshUrl());
  }

  @AfterEach
  void close() {
    if (db != null) {
      db.close();
    }
  }

  @Test
  void migrationsRunOnceAndAreRecorded() throws Exception {
    String url = freshUrl();
    Database.open(url).close();
    try (Database again = Database.open(url)) {
      int v = again.read(c -> Sql.one(c, "SELECT MAX(version) FROM schema_version",
          r -> r.getInt(1)).orElseThrow());
      assertThat(v).isEqualTo(Migrations.LATEST);
    }
  }

  @Test
  void eventsArePagedNewestFirstAndFiltered() throws Exception {
    EventStore ev = new EventStore(db);
    for (int i = 0; i < 7; i++) {
      ev.append(Event.of(i % 2 == 0 ? "download" : "fetch").client("10.0.0." + i, "tok" + (i % 3))
          .file(i < 4 ? "acme/m" + i : "other/x", "main", "c".repeat(40), "f" + i)
          .verdict(i == 3 ? "malicious" : "clean", i == 3, i == 3 ? "bad" : null,
              i == 3 ? "[{\"rule\":\"r\"}]" : null).status(i == 3 ? 403 : 200).build());
    }
    EventStore.Page p1 = ev.query(EventStore.Query.latest(3));
    assertThat(p1.events()).extracting(Event::path).containsExactly("f6", "f5", "f4");
    EventStore.Page p2 = ev.query(new EventStore.Query(null, null, null, null, null, null, null,
        null, null, p1.next(), 3));
    assertThat(p2.events()).extracting(Event::path).containsExactly("f3", "f2", "f1");
    EventStore.Page p3 = ev.query(new EventStore.Query(null, null, null, null, null, null, null,
        null, null, p2.next(), 3));
    assertThat(p3.events()).extracting(Event::path).containsExactly("f0");
    assertThat(p3.next()).isNull();

    assertThat(ev.query(new EventStore.Query(null, "acme/*", null, null, null, null, null, null,
        null, null, 50)).events()).hasSize(4);
    assertThat(ev.query(new EventStore.Query("download", null, null, null, null, null, null, null,
        null, null, 50)).events()).hasSize(4);
    List<Event> blocked = ev.query(new EventStore.Query(null, null, null, null, true, null, null,
        null, null, null, 50)).events();
    assertThat(blocked).singleElement().satisfies(e -> {
      assertThat(e.verdict()).isEqualTo("malicious");
      assertThat(e.status()).isEqualTo(403);
      assertThat(e.findings()).contains("\"rule\"");
      assertThat(e.client()).isEqualTo("10.0.0.3");
      assertThat(e.tokenName()).isEqualTo("tok0");
    });
    assertThat(ev.query(new EventStore.Query(null, null, null, "clean", null, null, "tok1", null,
        null, null, 50)).events()).extracting(Event::path).containsExactly("f4", "f1");
  }

  @Test
  void theAuditLogIsAppendOnly() throws Exception {
    EventStore ev = new EventStore(db);
    long id = ev.append(Event.of("scan").detail("x").build());
    assertThatThrownBy(() -> db.write(c -> Sql.update(c, "UPDATE events SET detail = 'y' WHERE "
        + "id = ?", id))).isInstanceOf(SQLException.class).hasMessageContaining("append-only");
    assertThatThrownBy(() -> db.write(c -> Sql.update(c, "DELETE FROM events")))
        .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
    assertThat(ev.get(id).detail()).isEqualTo("x");
  }

  @Test
  void tokensAreStoredHashedAndCanBeRevoked() throws Exception {
    TokenStore t = new TokenStore(db);
    String secret = t.create("alice", Role.UPLOAD);
    assertThat(secret).startsWith("mgt_");
    String stored = db.read(c -> Sql.one(c, "SELECT hash FROM tokens WHERE name = 'alice'",
        r -> r.getString(1)).orElseThrow());
    assertThat(stored).isNotEqualTo(secret).doesNotContain(secret.substring(4));
    assertThat(t.find(secret)).get().satisfies(k -> {
      assertThat(k.name()).isEqualTo("alice");
      assertThat(k.role()).isEqualTo(Role.UPLOAD);
    });
    assertThat(t.find(secret + "x")).isEmpty();
    assertThatThrownBy(() -> t.create("alice", Role.READ)).hasMessageContaining("exists");
    assertThat(t.revoke("alice")).isTrue();
    assertThat(t.revoke("alice")).isFalse();
    assertThat(t.find(secret)).isEmpty();
    assertThat(t.list()).singleElement().satisfies(k -> assertThat(k.revokedAt()).isNotNull());
  }

  @Test
  void decisionsCarryReasonsAndCanBeRevoked() throws Exception {
    DecisionStore d = new DecisionStore(db);
    long r = d.release("acme/m", "c".repeat(40), "model.bin", "a".repeat(64), "false positive",
        "admin1");
    long a = d.allow("acme", "sklearn.*", "we use sklearn", "admin1");
    assertThat(d.list(true)).extracting(DecisionStore.Decision::id).containsExactly(a, r);
    assertThat(d.revoke(r, "not so sure", "admin2")).isTrue();
    assertThat(d.revoke(r, "again", "admin2")).isFalse();
    assertThat(d.list(true)).extracting(DecisionStore.Decision::id).containsExactly(a);
    DecisionStore.Decision rd = d.get(r);
    assertThat(rd.active()).isFalse();
    assertThat(rd.revokedBy()).isEqualTo("admin2");
    assertThat(rd.revokeReason()).isEqualTo("not so sure");
    assertThat(rd.reason()).isEqualTo("false positive");
  }

  @Test
  void countersAddUpPerHour() throws Exception {
    Counters c = new Counters(db);
    c.add("requests", 2);
    c.add("requests", 3);
    c.add("blocked", 1);
    c.flush();
    c.add("requests", 4);
    c.flush();
    List<Counters.Point> pts = c.range(0, Long.MAX_VALUE);
    assertThat(pts).extracting(Counters.Point::name, Counters.Point::value)
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("blocked", 1L),
            org.assertj.core.groups.Tuple.tuple("requests", 9L));
    assertThat(pts.get(0).bucket() % 3_600_000).isZero();
  }

  @Test
  void hubAnswersAndBlobsAreKept() throws Exception {
    HubStore h = new HubStore(db);
    String commit = "b".repeat(40);
    h.putRevision("acme/m", "main", commit, "{\"sha\":\"" + commit + "\"}");
    h.putRevision("acme/m", "main", commit, "{\"sha\":\"" + commit + "\",\"v\":2}");
    assertThat(h.revision("acme/m", "main")).get().satisfies(r -> {
      assertThat(r.commit()).isEqualTo(commit);
      assertThat(r.body()).contains("\"v\":2");
    });
    h.putTree("acme/m", commit, "[]");
    h.putTree("acme/m", commit, "[1]");
    assertThat(h.tree("acme/m", commit)).contains("[]");
    h.putFile("acme/m", commit, "a.bin", "e".repeat(64), 10);
    h.putFile("acme/m", commit, "b.bin", "e".repeat(64), 10);
    assertThat(h.file("acme/m", commit, "b.bin")).get().extracting(HubStore.FileBlob::sha256)
        .isEqualTo("e".repeat(64));
    assertThat(h.blobTotals()).containsExactly(1, 10);
    h.putScan("e".repeat(64), "k1", new HubStore.Scan("pickle", "malicious", "[]", 1));
    assertThat(h.scan("e".repeat(64), "k1")).get().extracting(HubStore.Scan::verdict)
        .isEqualTo("malicious");
    assertThat(h.scan("e".repeat(64), "k2")).isEmpty();
    h.putCheck("acme/m", commit, "s", new HubStore.Check(false, "no sig"));
    h.putCheck("acme/m", commit, "s", new HubStore.Check(true, "ok"));
    assertThat(h.check("acme/m", commit, "s")).contains(new HubStore.Check(true, "ok"));
  }
}
